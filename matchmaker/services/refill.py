"""Refilling freed slots: when a meeting is cancelled, declined or a no-show, whoever is left alone is
offered the best available partner for that slot; the first "yes" from both books a table.

A freed seat (:class:`FreedSeat`) keeps seeking until it is refilled, its owner says no, or the slot
starts. At most one offer per seat is open at a time; an offer expires after the event's minutes (or
when the slot starts, whichever is first), and the next candidate is asked. The booking is an ordinary
meeting (organiser-made kind, locked so re-planning keeps it), so the database's no-double-booking
indexes decide any race: an IntegrityError means the table or a person was taken meanwhile, the offer
fails and the seat seeks on. Never a meeting in a slot that has started.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.core.day import RefillChoice, rank_refill_partners
from matchmaker.db.models import (
    Attendee,
    Event,
    FreedSeat,
    Meeting,
    MeetingSource,
    OfferStatus,
    RefillOffer,
    SeatState,
    Slot,
    VenueTable,
)
from matchmaker.db.types import utcnow
from matchmaker.services.mail import send_mail
from matchmaker.services.meetings import LinkBuilder, notify_schedule_change
from matchmaker.services.refill_pool import BOOKED, load_pool
from matchmaker.services.schedule_problem import match_floor_of
from matchmaker.services.tokens import current_token
from matchmaker.services.translations import translations
from matchmaker.services.venue_time import babel_locale, day_and_time

OFFER_MAIL = "refill_offer"


class OfferError(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Answer:
    """What answering did: ``state`` is waiting (for the other side), booked, declined, taken (the
    table or a person went elsewhere), expired or closed (answered before)."""

    offer: RefillOffer
    state: str


def free_seats(session: Session, event: Event, meeting: Meeting, reason: str, people: list[int],
               now: datetime | None = None, link_for: LinkBuilder | None = None) -> list[FreedSeat]:
    """Record that ``people`` lost their partner in ``meeting``'s slot and ask a first candidate each;
    nothing when refill is off for the event or the slot has started."""
    now = now or utcnow()
    slot = session.get_one(Slot, meeting.slot_id)
    if not event.refill_enabled or slot.start <= now:
        return []
    seats = [FreedSeat(event_id=event.id, slot_id=slot.id, attendee_id=person, meeting_id=meeting.id,
                       reason=reason, freed_at=now) for person in people]
    session.add_all(seats)
    session.flush()
    for seat in seats:
        if seat.state == SeatState.SEEKING:  # may have been refilled by the previous seat's booking
            offer_next(session, event, seat, now, link_for)
    return seats


def _free_table(session: Session, event: Event, slot_id: int, preferred: int | None) -> int | None:
    taken = set(session.scalars(select(Meeting.table_id).where(
        Meeting.slot_id == slot_id, Meeting.status.in_(BOOKED))))
    tables = list(session.scalars(select(VenueTable.id).where(VenueTable.event_id == event.id)
                                  .order_by(VenueTable.position, VenueTable.id)))
    if preferred is not None and preferred not in taken and preferred in tables:
        return preferred
    return next((table for table in tables if table not in taken), None)


def choose(session: Session, event: Event, seat: FreedSeat,
           now: datetime) -> tuple[list[RefillChoice], float]:
    """The seat's eligible partners, best first, and the engine's time spent (milliseconds)."""
    began = time.perf_counter()
    slot = session.get_one(Slot, seat.slot_id)
    pool = load_pool(session, seat)
    choices = rank_refill_partners(pool.seeker, pool.people, pool.scores, match_floor_of(event),
                                   slot_started=slot.start <= now, not_again=pool.not_again,
                                   blocked=pool.blocked)
    if event.requested_meetings_only:
        choices = []  # suggested meetings are off at this event: nobody is suggested on the day either
    return choices, (time.perf_counter() - began) * 1000


def offer_next(session: Session, event: Event, seat: FreedSeat, now: datetime | None = None,
               link_for: LinkBuilder | None = None) -> RefillOffer | None:
    """Ask the seat's best eligible partner (both get a mail); None when nobody can be asked now.

    The seat gives up once the slot has started; with nobody eligible yet (people still arriving) it
    stays seeking and the next tick looks again. The seeker must be at the venue to be offered anyone.
    """
    now = now or utcnow()
    slot = session.get_one(Slot, seat.slot_id)
    if slot.start <= now or not event.refill_enabled:
        seat.state = SeatState.GAVE_UP
        session.flush()
        return None
    choices, spent = choose(session, event, seat, now)
    if choices:
        seat.had_candidate = True
    seeker = session.get_one(Attendee, seat.attendee_id)
    if not choices or seeker.checked_in_at is None:
        return None
    freed = session.get(Meeting, seat.meeting_id)
    if _free_table(session, event, slot.id, freed.table_id if freed else None) is None:
        return None
    expires = min(now + timedelta(minutes=event.refill_offer_minutes), slot.start)
    for choice in choices[:5]:
        offer = RefillOffer(event_id=event.id, seat_id=seat.id, slot_id=slot.id, seeker_id=seat.attendee_id,
                            candidate_id=choice.candidate, score=choice.score, created_at=now,
                            expires_at=expires, engine_ms=spent)
        try:
            with session.begin_nested():
                session.add(offer)
                session.flush()
        except IntegrityError:
            continue  # asked about this slot by another seat a moment ago: the next one
        _mail_offer(session, event, offer, slot, link_for)
        return offer
    return None


def _mail_offer(session: Session, event: Event, offer: RefillOffer, slot: Slot,
                link_for: LinkBuilder | None) -> None:
    for me_id, other_id in ((offer.seeker_id, offer.candidate_id), (offer.candidate_id, offer.seeker_id)):
        me, other = session.get_one(Attendee, me_id), session.get_one(Attendee, other_id)
        if not me.email:
            continue
        gettext = translations(me.locale).gettext
        when = day_and_time(slot.start, event.zone, babel_locale(me.locale))
        who = f"{other.name} ({other.company})" if other.company else other.name
        lines = [gettext("Hello %(name)s,") % {"name": me.name}, "",
                 gettext("a meeting slot has become free at %(time)s. Would you like to meet %(who)s then?")
                 % {"time": when, "who": who}, "",
                 gettext("Say yes or no on your agenda within %(minutes)d minutes; the meeting is booked "
                         "when you both say yes.") % {"minutes": event.refill_offer_minutes}]
        token = current_token(me) if link_for is not None else None
        if token and link_for is not None:
            lines += ["", link_for(token) + "/agenda"]
        send_mail(session, me.email, gettext("A free slot at %(event)s: meet %(who)s?")
                  % {"event": event.name, "who": other.name}, "\n".join(lines), event_id=event.id,
                  kind=OFFER_MAIL, secrets=(token,) if token else ())


def open_offers_for(session: Session, attendee: Attendee, now: datetime | None = None) -> list[RefillOffer]:
    """The attendee's refill offers still waiting for an answer, soonest slot first."""
    now = now or utcnow()
    return list(session.scalars(
        select(RefillOffer).join(Slot, Slot.id == RefillOffer.slot_id)
        .where(RefillOffer.status == OfferStatus.OPEN, RefillOffer.expires_at > now,
               (RefillOffer.seeker_id == attendee.id) | (RefillOffer.candidate_id == attendee.id))
        .order_by(Slot.start)))


def _close(offer: RefillOffer, status: OfferStatus, now: datetime) -> None:
    offer.status, offer.closed_at = status, now


def answer_offer(session: Session, attendee: Attendee, offer_id: int, yes: bool,
                 now: datetime | None = None, link_for: LinkBuilder | None = None) -> Answer:
    """Record the attendee's answer; books the table when both have said yes (flushes)."""
    now = now or utcnow()
    offer = session.scalar(select(RefillOffer).where(RefillOffer.id == offer_id).with_for_update())
    if offer is None or offer.side_of(attendee.id) is None:
        raise OfferError("not_yours")
    session.refresh(offer)  # the other side may have answered a moment ago
    if offer.status != OfferStatus.OPEN:
        return Answer(offer, "booked" if offer.status == OfferStatus.BOOKED else "closed")
    event = session.get_one(Event, offer.event_id)
    seat = session.get_one(FreedSeat, offer.seat_id)
    if now >= offer.expires_at:
        _close(offer, OfferStatus.EXPIRED, now)
        offer_next(session, event, seat, now, link_for)
        return Answer(offer, "expired")
    side = offer.side_of(attendee.id)
    if not yes:
        _close(offer, OfferStatus.DECLINED, now)
        if side == "seeker":
            seat.state = SeatState.GAVE_UP
        session.flush()
        if side != "seeker":
            offer_next(session, event, seat, now, link_for)
        return Answer(offer, "declined")
    if side == "seeker":
        offer.seeker_yes_at = offer.seeker_yes_at or now
    else:
        offer.candidate_yes_at = offer.candidate_yes_at or now
    session.flush()
    if offer.seeker_yes_at is None or offer.candidate_yes_at is None:
        return Answer(offer, "waiting")
    return Answer(offer, _book(session, event, offer, seat, now, link_for))


def _book(session: Session, event: Event, offer: RefillOffer, seat: FreedSeat, now: datetime,
          link_for: LinkBuilder | None) -> str:
    slot = session.get_one(Slot, offer.slot_id)
    if slot.start <= now:
        _close(offer, OfferStatus.EXPIRED, now)
        seat.state = SeatState.GAVE_UP
        session.flush()
        return "expired"
    freed = session.get(Meeting, seat.meeting_id)
    table = _free_table(session, event, slot.id, freed.table_id if freed else None)
    meeting = None
    if table is not None:
        meeting = Meeting.between(offer.seeker_id, offer.candidate_id, event_id=event.id, slot_id=slot.id,
                                  table_id=table, source=MeetingSource.MANUAL, locked=True,
                                  score=min(1.0, max(0.0, offer.score)), created_at=now)
        try:
            with session.begin_nested():
                session.add(meeting)
                session.flush()
        except IntegrityError:
            meeting = None  # a table or a person was taken between the check and the insert
    if meeting is None:
        _close(offer, OfferStatus.FAILED, now)
        session.flush()
        offer_next(session, event, seat, now, link_for)
        return "taken"
    _close(offer, OfferStatus.BOOKED, now)
    offer.meeting_id = meeting.id
    for other_seat in session.scalars(select(FreedSeat).where(
            FreedSeat.slot_id == slot.id, FreedSeat.state == SeatState.SEEKING,
            FreedSeat.attendee_id.in_([offer.seeker_id, offer.candidate_id]))):
        other_seat.state, other_seat.refilled_at = SeatState.REFILLED, now
        other_seat.had_candidate = True  # a candidate's own seat, refilled before it was offered anyone
    for stale in session.scalars(select(RefillOffer).where(
            RefillOffer.slot_id == slot.id, RefillOffer.status == OfferStatus.OPEN,
            RefillOffer.id != offer.id,
            RefillOffer.seeker_id.in_([offer.seeker_id, offer.candidate_id])
            | RefillOffer.candidate_id.in_([offer.seeker_id, offer.candidate_id]))):
        _close(stale, OfferStatus.EXPIRED, now)  # the other seat seeks on at the next tick
    session.flush()
    notify_schedule_change(session, event, [offer.seeker_id, offer.candidate_id], link_for)
    return "booked"


def expire_offers(session: Session, event: Event, now: datetime | None = None,
                  link_for: LinkBuilder | None = None) -> int:
    """Close the event's offers whose time is up and ask the next candidates; how many expired."""
    now = now or utcnow()
    overdue = list(session.scalars(select(RefillOffer).where(
        RefillOffer.event_id == event.id, RefillOffer.status == OfferStatus.OPEN,
        RefillOffer.expires_at <= now).order_by(RefillOffer.id)))
    for offer in overdue:
        _close(offer, OfferStatus.EXPIRED, now)
    session.flush()
    return len(overdue)


def seek_again(session: Session, event: Event, now: datetime | None = None,
               link_for: LinkBuilder | None = None) -> int:
    """Ask a candidate for every seeking seat without an open offer (after an expiry or a failed booking,
    or now that more people have checked in); seats whose slot started give up. How many were asked."""
    now = now or utcnow()
    waiting = set(session.scalars(select(RefillOffer.seat_id).where(
        RefillOffer.event_id == event.id, RefillOffer.status == OfferStatus.OPEN)))
    asked = 0
    seats = session.scalars(select(FreedSeat).where(
        FreedSeat.event_id == event.id, FreedSeat.state == SeatState.SEEKING).order_by(FreedSeat.freed_at,
                                                                                        FreedSeat.id)).all()
    for seat in seats:
        if seat.id in waiting or seat.state != SeatState.SEEKING:
            continue
        if offer_next(session, event, seat, now, link_for) is not None:
            asked += 1
    return asked


def refills_of(session: Session, event: Event) -> list[RefillOffer]:
    """Every refill offer of the event, newest first (the organiser's live view)."""
    return list(session.scalars(select(RefillOffer).where(RefillOffer.event_id == event.id)
                                .order_by(RefillOffer.created_at.desc(), RefillOffer.id.desc())))


