"""Refilling freed slots: when a meeting is cancelled, declined or a no-show, whoever is left alone is
offered the best available partners for that slot; the first pair where both said "yes" books a table.

A freed seat (:class:`FreedSeat`) keeps seeking until it is refilled, its owner says no to everyone
offered, or the slot starts. Its best eligible candidates, as many as the event's fan-out
(``Event.refill_fan_out``, default 3), are asked at once (a slow or silent candidate no longer holds the
seat up); the first candidate whose "yes" completes both sides books the table and the seat's other
offers are withdrawn (shown to those asked as "taken"). An offer expires
after the event's minutes (or when the slot starts, whichever is first); a decline, an expiry or a
failed booking asks the next candidate at once. Someone is asked about one seat per slot at a time.

Silence is not a no: a partner whose offer for the seat expired unanswered (or was withdrawn, or failed)
may be asked once more for it, after as long again as an offer stays open and after everyone not yet
asked (:func:`matchmaker.core.day.asked_before`); one who said yes to an offer that expired because the
one left alone had not answered is asked again at once, first, when that person gives the standing yes.
Whoever said no, or was said no to, is never asked again for the seat.

The one left alone may answer once, for the seat, "find me another partner for this slot"
(:func:`answer_seat`): that standing yes is their yes to every partner asked for it, those already asked
and those asked later, so each offer then waits only for the partner's yes (the first such yes books).
Without it they answer each offer as before; "no, keep it free" stops the seat seeking.

A seat with nobody to ask waits, and is looked at again as soon as something may have given it a partner,
not only at the next tick: someone checking in (:func:`offer_newcomer`: the seats of those scored with
them, and their own), and a person of that slot becoming free (a cancellation, a no-show, an offer
declined or withdrawn: :func:`seek_in_slot`).

The booking is an ordinary meeting (organiser-made kind, locked so re-planning keeps it), so the
database's no-double-booking indexes decide any race: an IntegrityError means the table or a person
was taken meanwhile, the offer fails and the seat seeks on. Everything that changes a slot's seats and
offers first takes that slot's row lock (:func:`lock_slot`; the tick takes its event's slots in id
order), so two answers for competing offers of one seat are decided one after the other, never in a
deadlock. Never a meeting in a slot that has started.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.core import day as day_rules
from matchmaker.core.day import RefillChoice, rank_refill_partners
from matchmaker.db.models import (
    Attendee,
    Event,
    FreedSeat,
    Meeting,
    MeetingSource,
    OfferStatus,
    Recommendation,
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
# Offers one partner may get for one seat (1: never asked again; the benchmark's old behaviour).
ASKS_PER_PARTNER = day_rules.ASKS_PER_PARTNER


class OfferError(ValueError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Answer:
    """What answering did: ``state`` is waiting (for the other side), booked, declined, taken (the
    table or a person went elsewhere, or another candidate booked the seat first), expired or closed
    (answered before)."""

    offer: RefillOffer
    state: str


@dataclass(frozen=True)
class SeatAnswer:
    """What the seat's standing answer did: ``state`` is standing (looking, each partner's yes books),
    booked (a partner had already said yes), declined (the seat stops seeking), closed (refilled or
    given up before) or expired (the slot has started)."""

    seat: FreedSeat
    state: str


def lock_slot(session: Session, slot_id: int) -> None:
    """Hold the slot's row until the transaction ends: changes to one slot's seats and offers happen one
    after the other (PostgreSQL; SQLite has one writer anyway). ``FOR NO KEY UPDATE`` leaves inserts of
    rows that point at the slot (meetings, offers) free to go on."""
    session.execute(select(Slot.id).where(Slot.id == slot_id).with_for_update(key_share=True))


def lock_slots(session: Session, event: Event, now: datetime) -> None:
    """The tick's locks: every slot of the event not yet over, in id order (so never a deadlock with
    a request holding one of them)."""
    session.execute(
        select(Slot.id)
        .where(Slot.event_id == event.id, Slot.end > now)
        .order_by(Slot.id)
        .with_for_update(key_share=True)
    )


def free_seats(
    session: Session,
    event: Event,
    meeting: Meeting,
    reason: str,
    people: list[int],
    now: datetime | None = None,
    link_for: LinkBuilder | None = None,
) -> list[FreedSeat]:
    """Record that ``people`` lost their partner in ``meeting``'s slot and ask the first candidates of
    each; nothing when refill is off for the event or the slot has started."""
    now = now or utcnow()
    slot = session.get_one(Slot, meeting.slot_id)
    if not event.refill_enabled or slot.start <= now:
        return []
    lock_slot(session, slot.id)
    seats = [
        FreedSeat(
            event_id=event.id,
            slot_id=slot.id,
            attendee_id=person,
            meeting_id=meeting.id,
            reason=reason,
            freed_at=now,
        )
        for person in people
    ]
    session.add_all(seats)
    session.flush()
    for seat in seats:
        if seat.state == SeatState.SEEKING:  # may have been refilled by the previous seat's booking
            offer_next(session, event, seat, now, link_for)
    # Those left alone are free in the slot now: seats already waiting there may ask them.
    seek_in_slot(session, event, slot.id, set(people), now, link_for, skip={seat.id for seat in seats})
    return seats


def seek_in_slot(
    session: Session,
    event: Event,
    slot_id: int,
    freed: set[int],
    now: datetime,
    link_for: LinkBuilder | None = None,
    skip: set[int] | frozenset[int] = frozenset(),
) -> int:
    """``freed`` became free to be asked in the slot (their meeting went, or an offer to them closed):
    the slot's seeking seats of people scored with them that could use another offer ask again at once,
    oldest first, instead of waiting for the tick. How many offers were made."""
    if not freed or not event.refill_enabled:
        return 0
    slot = session.get_one(Slot, slot_id)
    if slot.start <= now:
        return 0
    lock_slot(session, slot_id)
    partners = (
        select(Recommendation.attendee_id)
        .where(Recommendation.candidate_id.in_(freed))
        .union(select(Recommendation.candidate_id).where(Recommendation.attendee_id.in_(freed)))
    )
    seats = session.scalars(
        select(FreedSeat)
        .where(
            FreedSeat.slot_id == slot_id,
            FreedSeat.state == SeatState.SEEKING,
            FreedSeat.attendee_id.in_(partners),
            FreedSeat.attendee_id.not_in(freed),
        )
        .order_by(FreedSeat.freed_at, FreedSeat.id)
    ).all()
    made = 0
    for seat in seats:
        if seat.id in skip or seat.state != SeatState.SEEKING:
            continue
        if _open_count(session, seat) < event.refill_fan_out:
            made += len(offer_next(session, event, seat, now, link_for))
    return made


def _free_table(session: Session, event: Event, slot_id: int, preferred: int | None) -> int | None:
    taken = set(
        session.scalars(
            select(Meeting.table_id).where(Meeting.slot_id == slot_id, Meeting.status.in_(BOOKED))
        )
    )
    tables = list(
        session.scalars(
            select(VenueTable.id)
            .where(VenueTable.event_id == event.id)
            .order_by(VenueTable.position, VenueTable.id)
        )
    )
    if preferred is not None and preferred not in taken and preferred in tables:
        return preferred
    return next((table for table in tables if table not in taken), None)


def choose(
    session: Session, event: Event, seat: FreedSeat, now: datetime
) -> tuple[list[RefillChoice], float]:
    """The seat's eligible partners, best first, and the engine's time spent (milliseconds)."""
    began = time.perf_counter()
    slot = session.get_one(Slot, seat.slot_id)
    pool = load_pool(session, seat, now, timedelta(minutes=event.refill_offer_minutes), asks=ASKS_PER_PARTNER)
    choices = rank_refill_partners(
        pool.seeker,
        pool.people,
        pool.scores,
        match_floor_of(event),
        slot_started=slot.start <= now,
        not_again=pool.not_again,
        blocked=pool.blocked,
        first=pool.first,
        last=pool.last,
    )
    if event.requested_meetings_only:
        choices = []  # suggested meetings are off at this event: nobody is suggested on the day either
    return choices, (time.perf_counter() - began) * 1000


def _open_count(session: Session, seat: FreedSeat) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(RefillOffer)
            .where(RefillOffer.seat_id == seat.id, RefillOffer.status == OfferStatus.OPEN)
        )
        or 0
    )


def seeker_can_be_asked(event: Event, seeker: Attendee, slot: Slot, now: datetime) -> bool:
    """At the venue, or still in time to arrive: a refill booked before the no-show deadline is judged
    by the ordinary rule (checked in by then), one booked later at its booking."""
    return seeker.checked_in_at is not None or now < slot.start - timedelta(minutes=event.no_show_minutes)


def offer_next(
    session: Session,
    event: Event,
    seat: FreedSeat,
    now: datetime | None = None,
    link_for: LinkBuilder | None = None,
) -> list[RefillOffer]:
    """Ask the seat's best eligible partners until the event's fan-out of offers are open (each asked
    and the seeker get a mail); the offers made, none when nobody can be asked now.

    The seat gives up once the slot has started; with nobody eligible yet (people still arriving) it
    stays seeking and the next tick looks again.
    """
    now = now or utcnow()
    slot = session.get_one(Slot, seat.slot_id)
    if slot.start <= now or not event.refill_enabled:
        seat.state = SeatState.GAVE_UP
        session.flush()
        return []
    lock_slot(session, slot.id)
    wanted = event.refill_fan_out - _open_count(session, seat)
    if wanted <= 0:
        return []
    choices, spent = choose(session, event, seat, now)
    if choices:
        seat.had_candidate = True
    seeker = session.get_one(Attendee, seat.attendee_id)
    if not choices or not seeker_can_be_asked(event, seeker, slot, now):
        return []
    freed = session.get(Meeting, seat.meeting_id)
    if _free_table(session, event, slot.id, freed.table_id if freed else None) is None:
        return []
    expires = min(now + timedelta(minutes=event.refill_offer_minutes), slot.start)
    made: list[RefillOffer] = []
    for choice in choices[: wanted + 5]:
        if len(made) == wanted:
            break
        offer = RefillOffer(
            event_id=event.id,
            seat_id=seat.id,
            slot_id=slot.id,
            seeker_id=seat.attendee_id,
            candidate_id=choice.candidate,
            score=choice.score,
            created_at=now,
            expires_at=expires,
            engine_ms=spent,
            seeker_yes_at=seat.consent_at,  # their standing yes, if they gave it, is their yes
        )
        try:
            with session.begin_nested():
                session.add(offer)
                session.flush()
        except IntegrityError:
            continue  # asked about this slot by another seat a moment ago: the next one
        made.append(offer)
    for offer in made:
        offer.engine_ms = spent / len(made)  # one choice for the batch: a seat's offers add up to it
    _mail_offers(session, event, seat, made, slot, link_for)
    session.flush()
    return made


def _who(person: Attendee) -> str:
    return f"{person.name} ({person.company})" if person.company else person.name


def _mail_offers(
    session: Session,
    event: Event,
    seat: FreedSeat,
    offers: list[RefillOffer],
    slot: Slot,
    link_for: LinkBuilder | None,
) -> None:
    """Each candidate gets a mail about their offer; the seeker one mail naming everyone asked (only
    telling them, when their standing yes already answers for them)."""
    if not offers:
        return
    seeker = session.get_one(Attendee, offers[0].seeker_id)
    candidates = [session.get_one(Attendee, offer.candidate_id) for offer in offers]
    for candidate in candidates:
        _send(session, event, candidate, seeker, slot, link_for)
    if seat.consent_at is not None:
        if seeker.email:
            _send_standing(session, event, seeker, candidates, slot, link_for)
    elif len(candidates) == 1:
        _send(session, event, seeker, candidates[0], slot, link_for, seeker_side=True)
    elif seeker.email:
        gettext = translations(seeker.locale).gettext
        when = day_and_time(slot.start, event.zone, babel_locale(seeker.locale))
        lines = [
            gettext("Hello %(name)s,") % {"name": seeker.name},
            "",
            gettext(
                "a meeting slot has become free at %(time)s. We have asked these people whether "
                "they would like to meet you then:"
            )
            % {"time": when},
            "",
        ]
        lines += [f"- {_who(candidate)}" for candidate in candidates]
        lines += [
            "",
            gettext(
                "Say yes on your agenda to those you would like to meet, within %(minutes)d "
                "minutes; the first of them who says yes too meets you."
            )
            % {"minutes": event.refill_offer_minutes},
            "",
            _find_anyone(gettext),
        ]
        _send_to(
            session,
            event,
            seeker,
            lines,
            gettext("A free slot at %(event)s: %(count)d people to meet")
            % {"event": event.name, "count": len(candidates)},
            link_for,
        )


def _find_anyone(gettext: Callable[[str], str]) -> str:
    return gettext(
        'Or say "Find me another partner" on your agenda: then the first suitable person who says yes '
        "meets you, without asking you again."
    )


def _send_standing(
    session: Session,
    event: Event,
    seeker: Attendee,
    candidates: list[Attendee],
    slot: Slot,
    link_for: LinkBuilder | None,
) -> None:
    """The seeker who asked to be found a partner learns whom we asked (their yes stands for them)."""
    gettext = translations(seeker.locale).gettext
    when = day_and_time(slot.start, event.zone, babel_locale(seeker.locale))
    lines = [
        gettext("Hello %(name)s,") % {"name": seeker.name},
        "",
        gettext(
            "you asked us to find you another partner at %(time)s. We have asked these people; the "
            "first of them who says yes meets you, and the meeting appears in your agenda:"
        )
        % {"time": when},
        "",
    ]
    lines += [f"- {_who(candidate)}" for candidate in candidates]
    _send_to(
        session,
        event,
        seeker,
        lines,
        gettext("A partner for your free slot at %(event)s: we have asked %(count)d people")
        % {"event": event.name, "count": len(candidates)},
        link_for,
    )


def _send(
    session: Session,
    event: Event,
    me: Attendee,
    other: Attendee,
    slot: Slot,
    link_for: LinkBuilder | None,
    seeker_side: bool = False,
) -> None:
    if not me.email:
        return
    gettext = translations(me.locale).gettext
    when = day_and_time(slot.start, event.zone, babel_locale(me.locale))
    lines = [
        gettext("Hello %(name)s,") % {"name": me.name},
        "",
        gettext("a meeting slot has become free at %(time)s. Would you like to meet %(who)s then?")
        % {"time": when, "who": _who(other)},
        "",
        gettext(
            "Say yes or no on your agenda within %(minutes)d minutes; the meeting is booked "
            "when you both say yes."
        )
        % {"minutes": event.refill_offer_minutes},
    ]
    if seeker_side:
        lines += ["", _find_anyone(gettext)]
    _send_to(
        session,
        event,
        me,
        lines,
        gettext("A free slot at %(event)s: meet %(who)s?") % {"event": event.name, "who": other.name},
        link_for,
    )


def _send_to(
    session: Session, event: Event, me: Attendee, lines: list[str], subject: str, link_for: LinkBuilder | None
) -> None:
    assert me.email is not None
    token = current_token(me) if link_for is not None else None
    if token and link_for is not None:
        lines += ["", link_for(token) + "/agenda"]
    send_mail(
        session,
        me.email,
        subject,
        "\n".join(lines),
        event_id=event.id,
        kind=OFFER_MAIL,
        secrets=(token,) if token else (),
    )


def open_offers_for(session: Session, attendee: Attendee, now: datetime | None = None) -> list[RefillOffer]:
    """The attendee's refill offers still waiting for an answer, soonest slot first."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(RefillOffer)
            .join(Slot, Slot.id == RefillOffer.slot_id)
            .where(
                RefillOffer.status == OfferStatus.OPEN,
                RefillOffer.expires_at > now,
                (RefillOffer.seeker_id == attendee.id) | (RefillOffer.candidate_id == attendee.id),
            )
            .order_by(Slot.start)
        )
    )


def _close(offer: RefillOffer, status: OfferStatus, now: datetime) -> None:
    offer.status, offer.closed_at = status, now


_CLOSED_STATES = {
    OfferStatus.BOOKED: "booked",
    OfferStatus.WITHDRAWN: "taken",
    OfferStatus.FAILED: "taken",
}


def answer_offer(
    session: Session,
    attendee: Attendee,
    offer_id: int,
    yes: bool,
    now: datetime | None = None,
    link_for: LinkBuilder | None = None,
) -> Answer:
    """Record the attendee's answer; books the table when both have said yes (flushes).

    The seeker's "no" turns down that partner; once the seeker has turned down everyone offered (and
    has not asked for another partner, :func:`answer_seat`), the seat stops seeking. A candidate's "no"
    asks the next candidate at once.
    """
    now = now or utcnow()
    offer = session.get(RefillOffer, offer_id)
    if offer is None or offer.side_of(attendee.id) is None:
        raise OfferError("not_yours")
    lock_slot(session, offer.slot_id)
    session.refresh(offer)  # another answer may have changed it a moment ago
    if offer.status != OfferStatus.OPEN:
        return Answer(offer, _CLOSED_STATES.get(OfferStatus(offer.status), "closed"))
    event = session.get_one(Event, offer.event_id)
    seat = session.get_one(FreedSeat, offer.seat_id)
    session.refresh(seat)
    if now >= offer.expires_at:
        _close(offer, OfferStatus.EXPIRED, now)
        session.flush()
        offer_next(session, event, seat, now, link_for)
        seek_in_slot(session, event, offer.slot_id, {offer.candidate_id}, now, link_for)
        return Answer(offer, "expired")
    side = offer.side_of(attendee.id)
    if not yes:
        _close(offer, OfferStatus.DECLINED, now)
        session.flush()
        if side == "seeker" and seat.consent_at is None and _open_count(session, seat) == 0:
            seat.state = SeatState.GAVE_UP
            session.flush()
        else:
            offer_next(session, event, seat, now, link_for)
        # The one asked is free again to be asked about the slot by its other seats.
        seek_in_slot(session, event, offer.slot_id, {offer.candidate_id}, now, link_for)
        return Answer(offer, "declined")
    if side == "seeker":
        offer.seeker_yes_at = offer.seeker_yes_at or now
    else:
        offer.candidate_yes_at = offer.candidate_yes_at or now
    session.flush()
    if offer.seeker_yes_at is None or offer.candidate_yes_at is None:
        return Answer(offer, "waiting")
    return Answer(offer, _book(session, event, offer, seat, now, link_for))


def seeking_seats_of(session: Session, attendee: Attendee, now: datetime | None = None) -> list[FreedSeat]:
    """The attendee's freed seats still seeking a partner, in slots not started, soonest first."""
    now = now or utcnow()
    return list(
        session.scalars(
            select(FreedSeat)
            .join(Slot, Slot.id == FreedSeat.slot_id)
            .where(
                FreedSeat.attendee_id == attendee.id,
                FreedSeat.state == SeatState.SEEKING,
                Slot.start > now,
            )
            .order_by(Slot.start, FreedSeat.id)
        )
    )


def answer_seat(
    session: Session,
    attendee: Attendee,
    seat_id: int,
    yes: bool,
    now: datetime | None = None,
    link_for: LinkBuilder | None = None,
) -> SeatAnswer:
    """The one left alone answers, once for the seat, "find me another partner for this slot" (flushes).

    Yes is their standing yes: it is written as their yes on the seat's open offers (the first partner
    who already said yes is booked at once, under the meetings' no-double-booking indexes) and on every
    offer made for the seat later; a partner who said yes to an offer of the seat that expired meanwhile
    is asked again at once, ahead of the others. No withdraws the seat's open offers and stops it
    seeking."""
    now = now or utcnow()
    seat = session.get(FreedSeat, seat_id)
    if seat is None or seat.attendee_id != attendee.id:
        raise OfferError("not_yours")
    lock_slot(session, seat.slot_id)
    session.refresh(seat)  # another answer may have changed it a moment ago
    if seat.state != SeatState.SEEKING:
        return SeatAnswer(seat, "closed")
    event = session.get_one(Event, seat.event_id)
    slot = session.get_one(Slot, seat.slot_id)
    open_offers = list(
        session.scalars(
            select(RefillOffer)
            .where(RefillOffer.seat_id == seat.id, RefillOffer.status == OfferStatus.OPEN)
            .order_by(RefillOffer.id)
        )
    )
    if slot.start <= now or not event.refill_enabled:
        # Too late, or the organisers switched refill off since: nobody is looked for any more.
        seat.state = SeatState.GAVE_UP
        for offer in open_offers:
            _close(offer, OfferStatus.EXPIRED, now)  # shown as expired, not as "taken"
        session.flush()
        return SeatAnswer(seat, "expired" if slot.start <= now else "closed")
    if not yes:
        seat.state = SeatState.GAVE_UP
        for offer in open_offers:
            _close(offer, OfferStatus.DECLINED, now)
        session.flush()
        seek_in_slot(session, event, slot.id, {offer.candidate_id for offer in open_offers}, now, link_for)
        return SeatAnswer(seat, "declined")
    seat.consent_at = seat.consent_at or now
    for offer in open_offers:
        if offer.expires_at > now:
            offer.seeker_yes_at = offer.seeker_yes_at or now
    session.flush()
    # A partner who has said yes already meets them now: the earliest yes first.
    ready = sorted(
        (o for o in open_offers if o.expires_at > now and o.candidate_yes_at is not None),
        key=lambda o: (o.candidate_yes_at or now, o.id),
    )
    for offer in ready:
        session.refresh(offer)
        if offer.status == OfferStatus.OPEN and _book(session, event, offer, seat, now, link_for) == "booked":
            return SeatAnswer(seat, "booked")
        if seat.state != SeatState.SEEKING:
            break
    if seat.state == SeatState.SEEKING:
        offer_next(session, event, seat, now, link_for)  # room for more offers: ask them now
    return SeatAnswer(seat, "booked" if seat.state == SeatState.REFILLED else "standing")


def _book(
    session: Session,
    event: Event,
    offer: RefillOffer,
    seat: FreedSeat,
    now: datetime,
    link_for: LinkBuilder | None,
) -> str:
    slot = session.get_one(Slot, offer.slot_id)
    if slot.start <= now:
        _close(offer, OfferStatus.EXPIRED, now)
        seat.state = SeatState.GAVE_UP
        session.flush()
        return "expired"
    if seat.state != SeatState.SEEKING:  # refilled meanwhile (as someone else's candidate)
        _close(offer, OfferStatus.WITHDRAWN, now)
        session.flush()
        return "taken"
    freed = session.get(Meeting, seat.meeting_id)
    table = _free_table(session, event, slot.id, freed.table_id if freed else None)
    meeting = None
    if table is not None:
        meeting = Meeting.between(
            offer.seeker_id,
            offer.candidate_id,
            event_id=event.id,
            slot_id=slot.id,
            table_id=table,
            source=MeetingSource.MANUAL,
            locked=True,
            score=min(1.0, max(0.0, offer.score)),
            created_at=now,
        )
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
        seek_in_slot(session, event, slot.id, {offer.candidate_id}, now, link_for)
        return "taken"
    _close(offer, OfferStatus.BOOKED, now)
    offer.meeting_id = meeting.id
    pair = [offer.seeker_id, offer.candidate_id]
    for other_seat in session.scalars(
        select(FreedSeat).where(
            FreedSeat.slot_id == slot.id,
            FreedSeat.state == SeatState.SEEKING,
            FreedSeat.attendee_id.in_(pair),
        )
    ):
        other_seat.state, other_seat.refilled_at = SeatState.REFILLED, now
        other_seat.had_candidate = True  # a candidate's own seat, refilled before it was offered anyone
    others = list(
        session.scalars(
            select(RefillOffer).where(
                RefillOffer.slot_id == slot.id,
                RefillOffer.status == OfferStatus.OPEN,
                RefillOffer.seeker_id.in_(pair) | RefillOffer.candidate_id.in_(pair),
            )
        )
    )
    for other in others:
        _close(other, OfferStatus.WITHDRAWN, now)
    session.flush()
    # Seats that lost a candidate to this booking ask their next one at once.
    for seat_id in sorted({other.seat_id for other in others}):
        waiting = session.get_one(FreedSeat, seat_id)
        if waiting.state == SeatState.SEEKING:
            offer_next(session, event, waiting, now, link_for)
    # Those whose withdrawn offers held them are free to be asked by the slot's other seats.
    released = {person for other in others for person in (other.seeker_id, other.candidate_id)}
    seek_in_slot(session, event, slot.id, released - set(pair), now, link_for)
    notify_schedule_change(session, event, pair, link_for)
    return "booked"


def expire_offers(
    session: Session, event: Event, now: datetime | None = None, link_for: LinkBuilder | None = None
) -> int:
    """Close the event's offers whose time is up (:func:`seek_again` asks the next candidates); how many
    expired."""
    now = now or utcnow()
    overdue = list(
        session.scalars(
            select(RefillOffer)
            .where(
                RefillOffer.event_id == event.id,
                RefillOffer.status == OfferStatus.OPEN,
                RefillOffer.expires_at <= now,
            )
            .order_by(RefillOffer.id)
        )
    )
    for offer in overdue:
        _close(offer, OfferStatus.EXPIRED, now)
    session.flush()
    return len(overdue)


def seek_again(
    session: Session, event: Event, now: datetime | None = None, link_for: LinkBuilder | None = None
) -> int:
    """Ask more candidates for the seeking seats that could use them: seats with no open offer (nobody
    was eligible yet, or every offer closed), and seats with fewer than the fan-out's open offers one
    of which closed since they last asked (an expiry). Seats whose slot started give up. How many offers
    were made."""
    now = now or utcnow()
    stats = {
        seat_id: (int(open_count or 0), asked_at, closed_at)
        for seat_id, open_count, asked_at, closed_at in session.execute(
            select(
                RefillOffer.seat_id,
                func.sum(case((RefillOffer.status == OfferStatus.OPEN, 1), else_=0)),
                func.max(RefillOffer.created_at),
                func.max(RefillOffer.closed_at),
            )
            .where(RefillOffer.event_id == event.id)
            .group_by(RefillOffer.seat_id)
        )
    }
    asked = 0
    seats = session.scalars(
        select(FreedSeat)
        .where(FreedSeat.event_id == event.id, FreedSeat.state == SeatState.SEEKING)
        .order_by(FreedSeat.freed_at, FreedSeat.id)
    ).all()
    for seat in seats:
        open_count, asked_at, closed_at = stats.get(seat.id, (0, None, None))
        if seat.state != SeatState.SEEKING or open_count >= event.refill_fan_out:
            continue
        if open_count and (closed_at is None or asked_at is None or closed_at < asked_at):
            continue  # nothing closed since it last asked: its pool had nobody more then
        asked += len(offer_next(session, event, seat, now, link_for))
    return asked


def offer_newcomer(
    session: Session, attendee: Attendee, now: datetime, link_for: LinkBuilder | None = None
) -> int:
    """``attendee`` just checked in: the seeking seats of people scored with them, in slots not started,
    ask their candidates again at once (the newcomer among them), and so do the newcomer's own seats
    (past the no-show deadline they could not be asked before arriving). How many offers were made."""
    event = session.get_one(Event, attendee.event_id)
    if not event.refill_enabled:
        return 0
    partners = (
        select(Recommendation.attendee_id)
        .where(Recommendation.candidate_id == attendee.id)
        .union(select(Recommendation.candidate_id).where(Recommendation.attendee_id == attendee.id))
    )
    seats = session.scalars(
        select(FreedSeat)
        .join(Slot, Slot.id == FreedSeat.slot_id)
        .where(
            FreedSeat.event_id == event.id,
            FreedSeat.state == SeatState.SEEKING,
            Slot.start > now,
            FreedSeat.attendee_id.in_(partners) | (FreedSeat.attendee_id == attendee.id),
        )
        .order_by(Slot.start, FreedSeat.id)
    ).all()
    for slot_id in sorted({seat.slot_id for seat in seats}):
        lock_slot(session, slot_id)  # in id order, as the tick takes them
    return sum(
        len(offer_next(session, event, seat, now, link_for))
        for seat in seats
        if seat.state == SeatState.SEEKING  # not refilled by an earlier one's booking
    )


def stop_seeking(session: Session, meeting: Meeting, now: datetime | None = None) -> None:
    """The no-show was undone (the meeting is live again): its freed seats stop seeking and their open
    offers are withdrawn."""
    now = now or utcnow()
    seats = list(
        session.scalars(
            select(FreedSeat).where(FreedSeat.meeting_id == meeting.id, FreedSeat.state == SeatState.SEEKING)
        )
    )
    for seat in seats:
        seat.state = SeatState.GAVE_UP
        for offer in session.scalars(
            select(RefillOffer).where(RefillOffer.seat_id == seat.id, RefillOffer.status == OfferStatus.OPEN)
        ):
            _close(offer, OfferStatus.WITHDRAWN, now)
    session.flush()


def refills_of(session: Session, event: Event) -> list[RefillOffer]:
    """Every refill offer of the event, newest first (the organiser's live view)."""
    return list(
        session.scalars(
            select(RefillOffer)
            .where(RefillOffer.event_id == event.id)
            .order_by(RefillOffer.created_at.desc(), RefillOffer.id.desc())
        )
    )
