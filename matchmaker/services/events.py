"""Creating events with their slots and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Slot, VenueTable


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


def _require(data: dict[str, Any], key: str) -> Any:
    if key not in data or data[key] in (None, ""):
        raise EventSpecError(f'event field "{key}" is missing')
    return data[key]


def _aware(value: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise EventSpecError(f"{where}: {value!r} is not an ISO 8601 date-time") from None
    if moment.tzinfo is None:
        raise EventSpecError(f"{where}: {value!r} has no UTC offset")
    return moment


def event_spec_from_dict(data: dict[str, Any]) -> EventSpec:
    """Parse the event description format of ``data/demo/event.json``; raises :class:`EventSpecError`."""
    timezone = str(_require(data, "timezone"))
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise EventSpecError(f'event field "timezone": unknown time zone {timezone!r}') from None
    try:
        start_date = date.fromisoformat(str(_require(data, "start_date")))
        end_date = date.fromisoformat(str(_require(data, "end_date")))
    except ValueError as exc:
        raise EventSpecError(f"event dates: {exc}") from None
    slots = tuple(
        SlotSpec(
            code=str(_require(slot, "id")),
            start=_aware(str(_require(slot, "start")), f"slot {index + 1} start"),
            end=_aware(str(_require(slot, "end")), f"slot {index + 1} end"),
        )
        for index, slot in enumerate(data.get("slots", []))
    )
    tables = tuple(
        TableSpec(name=str(_require(table, "name")), zone=str(table.get("zone", "")))
        for table in data.get("tables", [])
    )
    return EventSpec(
        slug=str(_require(data, "slug")),
        name=str(_require(data, "name")),
        venue=str(data.get("venue", "")),
        timezone=timezone,
        start_date=start_date,
        end_date=end_date,
        meeting_minutes=int(data.get("meeting_minutes", 20)),
        languages=tuple(data.get("languages", ["en"])),
        interests=tuple(data.get("interests", [])),
        request_cap=int(data.get("request_cap", 20)),
        request_expiry_hours=int(data.get("request_expiry_hours", 48)),
        slots=slots,
        tables=tables,
    )


def find_event(session: Session, slug: str) -> Event | None:
    return session.scalar(select(Event).where(Event.slug == slug))


def create_event(session: Session, spec: EventSpec) -> Event:
    """Add the event with its slots and tables (flushes; the caller commits)."""
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
