"""The OpenAPI 3 component schemas: the shapes of what the API accepts and answers.

What the API accepts is generated from the declarations in :mod:`matchmaker.shapes` (the same models
that validate the requests, the forms and the CSV), converted from JSON Schema to OpenAPI 3.0; what it
answers is described here.
"""

from __future__ import annotations

import copy
from typing import Any

from pydantic import BaseModel

from matchmaker.shapes.attendee import AttendeeProfile, AttendeeRecord, Registration, SelfProfile
from matchmaker.shapes.event import (
    EventInput,
    MeetingRequestInput,
    SlotPlan,
    SlotTimes,
    TablePlan,
)

Schema = dict[str, Any]
REF = "#/components/schemas/{model}"


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


def _openapi_30(node: Any) -> Any:
    """JSON Schema (2020-12, as pydantic writes it) -> OpenAPI 3.0: ``anyOf [X, null]`` becomes
    ``X`` + ``nullable``, ``const`` an ``enum``; titles go (the property names say it)."""
    if isinstance(node, list):
        return [_openapi_30(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _openapi_30(value) for key, value in node.items() if key != "title"}
    options = node.get("anyOf")
    if isinstance(options, list) and {"type": "null"} in options:
        rest = [option for option in options if option != {"type": "null"}]
        merged = {key: value for key, value in node.items() if key != "anyOf"}
        merged |= (rest[0] if len(rest) == 1 else {"anyOf": rest}) | {"nullable": True}
        node = merged
    if "const" in node:
        node["enum"] = [node.pop("const")]
    return node


def from_shape(model: type[BaseModel], partial: bool = False) -> tuple[Schema, dict[str, Schema]]:
    """``model``'s schema (and the schemas it refers to); ``partial``: every field optional (PATCH)."""
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    nested = {name: _openapi_30(item) for name, item in schema.pop("$defs", {}).items()}
    schema = _openapi_30(schema)
    if partial:
        schema.pop("required", None)
    return schema, nested


def _shapes(**models: tuple[type[BaseModel], bool]) -> dict[str, Schema]:
    schemas: dict[str, Schema] = {}
    for name, (model, partial) in models.items():
        schema, nested = from_shape(model, partial)
        schemas |= nested | {name: schema}
    return schemas


INPUT_SCHEMAS = _shapes(
    AttendeeInput=(AttendeeRecord, False),
    AttendeeChange=(AttendeeRecord, True),
    Registration=(Registration, False),
    ProfileChange=(SelfProfile, True),
    EventInput=(EventInput, False),
    EventChange=(EventInput, True),
    SlotPlan=(SlotPlan, False),
    SlotTimes=(SlotTimes, False),
    TablePlan=(TablePlan, False),
    RequestInput=(MeetingRequestInput, False),
)
# What others see of an attendee's profile, and what the organiser and the attendee see.
_PROFILE = copy.deepcopy(from_shape(AttendeeProfile)[0]["properties"])

INTEGER = {"type": "integer"}
ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
BOOLEAN = {"type": "boolean"}
NUMBER = {"type": "number"}
DATE = string(format="date")
DATETIME = string(format="date-time")
STRING_LIST = {"type": "array", "items": {"type": "string"}}
# Why a candidate is worth meeting: structured, with a sentence in the requester's language (text).
REASONS = {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}}


def page_of(item: str) -> Schema:
    return obj(
        {
            "items": {"type": "array", "items": ref(item)},
            "total": INTEGER,
            "limit": INTEGER,
            "offset": INTEGER,
        },
        ("items", "total", "limit", "offset"),
    )


def _answer(name: str) -> Schema:
    """An answer's field as the input declares it, without defaults (answers always carry a value)."""
    schema = {key: value for key, value in _PROFILE[name].items() if key != "default"}
    return schema


PUBLIC_PROFILE = {"id": ID} | {
    name: _answer(name)
    for name in (
        "name",
        "company",
        "job_title",
        "sector",
        "country",
        "languages",
        "offers",
        "seeks",
        "interests",
    )
}
SLOT = obj({"id": ID, "code": string(), "start": DATETIME, "end": DATETIME}, ("id", "code", "start", "end"))
TABLE = obj(
    {"id": ID, "name": string(), "zone": string(), "position": INTEGER}, ("id", "name", "zone", "position")
)
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

SCHEMAS: dict[str, Schema] = INPUT_SCHEMAS | {
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
        {
            name: {k: v for k, v in field.items() if k != "default"}
            for name, field in INPUT_SCHEMAS["EventInput"]["properties"].items()
        }
        | {"slug": string(), "meeting_minutes": INTEGER, "end_date": DATE},
        ("slug", "name", "timezone", "start_date", "end_date"),
    ),
    "Slot": SLOT,
    "Table": TABLE,
    "Attendee": obj(
        PUBLIC_PROFILE
        | {
            "external_id": nullable(string()),
            "email": nullable(string()),
            "intents": STRING_LIST,
            "avoids": _answer("avoids"),
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
    "Reason": obj(
        {
            "kind": string(
                enum=[
                    "they_offer",
                    "they_seek",
                    "shared_interests",
                    "similar_interests",
                    "goals",
                    "attending",
                    "text",
                ]
            ),
            "yours": STRING_LIST,
            "theirs": STRING_LIST,
            "codes": STRING_LIST,
            "text": string(),
        },
        ("kind", "yours", "theirs", "codes", "text"),
    ),
    "Recommendation": obj(
        {"rank": INTEGER, "score": NUMBER, "reasons": REASONS, "person": ref("PublicProfile")},
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
                                    "reasons": REASONS,
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
                    {"request_id": ID, "partner": ref("Partner"), "reasons": REASONS},
                    ("request_id", "partner"),
                ),
            },
            # The freed seat's question ("find me another partner for this slot?"), answered on the agenda
            # page; standing once answered yes.
            "freed_seats": {
                "type": "array",
                "items": obj(
                    {"seat_id": ID, "start": DATETIME, "standing": BOOLEAN},
                    ("seat_id", "start", "standing"),
                ),
            },
        },
        ("days", "to_be_scheduled", "freed_seats"),
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
