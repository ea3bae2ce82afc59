"""The organiser's live view of the day: per table, for the round running and the next one, whether its
meeting is held, waiting (with how many of the two have checked in), a no-show, or free; and every
refill offer with what became of it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Attendee,
    Event,
    FreedSeat,
    Meeting,
    MeetingStatus,
    OfferStatus,
    RefillOffer,
    Slot,
    VenueTable,
)
from matchmaker.services.checkin import meetings_by_table, present_at, round_at

STATES = ("held", "waiting", "no_show", "free")


@dataclass(frozen=True)
class TableState:
    table: VenueTable
    meeting: Meeting | None
    state: str  # one of STATES
    present: int  # how many of the two are checked in
    refill: bool  # the meeting was booked by a refill


@dataclass(frozen=True)
class SlotView:
    slot: Slot
    running: bool
    tables: list[TableState]

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.state for row in self.tables)
        return {state: counted.get(state, 0) for state in STATES}


def _state(meeting: Meeting | None) -> str:
    if meeting is None:
        return "free"
    if meeting.status == MeetingStatus.HELD:
        return "held"
    return "no_show" if meeting.status == MeetingStatus.NO_SHOW else "waiting"


def slot_view(session: Session, event: Event, slot: Slot, now: datetime) -> SlotView:
    """Every table of the event in ``slot``: its live meeting, else its no-show, else free."""
    refilled = set(
        session.scalars(
            select(RefillOffer.meeting_id).where(
                RefillOffer.slot_id == slot.id, RefillOffer.status == OfferStatus.BOOKED
            )
        )
    )
    by_table = meetings_by_table(session, slot)
    rows = []
    for table in event.tables:
        booked = by_table.get(table.id)
        refill = booked is not None and booked.id in refilled
        rows.append(TableState(table, booked, _state(booked), present_at(booked), refill))
    return SlotView(slot, slot.start <= now < slot.end, rows)


def live_slots(session: Session, event: Event, now: datetime) -> list[SlotView]:
    """The round running at ``now`` (if any) and the next one to start (if any)."""
    current, upcoming = round_at(event, now)
    return [slot_view(session, event, slot, now) for slot in (current, upcoming) if slot is not None]


@dataclass(frozen=True)
class RefillRow:
    offer: RefillOffer
    slot: Slot
    seeker: Attendee
    candidate: Attendee
    # From the slot freeing to the booking, for booked offers.
    minutes_to_book: float | None


def refill_rows(session: Session, event: Event, limit: int = 200) -> list[RefillRow]:
    """The event's refill offers, newest first: every booked one, and the latest ``limit`` others (a
    seat asks several people at once, so a big fair's day makes thousands)."""
    newest = (RefillOffer.created_at.desc(), RefillOffer.id.desc())
    others = session.scalars(
        select(RefillOffer)
        .where(RefillOffer.event_id == event.id, RefillOffer.status != OfferStatus.BOOKED)
        .order_by(*newest)
        .limit(limit)
    ).all()
    booked = session.scalars(
        select(RefillOffer).where(RefillOffer.event_id == event.id, RefillOffer.status == OfferStatus.BOOKED)
    ).all()
    offers = sorted([*others, *booked], key=lambda o: (o.created_at, o.id), reverse=True)
    ids = {o.seeker_id for o in offers} | {o.candidate_id for o in offers}
    people = {a.id: a for a in session.scalars(select(Attendee).where(Attendee.id.in_(ids)))}
    slots = {s.id: s for s in event.slots}
    seats = {
        s.id: s
        for s in session.scalars(select(FreedSeat).where(FreedSeat.id.in_({o.seat_id for o in offers})))
    }
    rows = []
    for offer in offers:
        seat = seats.get(offer.seat_id)
        waited = None
        if offer.status == OfferStatus.BOOKED and offer.closed_at is not None and seat is not None:
            waited = (offer.closed_at - seat.freed_at).total_seconds() / 60
        rows.append(
            RefillRow(
                offer, slots[offer.slot_id], people[offer.seeker_id], people[offer.candidate_id], waited
            )
        )
    return rows
