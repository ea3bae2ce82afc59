"""An event and its set-up, declared once: the organiser's forms, the API, the event files read by
``matchmaker demo load`` and the OpenAPI document all use these models."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from itertools import pairwise
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from matchmaker.shapes.text import INTERFACE_LANGUAGES, InterfaceLanguage, Text, TimeZone, Unique

EVENT_NAME_LENGTH = 200
VENUE_LENGTH = 200
DESCRIPTION_LENGTH = 5000
SLUG_LENGTH = 80
MAX_DAYS = 14
MAX_MEETING_MINUTES = 240
MAX_BREAKS = 10
MAX_TABLES = 2000
TABLE_NAME_LENGTH = 40
ZONE_LENGTH = 80
NAMING_LENGTH = 60
ZONES_LENGTH = 2000
MAX_REQUEST_CAP = 500
MAX_REQUEST_EXPIRY_HOURS = 24 * 60
LABEL_LENGTH = 80  # a kiosk screen's or an API key's label
MESSAGE_LENGTH = 500  # a meeting request's message
QUERY_LENGTH = 200  # a search box
INTEREST_LABEL_LENGTH = 80
MAX_EVENT_INTERESTS = 200


# The years an event can be in: far enough for any real fair, near enough that the venue's days, slot
# times and their UTC conversion never leave what a date and a time can hold (year 1 or 9999 did).
FIRST_YEAR, LAST_YEAR = 2000, 2199


class _Shape(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _plausible_year(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "year_out_of_range",
            "must be in the years {first} to {last}",
            {"first": FIRST_YEAR, "last": LAST_YEAR},
        )
    return value


# A day of an event, and a moment of it with its UTC offset (a slot's start or end).
EventDate = Annotated[date, AfterValidator(_plausible_year)]
EventTime = Annotated[AwareDatetime, AfterValidator(_plausible_year)]


def _at_least_one(languages: tuple[str, ...]) -> tuple[str, ...]:
    if not languages:
        raise PydanticCustomError("at_least_one_language", "needs at least one language")
    return languages


EventLanguages = Annotated[
    tuple[InterfaceLanguage, ...],
    Field(max_length=len(INTERFACE_LANGUAGES)),
    Unique,
    AfterValidator(_at_least_one),
]


class EventDetails(_Shape):
    """What an event is: its name, place, days, time zone and languages."""

    name: Annotated[str, Text(EVENT_NAME_LENGTH, required=True)]
    venue: Annotated[str, Text(VENUE_LENGTH)] = ""
    timezone: TimeZone
    start_date: EventDate
    # Empty: a one-day event.
    end_date: EventDate | None = Field(None, validate_default=True)
    languages: EventLanguages = ("en",)
    description: Annotated[str, Text(DESCRIPTION_LENGTH, multiline=True)] = ""

    @field_validator("end_date")
    @classmethod
    def _within_limits(cls, end: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("start_date")
        if start is None:
            return end
        end = end or start
        if end < start:
            raise PydanticCustomError("ends_before_start", "the event ends before it starts")
        if (end - start).days + 1 > MAX_DAYS:
            raise PydanticCustomError(
                "too_many_days", "an event lasts at most {max_days} days", {"max_days": MAX_DAYS}
            )
        return end

    @property
    def last_day(self) -> date:
        return self.end_date or self.start_date


class RequestRules(_Shape):
    """How attendees may ask each other for meetings."""

    request_cap: Annotated[int, Field(ge=0, le=MAX_REQUEST_CAP)]
    request_expiry_hours: Annotated[int, Field(ge=1, le=MAX_REQUEST_EXPIRY_HOURS)]
    requests_before_schedule: bool = True


class EventInput(EventDetails):
    """A new event from the API: its details, and request rules (defaults when left out)."""

    request_cap: Annotated[int, Field(ge=0, le=MAX_REQUEST_CAP)] = 20
    request_expiry_hours: Annotated[int, Field(ge=1, le=MAX_REQUEST_EXPIRY_HOURS)] = 48
    requests_before_schedule: bool = True
    # The scheduling settings (see services.schedule_settings): None is the product's default floor.
    match_floor: Annotated[float, Field(ge=0, le=1)] | None = None
    requested_meetings_only: bool = False

    def details(self) -> EventDetails:
        return EventDetails.model_validate(self.model_dump(include=set(EventDetails.model_fields)))

    def rules(self) -> RequestRules:
        return RequestRules.model_validate(self.model_dump(include=set(RequestRules.model_fields)))


class SlotTimes(_Shape):
    """One slot moved: its new start and end, with their UTC offset."""

    start: EventTime
    end: EventTime

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise PydanticCustomError("slot_order", "the slot ends before it starts")
        return end


def _clock(value: Any) -> Any:
    """Times are typed as HH:MM (a form's time field, the API's "09:00")."""
    if isinstance(value, str) and not re.fullmatch(r"\s*\d{1,2}:\d{2}(:\d{2})?\s*", value):
        raise PydanticCustomError("clock", "must be a time like 09:00")
    return value.strip() if isinstance(value, str) else value


Clock = Annotated[
    time,
    BeforeValidator(_clock),
    WithJsonSchema(
        {"type": "string", "maxLength": 8, "pattern": "^[0-2][0-9]:[0-5][0-9]$", "example": "09:00"}
    ),
]


class Break(_Shape):
    start: Clock
    end: Clock

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: time, info: ValidationInfo) -> time:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise PydanticCustomError("break_order", "the break ends before it starts")
        return end


def _breaks_from_text(value: Any) -> Any:
    """Breaks may be typed as one line: "12:30-13:30, 15:00-15:15"."""
    if not isinstance(value, str):
        return value
    breaks: list[dict[str, str]] = []
    for part in filter(None, (p.strip() for p in value.replace("\n", ",").split(","))):
        start, dash, end = part.partition("-")
        if not dash:
            raise PydanticCustomError(
                "breaks_format", "'{part}' is not like 12:30-13:30", {"part": part[:40]}
            )
        breaks.append({"start": start, "end": end})
    return breaks


class SlotPlan(_Shape):
    """Every day runs from ``day_start`` to ``day_end`` (venue time) in rounds of ``meeting_minutes``,
    with ``changeover_minutes`` between rounds and no round overlapping a break."""

    day_start: Clock
    day_end: Clock
    meeting_minutes: Annotated[int, Field(ge=1, le=MAX_MEETING_MINUTES)]
    changeover_minutes: Annotated[int, Field(ge=0, le=MAX_MEETING_MINUTES)] = 0
    breaks: Annotated[
        tuple[Break, ...], Field(max_length=MAX_BREAKS), BeforeValidator(_breaks_from_text)
    ] = ()

    @field_validator("day_end")
    @classmethod
    def _after_start(cls, end: time, info: ValidationInfo) -> time:
        start = info.data.get("day_start")
        if start is not None and end <= start:
            raise PydanticCustomError("day_order", "the day ends before it starts")
        return end


def parse_zones(spec: str, count: int) -> dict[int, str]:
    """``"Hall A: 1-10; Hall B: 11-20"`` -> {table number: zone}; raises PydanticCustomError."""
    zones: dict[int, str] = {}
    for part in filter(None, (p.strip() for p in spec.replace("\n", ";").split(";"))):
        name, _, numbers = part.rpartition(":")
        match = re.fullmatch(r"\s*(\d{1,5})\s*(?:-\s*(\d{1,5}))?\s*", numbers)
        if not name.strip() or match is None:
            raise PydanticCustomError(
                "zones_format", "'{part}' is not like \"Hall A: 1-10\"", {"part": part[:100]}
            )
        if len(name.strip()) > ZONE_LENGTH:
            raise PydanticCustomError(
                "zone_too_long",
                "a zone's name has at most {max_length} characters",
                {"max_length": ZONE_LENGTH},
            )
        first, last = int(match[1]), int(match[2] or match[1])
        if not 1 <= first <= last <= count:
            raise PydanticCustomError(
                "zones_range", "'{part}' is outside tables 1-{count}", {"part": part[:100], "count": count}
            )
        zones.update({number: name.strip() for number in range(first, last + 1)})
    return zones


class TablePlan(_Shape):
    """``count`` tables named by ``naming`` ("Table {n}"), in zones ("Hall A: 1-10; Hall B: 11-20")."""

    count: Annotated[int, Field(ge=1, le=MAX_TABLES)]
    naming: Annotated[str, Text(NAMING_LENGTH)] = "Table {n}"
    zones: Annotated[str, Text(ZONES_LENGTH, multiline=True)] = ""

    @field_validator("naming")
    @classmethod
    def _names_fit(cls, naming: str, info: ValidationInfo) -> str:
        if "{n}" not in naming:
            raise PydanticCustomError(
                "naming_number", 'must contain {{n}} where the number goes, e.g. "Table {{n}}"'
            )
        count = info.data.get("count") or 1
        if len(naming.replace("{n}", str(count))) > TABLE_NAME_LENGTH:
            raise PydanticCustomError(
                "table_name_too_long",
                "table names are at most {max_length} characters",
                {"max_length": TABLE_NAME_LENGTH},
            )
        return naming

    @field_validator("zones")
    @classmethod
    def _zones_parse(cls, zones: str, info: ValidationInfo) -> str:
        count = info.data.get("count")
        if count is not None:
            parse_zones(zones, count)
        return zones

    def names(self) -> list[str]:
        return [self.naming.replace("{n}", str(n)).strip() for n in range(1, self.count + 1)]

    def zone_of(self) -> dict[int, str]:
        return parse_zones(self.zones, self.count)


class Label(_Shape):
    """A kiosk screen's or an API key's name, for the organiser's list."""

    label: Annotated[str, Text(LABEL_LENGTH)] = ""


class RequestMessage(_Shape):
    """The note sent with a meeting request."""

    message: Annotated[str, Text(MESSAGE_LENGTH, multiline=True)] = ""


class MeetingRequestInput(RequestMessage):
    """A meeting request from the API: whom to ask, and the note."""

    to_attendee_id: Annotated[int, Field(ge=1, le=2**31 - 1)]


class SearchQuery(_Shape):
    """What someone typed into a search box."""

    q: Annotated[str, Text(QUERY_LENGTH)] = ""


# Event files (data/demo/event.json, benchmarks): the details, the grid and the interests in one.
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=SLUG_LENGTH)]


class SlotSpec(_Shape):
    code: Annotated[str, Text(20, required=True)] = Field(alias="id")
    start: EventTime
    end: EventTime

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("end")
    @classmethod
    def _after_start(cls, end: datetime, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is not None and end <= start:
            raise PydanticCustomError("slot_order", "the slot ends before it starts")
        return end


class TableSpec(_Shape):
    name: Annotated[str, Text(TABLE_NAME_LENGTH, required=True)]
    zone: Annotated[str, Text(ZONE_LENGTH)] = ""


InterestLabel = Annotated[str, Text(INTEREST_LABEL_LENGTH)]


def _interest(item: Any) -> Any:
    """``{"tag": "packaging", "en": "Packaging", "pl": "Opakowania"}``: a tag and labels per language."""
    if not isinstance(item, dict) or not isinstance(item.get("tag"), str):
        raise PydanticCustomError("interest", 'each interest is {{"tag": ..., "en": label, ...}}')
    unknown = [key for key in item if key != "tag" and key not in INTERFACE_LANGUAGES]
    if unknown:
        raise PydanticCustomError(
            "interest", "'{key}' is not one of the product's languages", {"key": str(unknown[0])[:20]}
        )
    return item


class Interest(_Shape):
    tag: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
    en: InterestLabel = ""
    pl: InterestLabel = ""
    ru: InterestLabel = ""

    def as_dict(self, languages: tuple[str, ...]) -> dict[str, str]:
        return {"tag": self.tag} | {lang: getattr(self, lang) or self.tag for lang in languages}


class EventSpec(_Shape):
    """An event file: details, grid, tables and interests (``data/demo/event.json``)."""

    slug: Slug
    name: Annotated[str, Text(EVENT_NAME_LENGTH, required=True)]
    venue: Annotated[str, Text(VENUE_LENGTH)] = ""
    timezone: TimeZone
    start_date: EventDate
    end_date: EventDate
    meeting_minutes: Annotated[int, Field(ge=1, le=MAX_MEETING_MINUTES)] = 20
    languages: EventLanguages = ("en",)
    interests: Annotated[
        tuple[Annotated[Interest, BeforeValidator(_interest)], ...], Field(max_length=MAX_EVENT_INTERESTS)
    ] = ()
    request_cap: Annotated[int, Field(ge=0, le=MAX_REQUEST_CAP)] = 20
    request_expiry_hours: Annotated[int, Field(ge=1, le=MAX_REQUEST_EXPIRY_HOURS)] = 48
    slots: tuple[SlotSpec, ...] = ()
    tables: Annotated[tuple[TableSpec, ...], Field(max_length=MAX_TABLES)] = ()

    @field_validator("end_date")
    @classmethod
    def _within_limits(cls, end: date, info: ValidationInfo) -> date:
        start = info.data.get("start_date")
        if start is not None and end < start:
            raise PydanticCustomError("ends_before_start", "the event ends before it starts")
        return end

    @field_validator("slots")
    @classmethod
    def _no_overlap(cls, slots: tuple[SlotSpec, ...]) -> tuple[SlotSpec, ...]:
        ordered = sorted(slots, key=lambda s: s.start)
        for earlier, later in pairwise(ordered):
            if later.start < earlier.end:
                raise PydanticCustomError(
                    "slot_overlap",
                    "slot {later} starts before slot {earlier} ends",
                    {"later": later.code, "earlier": earlier.code},
                )
        return slots
