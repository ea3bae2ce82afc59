"""Setting an event up: its details, the slot grid, tables with zones, interests and request rules.

The grid can be regenerated as often as wanted until meetings exist; after that, changing it would
orphan meetings, so the functions refuse with a message saying why.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting, Organiser, Slot, VenueTable

MAX_TABLES = 2000
MAX_DAYS = 14


class SetupError(ValueError):
    """A set-up change that can't be made; the message names the field and the reason."""


@dataclass(frozen=True)
class EventDetails:
    name: str
    venue: str
    timezone: str
    start_date: date
    end_date: date
    languages: tuple[str, ...] = ("en",)
    description: str = ""


@dataclass(frozen=True)
class SlotPlan:
    """Every day runs from ``day_start`` to ``day_end`` (venue time) in rounds of ``meeting_minutes``,
    with ``changeover_minutes`` between rounds and no round overlapping a break."""

    day_start: time
    day_end: time
    meeting_minutes: int
    changeover_minutes: int = 0
    breaks: tuple[tuple[time, time], ...] = ()


@dataclass(frozen=True)
class RequestRules:
    request_cap: int
    request_expiry_hours: int
    requests_before_schedule: bool


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60] or "event"


def _check_details(details: EventDetails) -> None:
    if not details.name.strip():
        raise SetupError("name: the event needs a name")
    try:
        ZoneInfo(details.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SetupError(
            f"timezone: {details.timezone!r} is not a known time zone (e.g. Europe/Warsaw)"
        ) from None
    if details.end_date < details.start_date:
        raise SetupError("end date: the event ends before it starts")
    if (details.end_date - details.start_date).days + 1 > MAX_DAYS:
        raise SetupError(f"end date: an event lasts at most {MAX_DAYS} days")
    if not details.languages:
        raise SetupError("languages: at least one language is needed")


def create_event(session: Session, organiser: Organiser, details: EventDetails) -> Event:
    """A new event owned by ``organiser``, with a unique slug derived from its name (flushes)."""
    _check_details(details)
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
        end_date=details.end_date,
        languages=list(details.languages),
        description=details.description.strip(),
    )
    event.organisers.append(organiser)
    session.add(event)
    session.flush()
    return event


def update_details(session: Session, event: Event, details: EventDetails) -> None:
    """Change the event's details; dates and time zone only while no slot falls outside them."""
    _check_details(details)
    zone = ZoneInfo(details.timezone)
    outside = [
        s.code
        for s in event.slots
        if not details.start_date <= s.start.astimezone(zone).date() <= details.end_date
    ]
    if outside:
        raise SetupError(f"dates: slot {outside[0]} would fall outside the event; regenerate the slots first")
    event.name, event.venue, event.timezone = details.name.strip(), details.venue.strip(), details.timezone
    event.start_date, event.end_date = details.start_date, details.end_date
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
    if plan.meeting_minutes <= 0 or plan.meeting_minutes > 240:
        raise SetupError("meeting length: between 1 and 240 minutes")
    if plan.changeover_minutes < 0:
        raise SetupError("changeover: must not be negative")
    if plan.day_end <= plan.day_start:
        raise SetupError("day end: must be after the day start")
    for start, end in plan.breaks:
        if end <= start:
            raise SetupError(f"breaks: {start:%H:%M}-{end:%H:%M} ends before it starts")
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
                    if cursor < datetime.combine(day, b[1], zone)
                    and datetime.combine(day, b[0], zone) < cursor + length
                ),
                None,
            )
            if clash is not None:
                cursor = datetime.combine(day, clash[1], zone)
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
    zones: dict[int, str] = {}
    for part in filter(None, (p.strip() for p in spec.replace("\n", ";").split(";"))):
        name, _, numbers = part.rpartition(":")
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+))?\s*", numbers)
        if not name.strip() or match is None:
            raise SetupError(f'zones: {part!r} is not like "Hall A: 1-10"')
        first, last = int(match[1]), int(match[2] or match[1])
        if not 1 <= first <= last <= count:
            raise SetupError(f"zones: {part!r} is outside tables 1-{count}")
        zones.update({number: name.strip() for number in range(first, last + 1)})
    return zones


def set_tables(session: Session, event: Event, count: int, naming: str, zones: str = "") -> list[VenueTable]:
    """Replace the tables with ``count`` tables named by ``naming`` ("Table {n}") in zones (flushes)."""
    if not 1 <= count <= MAX_TABLES:
        raise SetupError(f"tables: between 1 and {MAX_TABLES}")
    if "{n}" not in naming:
        raise SetupError('naming: must contain {n} where the number goes, e.g. "Table {n}"')
    zone_of = parse_zones(zones, count)
    names = [naming.replace("{n}", str(n)).strip() for n in range(1, count + 1)]
    if any(len(name) > 40 for name in names):
        raise SetupError("naming: table names are at most 40 characters")
    _refuse_if_meetings(session, event, "tables")
    event.tables.clear()
    session.flush()
    event.tables.extend(
        VenueTable(name=name, zone=zone_of.get(n, ""), position=n - 1)
        for n, name in enumerate(names, start=1)
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
        interests.append({"tag": tag} | {language: labels.get(language, cells[0]) for language in languages})
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
    if not 0 <= rules.request_cap <= 500:
        raise SetupError("request cap: between 0 and 500 requests")
    if not 1 <= rules.request_expiry_hours <= 24 * 60:
        raise SetupError("request expiry: between 1 hour and 60 days")
    event.request_cap = rules.request_cap
    event.request_expiry_hours = rules.request_expiry_hours
    event.requests_before_schedule = rules.requests_before_schedule
    session.flush()
