"""Organiser endpoints for attendees: list and filter, create, read, update, delete, bulk import."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from matchmaker.db.models import Attendee, Event
from matchmaker.formats.attendee_csv import AttendeeRecord
from matchmaker.services import attendee_edit, listings
from matchmaker.services.attendee_edit import AttendeeEditError
from matchmaker.services.attendee_edit import update_attendee as edit_attendee
from matchmaker.services.attendee_import import ImportReport, check_attendee_csv, import_attendee_csv
from matchmaker.services.attendees import attendee_of as find_attendee
from matchmaker.services.attendees import profile_values
from matchmaker.services.recommendations import recommended_people
from matchmaker.web.api import bp
from matchmaker.web.api.attendee_input import (
    RECORD_FIELDS,
    problems_json,
    record_from_json,
    records_as_csv,
    records_from_json,
)
from matchmaker.web.api.auth import organiser_key, owned_event_or_404
from matchmaker.web.api.errors import ApiError, conflict, not_found
from matchmaker.web.api.listing import paged
from matchmaker.web.api.params import json_body, query_choice, query_text
from matchmaker.web.api.serialize import attendee_json, recommendations_json
from matchmaker.web.database import get_session
from matchmaker.web.self_profile import shape_context


def attendee_of(event: Event, attendee_id: int) -> Attendee:
    attendee = find_attendee(get_session(), event, attendee_id)
    if attendee is None:
        raise not_found("attendee")
    return attendee


@bp.get("/events/<slug>/attendees")
@organiser_key
def list_attendees(slug: str) -> dict[str, Any]:
    """Filters: ``q`` (name, company or e-mail contains), ``company`` (exact), ``checked_in``."""
    event = owned_event_or_404(slug)
    checked_in = query_choice("checked_in", ("true", "false"))
    query = listings.attendees_of(
        event, query_text("q"), query_text("company"), None if checked_in is None else checked_in == "true"
    )
    return paged(query, attendee_json)


def _import(
    event: Event, data: bytes, index_of_line: dict[int, int] | None, dry_run: bool
) -> tuple[ImportReport, list[Attendee]]:
    session = get_session()
    report = check_attendee_csv(session, event, data)
    if not report.ok:
        raise ApiError(
            422,
            "invalid_rows",
            f"the import has {len(report.problems)} problem(s); nothing was imported",
            details=problems_json(report, index_of_line),
        )
    if dry_run:
        return report, []
    return report, import_attendee_csv(session, event, data)


@bp.post("/events/<slug>/attendees")
@organiser_key
def create_attendee(slug: str) -> tuple[Response, int]:
    event = owned_event_or_404(slug)
    record = record_from_json(json_body(RECORD_FIELDS))
    data, _lines = records_as_csv([record])
    try:
        _report, created = _import(event, data, None, dry_run=False)
    except ApiError as error:
        if error.details:  # one record: its first problem is the answer
            first = error.details[0]
            status = 409 if "already" in first["message"] else 422
            raise ApiError(
                status,
                "conflict" if status == 409 else "invalid",
                first["message"],
                field=first["field"] or "body",
            ) from None
        raise
    return jsonify(attendee_json(created[0])), 201


@bp.post("/events/<slug>/attendees/import")
@organiser_key
def import_attendees(slug: str) -> tuple[Response, int]:
    """All or nothing: a CSV file (``text/csv``) or ``{"attendees": [...]}``; ``?dry_run=true`` only checks.

    Problems come back all at once, by CSV line (or JSON index) and column.
    """
    event = owned_event_or_404(slug)
    dry_run = query_choice("dry_run", ("true", "false")) == "true"
    index_of_line: dict[int, int] | None = None
    if request.mimetype == "text/csv":
        data = request.get_data(cache=False)
    else:
        records: list[AttendeeRecord] = records_from_json(json_body(("attendees",)))
        data, index_of_line = records_as_csv(records)
    report, created = _import(event, data, index_of_line, dry_run)
    if dry_run:
        return jsonify(
            dry_run=True, would_create=len(report.records), created=0, ids=[], warnings=list(report.warnings)
        ), 200
    return jsonify(
        dry_run=False,
        would_create=len(created),
        created=len(created),
        ids=[a.id for a in created],
        warnings=list(report.warnings),
    ), 201


@bp.get("/events/<slug>/attendees/<int:attendee_id>")
@organiser_key
def get_attendee(slug: str, attendee_id: int) -> dict[str, Any]:
    return attendee_json(attendee_of(owned_event_or_404(slug), attendee_id))


def _current_record(attendee: Attendee) -> dict[str, Any]:
    """The attendee as an import record, the base that a partial update is applied to."""
    values = profile_values(attendee) | {"id": attendee.external_id or f"A{attendee.id}"}
    return {name: list(value) if isinstance(value, tuple) else value for name, value in values.items()}


@bp.patch("/events/<slug>/attendees/<int:attendee_id>")
@organiser_key
def update_attendee(slug: str, attendee_id: int) -> dict[str, Any]:
    """Change some fields; the merged record must pass the same checks as an imported row."""
    event = owned_event_or_404(slug)
    attendee = attendee_of(event, attendee_id)
    changes = json_body(RECORD_FIELDS)
    record = record_from_json(_current_record(attendee) | changes, context=shape_context(event))
    session = get_session()
    # A walk-in without an id of the organiser's keeps none unless the change gives one.
    external_id = record.id if attendee.external_id or "id" in changes else None
    try:
        edit_attendee(session, attendee, record, external_id=external_id)
    except AttendeeEditError as error:
        raise conflict(str(error).partition(": ")[2], field=error.field) from None
    return attendee_json(attendee)


@bp.delete("/events/<slug>/attendees/<int:attendee_id>")
@organiser_key
def remove_attendee(slug: str, attendee_id: int) -> tuple[str, int]:
    """Delete the attendee and their data, as the organiser's page does; their partners are told their
    agenda changed."""
    attendee = attendee_of(owned_event_or_404(slug), attendee_id)
    attendee_edit.remove_attendee(get_session(), attendee)
    return "", 204


@bp.get("/events/<slug>/attendees/<int:attendee_id>/recommendations")
@organiser_key
def attendee_recommendations(slug: str, attendee_id: int) -> dict[str, Any]:
    attendee = attendee_of(owned_event_or_404(slug), attendee_id)
    return recommendations_json(recommended_people(get_session(), attendee.id))
