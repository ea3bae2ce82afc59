"""Creating events with their slots and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Slot, VenueTable
from matchmaker.shapes.event import EventSpec as EventFile
from matchmaker.shapes.problems import ShapeRefused, parse


class EventSpecError(ValueError):
    """An event description that can't be used; the message names the field."""


@dataclass(frozen=True)
class SlotSpec:
    code: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class TableSpec:
    name: str
    zone: str = ""


@dataclass(frozen=True)
class EventSpec:
    slug: str
    name: str
    timezone: str
    start_date: date
    end_date: date
    venue: str = ""
    meeting_minutes: int = 20
    languages: tuple[str, ...] = ("en",)
    interests: tuple[dict[str, str], ...] = ()
    request_cap: int = 20
    request_expiry_hours: int = 48
    slots: tuple[SlotSpec, ...] = field(default_factory=tuple)
    tables: tuple[TableSpec, ...] = field(default_factory=tuple)


def event_spec_from_dict(data: dict[str, Any]) -> EventSpec:
    """Parse the event description format of ``data/demo/event.json``, validated by its declaration
    (:class:`matchmaker.shapes.event.EventSpec`); raises :class:`EventSpecError` naming every problem."""
    try:
        shape = parse(EventFile, data)
    except ShapeRefused as refused:
        raise EventSpecError("event file: " + "; ".join(p.message for p in refused.problems[:5])) from None
    return EventSpec(
        slug=shape.slug,
        name=shape.name,
        venue=shape.venue,
        timezone=shape.timezone,
        start_date=shape.start_date,
        end_date=shape.end_date,
        meeting_minutes=shape.meeting_minutes,
        languages=shape.languages,
        interests=tuple(item.as_dict(shape.languages) for item in shape.interests),
        request_cap=shape.request_cap,
        request_expiry_hours=shape.request_expiry_hours,
        slots=tuple(SlotSpec(code=s.code, start=s.start, end=s.end) for s in shape.slots),
        tables=tuple(TableSpec(name=t.name, zone=t.zone) for t in shape.tables),
    )


def find_event(session: Session, slug: str) -> Event | None:
    return session.scalar(select(Event).where(Event.slug == slug))


def events_with_attendee_counts(session: Session) -> list[tuple[Event, int]]:
    """Every event, the latest first, with how many attendees it has (the home page's list)."""
    counts = select(Attendee.event_id, func.count().label("attendees")).group_by(Attendee.event_id).subquery()
    rows = session.execute(
        select(Event, func.coalesce(counts.c.attendees, 0))
        .outerjoin(counts, counts.c.event_id == Event.id)
        .order_by(Event.start_date.desc(), Event.name)
    ).all()
    return [(event, int(count)) for event, count in rows]


def add_event_from_spec(session: Session, spec: EventSpec) -> Event:
    """Add the event an event file describes, with its slots and tables (flushes; the caller commits).

    (An organiser's new event, owned and with a slug of its own: ``event_setup.create_event``.)"""
    for earlier, later in zip(spec.slots, spec.slots[1:], strict=False):
        if later.start < earlier.end:
            raise EventSpecError(f"slot {later.code} starts before slot {earlier.code} ends")
    event = Event(
        slug=spec.slug,
        name=spec.name,
        venue=spec.venue,
        timezone=spec.timezone,
        start_date=spec.start_date,
        end_date=spec.end_date,
        meeting_minutes=spec.meeting_minutes,
        languages=list(spec.languages),
        interests=list(spec.interests),
        request_cap=spec.request_cap,
        request_expiry_hours=spec.request_expiry_hours,
        slots=[Slot(code=s.code, start=s.start, end=s.end) for s in spec.slots],
        tables=[VenueTable(name=t.name, zone=t.zone, position=i) for i, t in enumerate(spec.tables)],
    )
    session.add(event)
    session.flush()
    return event
