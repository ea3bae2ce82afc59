"""Finding attendees in the organiser's list: text search, check-in and meeting filters, paging."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, MeetingStatus
from matchmaker.services.paging import page_of

PAGE_SIZE = 100


@dataclass(frozen=True)
class RosterFilter:
    query: str = ""
    status: str = ""  # "checked_in", "not_checked_in", "no_meetings", or "" for everyone
    sector: str = ""
    page: int = 1


@dataclass(frozen=True)
class RosterPage:
    people: list[Attendee]
    total: int
    pages: int
    sectors: list[str]


def _filtered(event: Event, wanted: RosterFilter) -> Select[Attendee]:
    statement = select(Attendee).where(Attendee.event_id == event.id)
    searched = (Attendee.name, Attendee.company, Attendee.email, Attendee.offers, Attendee.seeks)
    for word in wanted.query.lower().split():
        statement = statement.where(or_(*(func.lower(column).like(f"%{word}%") for column in searched)))
    if wanted.status == "checked_in":
        statement = statement.where(Attendee.checked_in_at.is_not(None))
    elif wanted.status == "not_checked_in":
        statement = statement.where(Attendee.checked_in_at.is_(None))
    elif wanted.status == "no_meetings":
        live = select(Meeting.id).where(
            Meeting.status != MeetingStatus.CANCELLED,
            or_(Meeting.attendee_a_id == Attendee.id, Meeting.attendee_b_id == Attendee.id),
        )
        statement = statement.where(~live.exists())
    if wanted.sector:
        statement = statement.where(Attendee.sector == wanted.sector)
    return statement


def find_attendees(session: Session, event: Event, wanted: RosterFilter) -> RosterPage:
    """One page (by name) of the attendees matching every word and filter, with the total count."""
    statement = _filtered(event, wanted)
    page = max(1, wanted.page)
    rows, total = page_of(session, statement.order_by(Attendee.name), PAGE_SIZE, (page - 1) * PAGE_SIZE)
    people = list(rows)
    sectors = session.scalars(
        select(Attendee.sector).where(Attendee.event_id == event.id).distinct().order_by(Attendee.sector)
    )
    return RosterPage(people, total, max(1, -(-total // PAGE_SIZE)), [s for s in sectors if s])
