"""Arranging a fair's day for the on-the-day tests: people, scores, a published meeting."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, Recommendation, Slot
from tests.factories import make_attendee, make_event


def score(session: Session, first: Attendee, second: Attendee, value: float, rank: int = 1) -> None:
    """A recommendation of ``second`` to ``first`` (ranks must differ per attendee)."""
    session.add(
        Recommendation(
            attendee_id=first.id,
            candidate_id=second.id,
            rank=rank,
            score=value,
            reasons=[{"kind": "they_offer", "yours": [], "theirs": ["Oat milk"], "codes": []}],
        )
    )
    session.flush()


def meet(
    session: Session, event: Event, first: Attendee, second: Attendee, slot: Slot, table: int = 0
) -> Meeting:
    meeting = Meeting.between(
        first.id, second.id, event_id=event.id, slot_id=slot.id, table_id=event.tables[table].id
    )
    session.add(meeting)
    session.flush()
    return meeting


def present(session: Session, *people: Attendee, at: datetime) -> None:
    for person in people:
        person.checked_in_at = at
    session.flush()


def fair(session: Session, people: int = 4, slots: int = 4, tables: int = 3) -> tuple[Event, list[Attendee]]:
    event = make_event(session, slots=slots, tables=tables)
    return event, [make_attendee(session, event) for _ in range(people)]


def before(slot: Slot, minutes: int) -> datetime:
    return slot.start - timedelta(minutes=minutes)
