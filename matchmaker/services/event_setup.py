"""Setting an event up: its details, the slot grid, tables with zones, interests and request rules.

The grid can be regenerated as often as wanted until meetings exist; after that, changing it would
orphan meetings, so the functions refuse with a message saying why.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from pydantic_core import PydanticCustomError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting, Organiser, Slot, VenueTable
from matchmaker.services.notices import N_, NoticeError, NoticeKind
from matchmaker.shapes.event import (
    INTEREST_LABEL_LENGTH,
    MAX_DAYS,
    MAX_EVENT_INTERESTS,
    MAX_TABLES,
    Break,
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


class SetupError(NoticeError):
    """A set-up change that can't be made; its notice names the field and the reason."""


# What set-up refuses once the input itself is well-formed (the shapes check that), declared once;
# the organiser reads them in their language (English: str()).
SLOT_OUTSIDE_DATES = NoticeKind(
    "slot_outside_dates",
    N_("dates: slot %(code)s would fall outside the event; regenerate the slots first"),
    "start_date",
)
SLOTS_IN_USE = NoticeKind(
    "slots_in_use", N_("slots: %(count)d meetings already use them; edit single entries instead")
)
TABLES_IN_USE = NoticeKind(
    "tables_in_use", N_("tables: %(count)d meetings already use them; edit single entries instead"), "count"
)
DAY_TOO_SHORT = NoticeKind("day_too_short", N_("slots: the day is too short for a single meeting"), "day_end")
SLOT_UNKNOWN = NoticeKind("slot_unknown", N_("slot: not found in this event"))
SLOT_BACKWARDS = NoticeKind("slot_backwards", N_("slot %(code)s: the end must be after the start"), "end")
SLOT_OVERLAP = NoticeKind("slot_overlap", N_("slot %(code)s: would overlap slot %(other)s"), "start")
SLOT_OUTSIDE_EVENT = NoticeKind(
    "slot_outside_event",
    N_("slot %(code)s: must be on one of the event's days, %(first)s to %(last)s"),
    "start",
)
SLOT_IN_USE = NoticeKind(
    "slot_in_use", N_("slot %(code)s: %(count)d meetings are in it; move or cancel them first")
)
INTEREST_TWICE = NoticeKind(
    "interest_twice", N_("interests line %(line)d: tag %(tag)s appears twice"), "interests"
)
INTEREST_LABELS = NoticeKind(
    "interest_labels",
    N_("interests line %(line)d: more labels than the event's %(count)d languages"),
    "interests",
)
INTEREST_INVALID = NoticeKind(
    "interest_invalid",
    N_(
        "interests line %(line)d: a tag takes letters, digits and dashes (at most 80), a label at most "
        "%(length)d characters"
    ),
    "interests",
)
INTERESTS_TOO_MANY = NoticeKind("interests_too_many", N_("interests: at most %(count)d"), "interests")


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
        raise SetupError(SLOT_OUTSIDE_DATES(code=outside[0]))
    event.name, event.venue, event.timezone = details.name.strip(), details.venue.strip(), details.timezone
    event.start_date, event.end_date = details.start_date, details.last_day
    event.languages, event.description = list(details.languages), details.description.strip()
    session.flush()


def _meeting_count(session: Session, event: Event) -> int:
    return int(
        session.scalar(select(func.count()).select_from(Meeting).where(Meeting.event_id == event.id)) or 0
    )


def _refuse_if_meetings(session: Session, event: Event, refusal: NoticeKind) -> None:
    if count := _meeting_count(session, event):
        raise SetupError(refusal(count=count))


def plan_slot_times(event: Event, plan: SlotPlan) -> list[tuple[str, datetime, datetime]]:
    """(code, start, end) of every round the plan yields, day by day, codes ``d1-01``, ``d1-02`` ...

    The day's clock times are venue time; the rounds are counted in real (UTC) time, so a day on which
    the clocks change has rounds of the real length (counted in wall time, the spring change made a
    round end before it started, and the autumn change a round of 90 minutes)."""
    zone = ZoneInfo(event.timezone)
    length, step = (
        timedelta(minutes=plan.meeting_minutes),
        timedelta(minutes=plan.meeting_minutes + plan.changeover_minutes),
    )

    def at(day: date, clock: time) -> datetime:
        return datetime.combine(day, clock, zone).astimezone(UTC)

    slots: list[tuple[str, datetime, datetime]] = []
    for day_index in range(event.days):
        day = event.start_date + timedelta(days=day_index)
        cursor = at(day, plan.day_start)
        day_end = at(day, plan.day_end)
        number = 1
        while cursor + length <= day_end:
            clash = next(
                (b for b in plan.breaks if cursor < at(day, b.end) and at(day, b.start) < cursor + length),
                None,
            )
            if clash is not None:
                cursor = at(day, clash.end)
                continue
            slots.append((f"d{day_index + 1}-{number:02d}", cursor, cursor + length))
            cursor, number = cursor + step, number + 1
    if not slots:
        raise SetupError(DAY_TOO_SHORT())
    return slots


def generate_slots(session: Session, event: Event, plan: SlotPlan) -> list[Slot]:
    """Replace the event's slots with those of ``plan`` (flushes); refused once meetings exist.

    The plan is kept on the event, so the set-up form shows it again as it was entered.
    """
    times = plan_slot_times(event, plan)
    _refuse_if_meetings(session, event, SLOTS_IN_USE)
    event.slots.clear()
    session.flush()
    event.meeting_minutes = plan.meeting_minutes
    event.slot_plan = {
        "day_start": f"{plan.day_start:%H:%M}",
        "day_end": f"{plan.day_end:%H:%M}",
        "meeting_minutes": plan.meeting_minutes,
        "changeover_minutes": plan.changeover_minutes,
        "breaks": [[f"{b.start:%H:%M}", f"{b.end:%H:%M}"] for b in plan.breaks],
    }
    event.slots.extend(Slot(code=code, start=start, end=end) for code, start, end in times)
    session.flush()
    return list(event.slots)


USUAL_DAY = SlotPlan(
    day_start=time(9),
    day_end=time(17),
    meeting_minutes=20,
    changeover_minutes=5,
    breaks=(Break(start=time(12, 30), end=time(13, 30)),),
)


def saved_slot_plan(event: Event) -> SlotPlan:
    """The plan the event's slots were last generated from; for slots from elsewhere (an event file,
    single edits through the API) the plan read from the first day's slots; else a usual fair day."""
    saved = event.slot_plan
    if saved:
        try:
            return SlotPlan(
                day_start=time.fromisoformat(saved["day_start"]),
                day_end=time.fromisoformat(saved["day_end"]),
                meeting_minutes=int(saved["meeting_minutes"]),
                changeover_minutes=int(saved.get("changeover_minutes", 0)),
                breaks=tuple(
                    Break(start=time.fromisoformat(start), end=time.fromisoformat(end))
                    for start, end in saved.get("breaks", [])
                ),
            )
        except (KeyError, TypeError, ValueError):
            pass  # a hand-edited or older value (pydantic's ValidationError is a ValueError): read the slots
    if not event.slots:
        return USUAL_DAY.model_copy(update={"meeting_minutes": event.meeting_minutes or 20})
    zone = event.zone
    first_day = event.slots[0].start.astimezone(zone).date()
    day = [
        (s.start.astimezone(zone), s.end.astimezone(zone))
        for s in event.slots
        if s.start.astimezone(zone).date() == first_day
    ]
    gaps = [(end, start) for (_, end), (start, _) in pairwise(day) if start >= end]
    changeover = min((int((start - end).total_seconds() // 60) for end, start in gaps), default=0)
    breaks = tuple(
        Break(start=end.time(), end=start.time())
        for end, start in gaps
        if (start - end).total_seconds() // 60 > changeover
    )
    minutes = int((day[0][1] - day[0][0]).total_seconds() // 60)
    return SlotPlan(
        day_start=day[0][0].time(),
        day_end=day[-1][1].time(),
        meeting_minutes=minutes,
        changeover_minutes=changeover,
        breaks=breaks,
    )


def format_zones(event: Event) -> str:
    """The tables' zones as the set-up form takes them: ``"Hall A: 1-10; Hall B: 11-20"``."""
    runs: list[tuple[str, int, int]] = []
    for number, table in enumerate(event.tables, start=1):
        if not table.zone:
            continue
        if runs and runs[-1][0] == table.zone and runs[-1][2] == number - 1:
            runs[-1] = (table.zone, runs[-1][1], number)
        else:
            runs.append((table.zone, number, number))
    return "; ".join(
        f"{zone}: {first}" if first == last else f"{zone}: {first}-{last}" for zone, first, last in runs
    )


def table_naming(event: Event) -> str:
    """The naming the tables follow ("Table {n}"), read back from their names; the usual one if none fits."""
    names = [table.name for table in event.tables]
    if names:
        prefix, found, suffix = names[0].partition("1")
        naming = f"{prefix}{{n}}{suffix}" if found else ""
        if naming and all(name == naming.replace("{n}", str(n)) for n, name in enumerate(names, start=1)):
            return naming
    return "Table {n}"


def _within_event_days(event: Event, start: datetime, end: datetime) -> bool:
    """Whether a slot from ``start`` to ``end`` lies on the event's days, venue time (one ending at
    midnight after the last day included). A slot moved to year 1 or 9999 overflowed every comparison."""
    try:
        first, last = start.astimezone(event.zone), end.astimezone(event.zone)
    except OverflowError:
        return False
    return event.start_date <= first.date() and last.date() <= event.end_date + timedelta(days=1)


def edit_slot(session: Session, event: Event, slot_id: int, start: datetime, end: datetime) -> Slot:
    """Move one slot's times; refused if it would leave the event's days or overlap another slot."""
    slot = next((s for s in event.slots if s.id == slot_id), None)
    if slot is None:
        raise SetupError(SLOT_UNKNOWN())
    if not _within_event_days(event, start, end):
        raise SetupError(
            SLOT_OUTSIDE_EVENT(
                code=slot.code, first=event.start_date.isoformat(), last=event.end_date.isoformat()
            )
        )
    if end <= start:
        raise SetupError(SLOT_BACKWARDS(code=slot.code))
    for other in event.slots:
        if other.id != slot.id and other.start < end and start < other.end:
            raise SetupError(SLOT_OVERLAP(code=slot.code, other=other.code))
    slot.start, slot.end = start, end
    session.flush()
    return slot


def delete_slot(session: Session, event: Event, slot_id: int) -> None:
    slot = next((s for s in event.slots if s.id == slot_id), None)
    if slot is None:
        raise SetupError(SLOT_UNKNOWN())
    used = session.scalar(select(func.count()).select_from(Meeting).where(Meeting.slot_id == slot.id))
    if used:
        raise SetupError(SLOT_IN_USE(code=slot.code, count=used))
    event.slots.remove(slot)
    session.flush()


def parse_zones(spec: str, count: int) -> dict[int, str]:
    """``"Hall A: 1-10; Hall B: 11-20"`` -> {table number: zone}; raises :class:`SetupError`."""
    try:
        return _parse_zones(spec, count)
    except PydanticCustomError as error:
        raise SetupError(f"zones: {error.message()}") from None


def set_tables(
    session: Session, event: Event, plan: TablePlan | int, naming: str = "Table {n}", zones: str = ""
) -> list[VenueTable]:
    """Replace the tables with those of ``plan`` (flushes); refused once meetings exist. The older
    form ``set_tables(session, event, count, naming, zones)`` still works (validated the same way)."""
    if not isinstance(plan, TablePlan):
        try:
            plan = parse(TablePlan, {"count": plan, "naming": naming, "zones": zones})
        except ShapeRefused as refused:
            raise SetupError(str(refused)) from None
    zone_of = plan.zone_of()
    _refuse_if_meetings(session, event, TABLES_IN_USE)
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
            raise SetupError(INTEREST_TWICE(line=number, tag=tag))
        if len(cells) - 1 > len(languages):
            raise SetupError(INTEREST_LABELS(line=number, count=len(languages)))
        seen.add(tag)
        labels = {
            language: cells[i + 1] or cells[0] for i, language in enumerate(languages) if i + 1 < len(cells)
        }
        interest = {"tag": tag} | {language: labels.get(language, cells[0]) for language in languages}
        try:
            parse(Interest, interest)
        except ShapeRefused:
            raise SetupError(INTEREST_INVALID(line=number, length=INTEREST_LABEL_LENGTH)) from None
        interests.append(interest)
    if len(interests) > MAX_EVENT_INTERESTS:
        raise SetupError(INTERESTS_TOO_MANY(count=MAX_EVENT_INTERESTS))
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
