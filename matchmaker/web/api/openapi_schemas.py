"""The OpenAPI 3 component schemas: the shapes of what the API accepts and answers."""

from __future__ import annotations

from typing import Any

Schema = dict[str, Any]


def obj(properties: dict[str, Schema], required: tuple[str, ...] = (), closed: bool = False) -> Schema:
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    if closed:
        schema["additionalProperties"] = False
    return schema


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def string(max_length: int | None = None, **extra: Any) -> Schema:
    schema: Schema = {"type": "string", **extra}
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


def strings(max_items: int, max_length: int) -> Schema:
    return {"type": "array", "maxItems": max_items, "items": string(max_length)}


INTEGER = {"type": "integer"}
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
BOOLEAN = {"type": "boolean"}
NUMBER = {"type": "number"}
DATE = string(format="date")
DATETIME = string(format="date-time")
STRING_LIST = {"type": "array", "items": {"type": "string"}}


def page_of(item: str) -> Schema:
    return obj({"items": {"type": "array", "items": ref(item)}, "total": INTEGER, "limit": INTEGER,
                "offset": INTEGER}, ("items", "total", "limit", "offset"))


PUBLIC_PROFILE = {
    "id": ID, "name": string(), "company": string(), "job_title": string(), "sector": string(),
    "country": string(), "languages": STRING_LIST, "offers": string(), "seeks": string(),
    "interests": STRING_LIST,
}
RECORD_INPUT = {
    "id": string(64),
    "name": string(200),
    "email": string(254),
    "company": string(200),
    "job_title": string(200),
    "sector": string(120),
    "country": string(2),
    "languages": strings(50, 8),
    "offers": string(5000),
    "seeks": string(5000),
    "interests": strings(50, 80),
    "intents": strings(50, 40),
    "unavailable": strings(50, 20),
    "max_meetings": nullable({"type": "integer", "minimum": 0, "maximum": 1000}),
}
PROFILE_INPUT = {
    "name": string(200),
    "email": string(254),
    "company": string(200),
    "job_title": string(200),
    "sector": string(120),
    "country": string(2),
    "languages": strings(20, 8),
    "offers": string(5000),
    "seeks": string(5000),
    "interests": strings(50, 80),
    "intents": strings(20, 40),
    "unavailable": strings(500, 20),
    "max_meetings": nullable({"type": "integer", "minimum": 0, "maximum": 1000}),
    "excluded_companies": strings(50, 200),
    "excluded_emails": strings(50, 254),
    "locale": {"type": "string", "enum": ["en", "pl", "ru"]},
}
EVENT_INPUT = {
    "name": string(200),
    "venue": string(200),
    "timezone": string(64, example="Europe/Warsaw"),
    "start_date": DATE,
    "end_date": DATE,
    "languages": strings(10, 8),
    "description": string(5000),
    "request_cap": {"type": "integer", "minimum": 0, "maximum": 500},
    "request_expiry_hours": {"type": "integer", "minimum": 1, "maximum": 1440},
    "requests_before_schedule": BOOLEAN,
    # null: the product's default floor; optional meetings scoring below it are never scheduled.
    "match_floor": nullable({"type": "number", "minimum": 0, "maximum": 1}),
    "requested_meetings_only": BOOLEAN,
}
SLOT = obj({"id": ID, "code": string(), "start": DATETIME, "end": DATETIME}, ("id", "code", "start", "end"))
TABLE = obj(
    {"id": ID, "name": string(), "zone": string(), "position": INTEGER}, ("id", "name", "zone", "position")
)
CLOCK = string(5, pattern="^[0-2][0-9]:[0-5][0-9]$", example="09:00")
ROUND = nullable(
    obj(
        {
            "code": string(),
            "start": DATETIME,
            "end": DATETIME,
            "label": string(),
            "meetings": {
                "type": "array",
                "items": obj(
                    {
                        "table": string(),
                        "zone": string(),
                        "a": obj({"name": string(), "company": string()}),
                        "b": obj({"name": string(), "company": string()}),
                    }
                ),
            },
        },
        ("code", "start", "end", "meetings"),
    )
)
PARTNER = obj(PUBLIC_PROFILE | {"email": nullable(string())}, ("id", "name"))

SCHEMAS: dict[str, Schema] = {
    "Error": obj(
        {
            "code": string(),
            "message": string(),
            "field": string(),
            "details": {"type": "array", "items": {"type": "object"}},
        },
        ("code", "message"),
    ),
    "Event": obj(
        EVENT_INPUT | {"slug": string(), "meeting_minutes": INTEGER},
        ("slug", "name", "timezone", "start_date", "end_date"),
    ),
    "EventInput": obj(EVENT_INPUT, ("name", "timezone", "start_date", "end_date"), closed=True),
    "EventChange": obj(EVENT_INPUT, closed=True),
    "Slot": SLOT,
    "SlotPlan": obj(
        {
            "day_start": CLOCK,
            "day_end": CLOCK,
            "meeting_minutes": {"type": "integer", "minimum": 1, "maximum": 240},
            "changeover_minutes": {"type": "integer", "minimum": 0, "maximum": 240},
            "breaks": {
                "type": "array",
                "maxItems": 10,
                "items": obj({"start": CLOCK, "end": CLOCK}, ("start", "end")),
            },
        },
        ("day_start", "day_end", "meeting_minutes"),
        closed=True,
    ),
    "SlotTimes": obj({"start": DATETIME, "end": DATETIME}, ("start", "end"), closed=True),
    "Table": TABLE,
    "TablePlan": obj(
        {
            "count": {"type": "integer", "minimum": 1, "maximum": 2000},
            "naming": string(60, example="Table {n}"),
            "zones": string(2000, example="Hall A: 1-10"),
        },
        ("count",),
        closed=True,
    ),
    "Attendee": obj(
        PUBLIC_PROFILE
        | {
            "external_id": nullable(string()),
            "email": nullable(string()),
            "intents": STRING_LIST,
            "max_meetings": nullable(INTEGER),
            "locale": string(),
            "unavailable": STRING_LIST,
            "consent_at": nullable(DATETIME),
            "checked_in_at": nullable(DATETIME),
            "created_at": DATETIME,
            "updated_at": DATETIME,
            "event": string(),
        },
        ("id", "name", "email"),
    ),
    "AttendeeInput": obj(RECORD_INPUT, ("id", "name"), closed=True),
    "AttendeeChange": obj(RECORD_INPUT, closed=True),
    "AttendeeImport": obj(
        {"attendees": {"type": "array", "minItems": 1, "maxItems": 20000, "items": ref("AttendeeInput")}},
        ("attendees",),
        closed=True,
    ),
    "ImportResult": obj(
        {
            "dry_run": BOOLEAN,
            "would_create": INTEGER,
            "created": INTEGER,
            "ids": {"type": "array", "items": ID},
            "warnings": STRING_LIST,
        },
        ("dry_run", "would_create", "created", "ids", "warnings"),
    ),
    "PublicProfile": obj(PUBLIC_PROFILE, ("id", "name")),
    "Partner": PARTNER,
    "Recommendation": obj(
        {"rank": INTEGER, "score": NUMBER, "reasons": STRING_LIST, "person": ref("PublicProfile")},
        ("rank", "score", "reasons", "person"),
    ),
    "MeetingRequest": obj(
        {
            "id": ID,
            "from_attendee_id": ID,
            "to_attendee_id": ID,
            "message": string(),
            "status": {
                "type": "string",
                "enum": ["requested", "accepted", "declined", "cancelled", "expired"],
            },
            "created_at": DATETIME,
            "expires_at": nullable(DATETIME),
            "responded_at": nullable(DATETIME),
            "other": ref("PublicProfile"),
            "became_acceptance": BOOLEAN,
        },
        ("id", "from_attendee_id", "to_attendee_id", "status"),
    ),
    "MyRequests": obj(
        {
            "incoming": {"type": "array", "items": ref("MeetingRequest")},
            "outgoing": {"type": "array", "items": ref("MeetingRequest")},
            "open_outgoing": INTEGER,
            "cap": INTEGER,
        },
        ("incoming", "outgoing", "open_outgoing", "cap"),
    ),
    "RequestInput": obj({"to_attendee_id": ID, "message": string(500)}, ("to_attendee_id",), closed=True),
    "Meeting": obj(
        {
            "id": ID,
            "attendee_ids": {"type": "array", "items": ID, "minItems": 2, "maxItems": 2},
            "slot": SLOT,
            "table": TABLE,
            "status": {"type": "string", "enum": ["scheduled", "cancelled", "held", "no_show"]},
            "locked": BOOLEAN,
            "source": {"type": "string", "enum": ["auto", "request", "manual"]},
            "score": nullable(NUMBER),
        },
        ("id", "attendee_ids", "slot", "table", "status"),
    ),
    "MeetingInput": obj(
        {
            "attendee_ids": {"type": "array", "items": ID, "minItems": 2, "maxItems": 2},
            "slot_id": ID,
            "table_id": ID,
        },
        ("attendee_ids", "slot_id", "table_id"),
        closed=True,
    ),
    "MeetingChange": obj(
        {
            "slot_id": ID,
            "table_id": ID,
            "locked": BOOLEAN,
            "status": {"type": "string", "enum": ["scheduled", "held", "no_show"]},
        },
        closed=True,
    ),
    "ScheduleRun": obj(
        {
            "id": ID,
            "status": {"type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled"]},
            "progress": {"type": "number", "minimum": 0, "maximum": 1},
            "parameters": {"type": "object"},
            "cancel_requested": BOOLEAN,
            "created_at": DATETIME,
            "started_at": nullable(DATETIME),
            "finished_at": nullable(DATETIME),
            "published_at": nullable(DATETIME),
            "error": nullable(string()),
            "stats": {"type": "object"},
            "has_result": BOOLEAN,
        },
        ("id", "status", "progress"),
    ),
    "RunInput": obj(
        {"full_replan": BOOLEAN, "time_limit": {"type": "integer", "minimum": 1, "maximum": 3600}},
        closed=True,
    ),
    "RunResult": obj(
        {
            "run_id": ID,
            "full_replan": BOOLEAN,
            "stats": {"type": "object"},
            "meetings": {
                "type": "array",
                "items": obj(
                    {
                        "attendee_ids": {"type": "array", "items": ID},
                        "slot_id": ID,
                        "table_id": ID,
                        "score": NUMBER,
                        "required": BOOLEAN,
                        "fixed": BOOLEAN,
                    }
                ),
            },
        },
        ("run_id", "meetings"),
    ),
    "PublishResult": obj(
        {
            "run": ref("ScheduleRun"),
            "created": INTEGER,
            "moved": INTEGER,
            "cancelled": INTEGER,
            "kept": INTEGER,
            "notified": INTEGER,
        },
        ("run", "created", "moved", "cancelled", "kept"),
    ),
    "Agenda": obj(
        {
            "days": {
                "type": "array",
                "items": obj(
                    {
                        "date": DATE,
                        "meetings": {
                            "type": "array",
                            "items": obj(
                                {
                                    "id": ID,
                                    "slot_code": string(),
                                    "start": DATETIME,
                                    "end": DATETIME,
                                    "table": string(),
                                    "zone": string(),
                                    "status": string(),
                                    "partner": ref("Partner"),
                                    "reasons": STRING_LIST,
                                },
                                ("id", "start", "end", "table", "partner"),
                            ),
                        },
                    },
                    ("date", "meetings"),
                ),
            },
            "to_be_scheduled": {
                "type": "array",
                "items": obj(
                    {"request_id": ID, "partner": ref("Partner"), "reasons": STRING_LIST},
                    ("request_id", "partner"),
                ),
            },
        },
        ("days", "to_be_scheduled"),
    ),
    "Board": obj(
        {
            "event": obj({"name": string(), "venue": string(), "timezone": string()}),
            "current": ROUND,
            "next": ROUND,
            "poll_seconds": INTEGER,
        },
        ("event", "current", "next"),
    ),
    "Registration": obj(PROFILE_INPUT | {"consent": BOOLEAN}, ("name", "email", "consent"), closed=True),
    "ProfileChange": obj(PROFILE_INPUT, closed=True),
    "LinkRequest": obj({"email": string(254)}, ("email",), closed=True),
    "Accepted": obj({"message": string()}, ("message",)),
}
for _name in (
    "Event",
    "Slot",
    "Table",
    "Attendee",
    "Meeting",
    "MeetingRequest",
    "ScheduleRun",
    "Recommendation",
):
    SCHEMAS[f"{_name}Page"] = page_of(_name)
