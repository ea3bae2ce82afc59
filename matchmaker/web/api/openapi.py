"""The OpenAPI 3 document of ``/api/v1``, written as data. Tests check it against the routes and
Schemathesis checks the behaviour against it, so it can't drift from what the API does."""

from __future__ import annotations

from typing import Any

from matchmaker.web.api.openapi_schemas import SCHEMAS, ref

Operation = dict[str, Any]

Security = list[dict[str, list[str]]]
ORGANISER: Security = [{"organiserKey": []}]
ATTENDEE: Security = [{"personalToken": []}]
KIOSK: Security = [{"kioskToken": []}]
PUBLIC: Security = []

ERROR_TEXT = {
    400: "The body is not valid JSON",
    401: "Missing, wrong or revoked token (one answer for all)",
    404: "No such resource, or not yours",
    409: "Refused by the current state (the message says why)",
    413: "The body is too large",
    415: "The body is not JSON",
    422: "A field has a value that can't be used",
    429: "Rate limit reached; see Retry-After",
}


def _error(status: int) -> dict[str, Any]:
    return {"description": ERROR_TEXT[status], "content": {"application/json": {"schema": ref("Error")}}}


def _path_param(name: str) -> dict[str, Any]:
    if name == "slug":
        schema: dict[str, Any] = {"type": "string", "maxLength": 200, "example": "spring-fair"}
    else:
        schema = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
    return {"name": name, "in": "path", "required": True, "schema": schema}


def _query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


PAGING = [
    _query("limit", {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}),
    _query("offset", {"type": "integer", "minimum": 0, "default": 0}),
]


def op(
    summary: str,
    security: list[dict[str, list[str]]],
    ok: int,
    schema: str | None,
    *,
    body: str | None = None,
    query: list[dict[str, Any]] | None = None,
    errors: tuple[int, ...] = (),
    etag: bool = False,
    csv: bool = False,
) -> Operation:
    """One operation: its success answer, and every error status it can give."""
    statuses = set(errors) | {429}
    if security:
        statuses.add(401)
    if body is not None:
        statuses |= {400, 415, 422}
    if query:
        statuses.add(422)
    success: dict[str, Any] = {"description": "Success"}
    if schema is not None:
        success["content"] = {"application/json": {"schema": ref(schema)}}
    if etag:
        success["headers"] = {"ETag": {"schema": {"type": "string"}}}
    responses: dict[str, Any] = {str(ok): success}
    if etag:
        responses["304"] = {"description": "Not modified since the ETag in If-None-Match"}
    responses |= {str(status): _error(status) for status in sorted(statuses)}
    operation: Operation = {
        "summary": summary,
        "security": security,
        "responses": responses,
        "parameters": list(query or []),
    }
    if etag:
        operation["parameters"].append(
            {"name": "If-None-Match", "in": "header", "required": False, "schema": {"type": "string"}}
        )
    if body is not None:
        content: dict[str, Any] = {"application/json": {"schema": ref(body)}}
        if csv:
            content["text/csv"] = {"schema": {"type": "string"}}
        operation["requestBody"] = {"required": True, "content": content}
    return operation


def _path(template: str, operations: dict[str, Operation]) -> dict[str, Any]:
    names = [part[1:-1] for part in template.split("/") if part.startswith("{")]
    return {"parameters": [_path_param(name) for name in names], **operations}


E = "/events/{slug}"
STATUS_REQ = {"type": "string", "enum": ["requested", "accepted", "declined", "cancelled", "expired"]}
STATUS_MEETING = {"type": "string", "enum": ["scheduled", "cancelled", "held", "no_show"]}
STATUS_RUN = {"type": "string", "enum": ["queued", "running", "succeeded", "failed", "cancelled"]}
ID_FILTER = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
TRUE_FALSE = {"type": "string", "enum": ["true", "false"]}
SEARCH = {"type": "string", "maxLength": 200}

PATHS: dict[str, dict[str, Any]] = {
    "/openapi.json": {
        "get": {
            "summary": "This document",
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    },
    "/events": _path(
        "/events",
        {
            "get": op(
                "The organiser's events",
                ORGANISER,
                200,
                "EventPage",
                query=[*PAGING, _query("q", SEARCH, "name contains")],
            ),
            "post": op("Create an event", ORGANISER, 201, "Event", body="EventInput"),
        },
    ),
    E: _path(
        E,
        {
            "get": op("One event", ORGANISER, 200, "Event", errors=(404,)),
            "patch": op(
                "Change an event's details and request rules",
                ORGANISER,
                200,
                "Event",
                body="EventChange",
                errors=(404,),
            ),
        },
    ),
    f"{E}/slots": _path(
        f"{E}/slots",
        {
            "get": op("The slot grid", ORGANISER, 200, "SlotPage", query=PAGING, errors=(404,)),
            "put": op(
                "Replace the slot grid from a day plan",
                ORGANISER,
                200,
                "SlotPage",
                body="SlotPlan",
                errors=(404, 409),
            ),
        },
    ),
    f"{E}/slots/{{slot_id}}": _path(
        f"{E}/slots/{{slot_id}}",
        {
            "patch": op("Move one slot", ORGANISER, 200, "Slot", body="SlotTimes", errors=(404,)),
            "delete": op("Delete an unused slot", ORGANISER, 204, None, errors=(404, 409)),
        },
    ),
    f"{E}/tables": _path(
        f"{E}/tables",
        {
            "get": op("The tables", ORGANISER, 200, "TablePage", query=PAGING, errors=(404,)),
            "put": op("Replace the tables", ORGANISER, 200, "TablePage", body="TablePlan", errors=(404, 409)),
        },
    ),
    f"{E}/attendees": _path(
        f"{E}/attendees",
        {
            "get": op(
                "Attendees, filtered and paged",
                ORGANISER,
                200,
                "AttendeePage",
                errors=(404,),
                query=[
                    *PAGING,
                    _query("q", SEARCH, "name, company or e-mail contains"),
                    _query("company", SEARCH, "company is exactly"),
                    _query("checked_in", TRUE_FALSE),
                ],
            ),
            "post": op(
                "Add one attendee (same rules as an imported row)",
                ORGANISER,
                201,
                "Attendee",
                body="AttendeeInput",
                errors=(404, 409),
            ),
        },
    ),
    f"{E}/attendees/import": _path(
        f"{E}/attendees/import",
        {
            "post": op(
                "Import attendees, all or nothing (CSV or JSON)",
                ORGANISER,
                201,
                "ImportResult",
                body="AttendeeImport",
                csv=True,
                errors=(404, 413),
                query=[_query("dry_run", TRUE_FALSE, "only check; answers 200")],
            ),
        },
    ),
    f"{E}/attendees/{{attendee_id}}": _path(
        f"{E}/attendees/{{attendee_id}}",
        {
            "get": op("One attendee", ORGANISER, 200, "Attendee", errors=(404,)),
            "patch": op(
                "Change an attendee", ORGANISER, 200, "Attendee", body="AttendeeChange", errors=(404, 409)
            ),
            "delete": op("Delete an attendee and their data", ORGANISER, 204, None, errors=(404,)),
        },
    ),
    f"{E}/attendees/{{attendee_id}}/recommendations": _path(
        f"{E}/attendees/{{attendee_id}}/recommendations",
        {
            "get": op("An attendee's recommendations", ORGANISER, 200, "RecommendationPage", errors=(404,)),
        },
    ),
    f"{E}/requests": _path(
        f"{E}/requests",
        {
            "get": op(
                "Meeting requests",
                ORGANISER,
                200,
                "MeetingRequestPage",
                errors=(404,),
                query=[
                    *PAGING,
                    _query("status", STATUS_REQ),
                    _query("attendee_id", ID_FILTER, "sent or received"),
                ],
            ),
        },
    ),
    f"{E}/meetings": _path(
        f"{E}/meetings",
        {
            "get": op(
                "Meetings",
                ORGANISER,
                200,
                "MeetingPage",
                errors=(404,),
                query=[
                    *PAGING,
                    _query("status", STATUS_MEETING),
                    _query("slot_id", ID_FILTER),
                    _query("attendee_id", ID_FILTER),
                ],
            ),
            "post": op(
                "Add a manual meeting", ORGANISER, 201, "Meeting", body="MeetingInput", errors=(404, 409)
            ),
        },
    ),
    f"{E}/meetings/{{meeting_id}}": _path(
        f"{E}/meetings/{{meeting_id}}",
        {
            "get": op("One meeting", ORGANISER, 200, "Meeting", errors=(404,)),
            "patch": op(
                "Move, lock or record the outcome of a meeting",
                ORGANISER,
                200,
                "Meeting",
                body="MeetingChange",
                errors=(404, 409),
            ),
            "delete": op("Cancel a meeting (both people are told)", ORGANISER, 204, None, errors=(404, 409)),
        },
    ),
    f"{E}/schedule-runs": _path(
        f"{E}/schedule-runs",
        {
            "get": op(
                "Schedule runs, newest first",
                ORGANISER,
                200,
                "ScheduleRunPage",
                errors=(404,),
                query=[*PAGING, _query("status", STATUS_RUN)],
            ),
            "post": op(
                "Start a schedule run", ORGANISER, 202, "ScheduleRun", body="RunInput", errors=(404, 409)
            ),
        },
    ),
    f"{E}/schedule-runs/{{run_id}}": _path(
        f"{E}/schedule-runs/{{run_id}}",
        {
            "get": op("A run's status and progress", ORGANISER, 200, "ScheduleRun", errors=(404,)),
        },
    ),
    f"{E}/schedule-runs/{{run_id}}/result": _path(
        f"{E}/schedule-runs/{{run_id}}/result",
        {
            "get": op("A finished run's draft", ORGANISER, 200, "RunResult", errors=(404, 409)),
        },
    ),
    f"{E}/schedule-runs/{{run_id}}/cancel": _path(
        f"{E}/schedule-runs/{{run_id}}/cancel",
        {
            "post": op("Stop a run", ORGANISER, 200, "ScheduleRun", errors=(404, 409)),
        },
    ),
    f"{E}/schedule-runs/{{run_id}}/publish": _path(
        f"{E}/schedule-runs/{{run_id}}/publish",
        {
            "post": op(
                "Publish a run's draft as the schedule", ORGANISER, 200, "PublishResult", errors=(404, 409)
            ),
        },
    ),
    f"{E}/registrations": _path(
        f"{E}/registrations",
        {
            "post": op(
                "Register for an event (the link goes by e-mail)",
                PUBLIC,
                202,
                "Accepted",
                body="Registration",
                errors=(404,),
            ),
        },
    ),
    "/links": _path(
        "/links",
        {
            "post": op("Mail personal links again", PUBLIC, 202, "Accepted", body="LinkRequest"),
        },
    ),
    "/me": _path(
        "/me",
        {
            "get": op("My profile", ATTENDEE, 200, "Attendee"),
            "patch": op("Change my profile", ATTENDEE, 200, "Attendee", body="ProfileChange", errors=(409,)),
        },
    ),
    "/me/recommendations": _path(
        "/me/recommendations",
        {
            "get": op("People worth meeting, best first", ATTENDEE, 200, "RecommendationPage"),
        },
    ),
    "/me/requests": _path(
        "/me/requests",
        {
            "get": op("My meeting requests", ATTENDEE, 200, "MyRequests"),
            "post": op(
                "Ask someone for a meeting (200 when it accepted their request)",
                ATTENDEE,
                201,
                "MeetingRequest",
                body="RequestInput",
                errors=(409,),
            ),
        },
    ),
    **{
        f"/me/requests/{{request_id}}/{action}": _path(
            f"/me/requests/{{request_id}}/{action}",
            {
                "post": op(
                    f"{action.capitalize()} a request", ATTENDEE, 200, "MeetingRequest", errors=(404, 409)
                ),
            },
        )
        for action in ("accept", "decline", "cancel")
    },
    "/me/agenda": _path(
        "/me/agenda",
        {
            "get": op("My agenda (ETag)", ATTENDEE, 200, "Agenda", etag=True),
        },
    ),
    "/kiosk/{slug}/board": _path(
        "/kiosk/{slug}/board",
        {
            "get": op("The kiosk board: current and next round (ETag)", KIOSK, 200, "Board", etag=True),
        },
    ),
}
# Asking someone who already asked you answers 200 (their request, now accepted).
PATHS["/me/requests"]["post"]["responses"]["200"] = PATHS["/me/requests"]["post"]["responses"]["201"]
# A dry run answers 200.
PATHS[f"{E}/attendees/import"]["post"]["responses"]["200"] = {
    "description": "Dry run: nothing written",
    "content": {"application/json": {"schema": ref("ImportResult")}},
}


def openapi_document(server_url: str = "/api/v1") -> dict[str, Any]:
    """The whole document; ``server_url`` is where ``/api/v1`` is served."""
    bearer = {"type": "http", "scheme": "bearer"}
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "matchmaker API",
            "version": "1.0.0",
            "description": "Events, attendees, matching and schedules for integrations. Every error is "
            "JSON with a stable `code` and a human `message`; validation errors name "
            "the `field`.",
        },
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {
                "organiserKey": bearer | {"description": "An organiser API key (dashboard → API keys)"},
                "personalToken": bearer | {"description": "An attendee's personal link token"},
                "kioskToken": bearer | {"description": "A kiosk board token; opens only its board"},
            },
        },
    }
