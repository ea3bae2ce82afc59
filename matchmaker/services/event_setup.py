"""Setting an event up: its details, the slot grid, tables with zones, interests and request rules.

The grid can be regenerated as often as wanted until meetings exist; after that, changing it would
orphan meetings, so the functions refuse with a message saying why.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic_core import PydanticCustomError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting, Organiser, Slot, VenueTable
from matchmaker.shapes.event import (
    MAX_DAYS,
    MAX_EVENT_INTERESTS,
    MAX_TABLES,
    EventDetails,
    Interest,
    RequestRules,
    SlotPlan,
    TablePlan,
)
from matchmaker.shapes.event import parse_zones as _parse_zones
from matchmaker.shapes.problems import ShapeRefused, parse

# The shapes are declared in matchmaker.shapes.event; these names stay importable from here.
__all__ = ["MAX_DAYS", "MAX_TABLES", "EventDetails", "RequestRules", "SetupError", "SlotPlan", "TablePlan"]


class SetupError(ValueError):
    """A set-up change that can't be made; the message names the field and the reason."""


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "event"


def create_event(session: Session, organiser: Organiser, details: EventDetails) -> Event:
    """A new event owned by ``organiser``, with a unique slug derived from its name (flushes)."""
    base = slugify(details.name)
    slug, number = base, 2
    while session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        slug, number = f"{base}-{number}", number + 1
    event = Event(
        slug=slug,
        name=details.name.strip(),
        venue=details.venue.strip(),
        timezone=details.timezone,
        start_date=details.start_date,
        end_date=details.last_day,
        languages=list(details.languages),
        description=details.description.strip(),
    )
    event.organisers.append(organiser)
    session.add(event)
    session.flush()
    return event


def update_details(session: Session, event: Event, details: EventDetails) -> None:
    """Change the event's details; dates and time zone only while no slot falls outside them."""
    zone = ZoneInfo(details.timezone)
    outside = [
        s.code
        for s in event.slots
        if not details.start_date <= s.start.astimezone(zone).date() <= details.last_day
    ]
    if outside:
        raise SetupError(f"dates: slot {outside[0]} would fall outside the event; regenerate the slots first")
    event.name, event.venue, event.timezone = details.name.strip(), details.venue.strip(), details.timezone
    event.start_date, event.end_date = details.start_date, details.last_day
    event.languages, event.description = list(details.languages), details.description.strip()
    session.flush()


def _meeting_count(session: Session, event: Event) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Meeting).where(Meeting.event_id == event.id)) or 0
    )


def _refuse_if_meetings(session: Session, event: Event, what: str) -> None:
    if count := _meeting_count(session, event):
        raise SetupError(f"{what}: {count} meetings already use them; edit single entries instead")


def plan_slot_times(event: Event, plan: SlotPlan) -> list[tuple[str, datetime, datetime]]:
    """(code, start, end) of every round the plan yields, day by day, codes ``d1-01``, ``d1-02`` ..."""
    zone = ZoneInfo(event.timezone)
    length, step = (
        timedelta(minutes=plan.meeting_minutes),
        timedelta(minutes=plan.meeting_minutes + plan.changeover_minutes),
    )
    slots: list[tuple[str, datetime, datetime]] = []
    for day_index in range(event.days):
        day = event.start_date + timedelta(days=day_index)
        cursor = datetime.combine(day, plan.day_start, zone)
        day_end = datetime.combine(day, plan.day_end, zone)
        number = 1
        while cursor + length <= day_end:
            clash = next(
                (
                    b
                    for b in plan.breaks
                    if cursor < datetime.combine(day, b.end, zone)
                    and datetime.combine(day, b.start, zone) < cursor + length
                ),
                None,
            )
            if clash is not None:
                cursor = datetime.combine(day, clash.end, zone)
                continue
            slots.append((f"d{day_index + 1}-{number:02d}", cursor, cursor + length))
            cursor, number = cursor + step, number + 1
    if not slots:
        raise SetupError("slots: the day is too short for a single meeting")
    return slots


def generate_slots(session: Session, event: Event, plan: SlotPlan) -> list[Slot]:
    """Replace the event's slots with those of ``plan`` (flushes); refused once meetings exist."""
    times = plan_slot_times(event, plan)
    _refuse_if_meetings(session, event, "slots")
    event.slots.clear()
    session.flush()
    event.meeting_minutes = plan.meeting_minutes
    event.slots.extend(Slot(code=code, start=start, end=end) for code, start, end in times)
    session.flush()
    return list(event.slots)


def edit_slot(session: Session, event: Event, slot_id: int, start: datetime, end: datetime) -> Slot:
    """Move one slot's times; refused if it would overlap another slot."""
    slot = next((s for s in event.slots if s.id == slot_id), None)
    if slot is None:
        raise SetupError("slot: not found in this event")
    if end <= start:
        raise SetupError(f"slot {slot.code}: the end must be after the start")
    for other in event.slots:
        if other.id != slot.id and other.start < end and start < other.end:
            raise SetupError(f"slot {slot.code}: would overlap slot {other.code}")
    slot.start, slot.end = start, end
    session.flush()
    return slot


def delete_slot(session: Session, event: Event, slot_id: int) -> None:
    slot = next((s for s in event.slots if s.id == slot_id), None)
    if slot is None:
        raise SetupError("slot: not found in this event")
    used = session.scalar(select(func.count()).select_from(Meeting).where(Meeting.slot_id == slot.id))
    if used:
        raise SetupError(f"slot {slot.code}: {used} meetings are in it; move or cancel them first")
    event.slots.remove(slot)
    session.flush()


def parse_zones(spec: str, count: int) -> dict[int, str]:
    """``"Hall A: 1-10; Hall B: 11-20"`` -> {table number: zone}; raises :class:`SetupError`."""
    try:
        return _parse_zones(spec, count)
    except PydanticCustomError as error:
        raise SetupError(f"zones: {error.message()}") from None


def set_tables(session: Session, event: Event, plan: TablePlan | int, naming: str = "Table {n}",
               zones: str = "") -> list[VenueTable]:
    """Replace the tables with those of ``plan`` (flushes); refused once meetings exist. The older
    form ``set_tables(session, event, count, naming, zones)`` still works (validated the same way)."""
    if not isinstance(plan, TablePlan):
        try:
            plan = parse(TablePlan, {"count": plan, "naming": naming, "zones": zones})
        except ShapeRefused as refused:
            raise SetupError(str(refused)) from None
    zone_of = plan.zone_of()
    _refuse_if_meetings(session, event, "tables")
    event.tables.clear()
    session.flush()
    event.tables.extend(
        VenueTable(name=name, zone=zone_of.get(n, ""), position=n - 1)
        for n, name in enumerate(plan.names(), start=1)
    )
    session.flush()
    return list(event.tables)


def parse_interests(text: str, languages: tuple[str, ...] | list[str]) -> list[dict[str, str]]:
    """One interest per line: ``tag | English label | Polish label`` in the event's language order."""
    interests: list[dict[str, str]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        cells = [cell.strip() for cell in raw.split("|")]
        tag = slugify(cells[0])
        if tag in seen:
            raise SetupError(f"interests line {number}: tag {tag!r} appears twice")
        if len(cells) - 1 > len(languages):
            raise SetupError(
                f"interests line {number}: more labels than the event's {len(languages)} languages"
            )
        seen.add(tag)
        labels = {
            language: cells[i + 1] or cells[0] for i, language in enumerate(languages) if i + 1 < len(cells)
        }
        interest = {"tag": tag} | {language: labels.get(language, cells[0]) for language in languages}
        try:
            parse(Interest, interest)
        except ShapeRefused as refused:
            raise SetupError(f"interests line {number}: {refused}") from None
        interests.append(interest)
    if len(interests) > MAX_EVENT_INTERESTS:
        raise SetupError(f"interests: at most {MAX_EVENT_INTERESTS}")
    return interests


def format_interests(event: Event) -> str:
    return "\n".join(
        " | ".join([item["tag"], *(item.get(lang, "") for lang in event.languages)])
        for item in event.interests
    )


def set_interests(session: Session, event: Event, text: str) -> None:
    event.interests = parse_interests(text, event.languages)
    session.flush()


def set_request_rules(session: Session, event: Event, rules: RequestRules) -> None:
    event.request_cap = rules.request_cap
    event.request_expiry_hours = rules.request_expiry_hours
    event.requests_before_schedule = rules.requests_before_schedule
    session.flush()
