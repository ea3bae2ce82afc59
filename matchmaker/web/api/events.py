"""Organiser endpoints for events and their venue grid: slots and tables."""

from __future__ import annotations

from datetime import time
from typing import Any

from flask import Response, jsonify
from sqlalchemy import select

from matchmaker.db.models import Event, Organiser, Slot, VenueTable
from matchmaker.services import event_setup
from matchmaker.services.event_setup import EventDetails, RequestRules, SetupError, SlotPlan
from matchmaker.services.schedule_settings import ScheduleSettings, SettingsError, save_schedule_settings
from matchmaker.web.api import bp
from matchmaker.web.api.auth import current_organiser, organiser_key, owned_event_or_404
from matchmaker.web.api.errors import ApiError, invalid
from matchmaker.web.api.listing import paged
from matchmaker.web.api.params import (
    boolean,
    integer,
    iso_date,
    json_body,
    query_text,
    required_int,
    required_text,
    text,
    text_list,
)
from matchmaker.web.api.serialize import event_json, slot_json, table_json
from matchmaker.web.database import get_session

EVENT_FIELDS = ("name", "venue", "timezone", "start_date", "end_date", "languages", "description",
                "request_cap", "request_expiry_hours", "requests_before_schedule", "match_floor",
                "requested_meetings_only")


def setup_error(error: ValueError) -> ApiError:
    """The set-up services start their messages with the field ("timezone: ..."); keep that as ``field``."""
    message = str(error)
    field, _, _ = message.partition(":")
    return invalid(field.strip().replace(" ", "_") or "body", message)


def created(payload: dict[str, Any]) -> tuple[Response, int]:
    return jsonify(payload), 201


@bp.get("/events")
@organiser_key
def list_events() -> dict[str, Any]:
    query = select(Event).where(Event.organisers.any(Organiser.id == current_organiser().id))
    if (search := query_text("q")) is not None:
        query = query.where(Event.name.ilike(f"%{search}%"))
    return paged(query.order_by(Event.start_date, Event.id), event_json)


def _details(body: dict[str, Any], current: Event | None) -> EventDetails:
    merged = {field: body.get(field, getattr(current, field, None)) for field in
              ("name", "venue", "timezone", "description")}
    return EventDetails(
        name=required_text(merged, "name", 200),
        venue=text(merged, "venue", 200),
        timezone=required_text(merged, "timezone", 64),
        start_date=iso_date(body, "start_date")
        if "start_date" in body or current is None
        else current.start_date,
        end_date=iso_date(body, "end_date") if "end_date" in body or current is None else current.end_date,
        languages=text_list(body, "languages", 10, 8)
        if "languages" in body
        else tuple(current.languages)
        if current is not None
        else ("en",),
        description=text(merged, "description", 5000),
    )


def _rules(body: dict[str, Any], event: Event) -> RequestRules:
    return RequestRules(
        request_cap=integer(body, "request_cap", 0, 500, event.request_cap) or 0,
        request_expiry_hours=integer(body, "request_expiry_hours", 1, 24 * 60, event.request_expiry_hours)
        or event.request_expiry_hours,
        requests_before_schedule=boolean(body, "requests_before_schedule", event.requests_before_schedule),
    )


def _schedule_settings(body: dict[str, Any], event: Event) -> ScheduleSettings:
    floor = body.get("match_floor", event.match_floor)
    if floor is not None and (isinstance(floor, bool) or not isinstance(floor, int | float)):
        raise invalid("match_floor", "match_floor must be a number between 0 and 1, or null")
    return ScheduleSettings(
        match_floor=None if floor is None else float(floor),
        requested_meetings_only=boolean(body, "requested_meetings_only", event.requested_meetings_only),
    )


def _save_schedule_settings(body: dict[str, Any], event: Event) -> None:
    try:
        save_schedule_settings(get_session(), event, _schedule_settings(body, event))
    except SettingsError as error:
        raise setup_error(error) from None


@bp.post("/events")
@organiser_key
def create_event() -> tuple[Response, int]:
    body = json_body(EVENT_FIELDS)
    session = get_session()
    try:
        event = event_setup.create_event(session, current_organiser(), _details(body, None))
        event_setup.set_request_rules(session, event, _rules(body, event))
    except SetupError as error:
        raise setup_error(error) from None
    _save_schedule_settings(body, event)
    session.commit()
    return created(event_json(event))


@bp.get("/events/<slug>")
@organiser_key
def get_event(slug: str) -> dict[str, Any]:
    return event_json(owned_event_or_404(slug))


@bp.patch("/events/<slug>")
@organiser_key
def update_event(slug: str) -> dict[str, Any]:
    event = owned_event_or_404(slug)
    body = json_body(EVENT_FIELDS)
    session = get_session()
    try:
        event_setup.update_details(session, event, _details(body, event))
        event_setup.set_request_rules(session, event, _rules(body, event))
    except SetupError as error:
        raise setup_error(error) from None
    _save_schedule_settings(body, event)
    session.commit()
    return event_json(event)


@bp.get("/events/<slug>/slots")
@organiser_key
def list_slots(slug: str) -> dict[str, Any]:
    event = owned_event_or_404(slug)
    return paged(select(Slot).where(Slot.event_id == event.id).order_by(Slot.start), slot_json)


def _clock(body: dict[str, Any], field: str) -> time:
    value = required_text(body, field, 5)
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise invalid(field, f"{field} must be a time like 09:00") from None


def _breaks(body: dict[str, Any]) -> tuple[tuple[time, time], ...]:
    value = body.get("breaks") or []
    if not isinstance(value, list) or len(value) > 10 or not all(isinstance(item, dict) for item in value):
        raise invalid("breaks", 'breaks must be a list of {"start": "12:00", "end": "13:00"}')
    return tuple((_clock(item, "start"), _clock(item, "end")) for item in value)


@bp.put("/events/<slug>/slots")
@organiser_key
def generate_slots(slug: str) -> dict[str, Any]:
    """Replace the slot grid by a day plan (refused once meetings exist)."""
    event = owned_event_or_404(slug)
    body = json_body(("day_start", "day_end", "meeting_minutes", "changeover_minutes", "breaks"))
    plan = SlotPlan(
        day_start=_clock(body, "day_start"),
        day_end=_clock(body, "day_end"),
        meeting_minutes=required_int(body, "meeting_minutes", 1, 240),
        changeover_minutes=integer(body, "changeover_minutes", 0, 240, 0) or 0,
        breaks=_breaks(body),
    )
    session = get_session()
    try:
        slots = event_setup.generate_slots(session, event, plan)
    except SetupError as error:
        raise setup_error(error) from None
    session.commit()
    return {
        "items": [slot_json(slot) for slot in slots],
        "total": len(slots),
        "limit": len(slots),
        "offset": 0,
    }


@bp.patch("/events/<slug>/slots/<int:slot_id>")
@organiser_key
def edit_slot(slug: str, slot_id: int) -> dict[str, Any]:
    from matchmaker.web.api.params import aware_datetime

    event = owned_event_or_404(slug)
    body = json_body(("start", "end"))
    start, end = aware_datetime(body, "start"), aware_datetime(body, "end")
    session = get_session()
    try:
        slot = event_setup.edit_slot(session, event, slot_id, start, end)
    except SetupError as error:
        raise (
            ApiError(404, "not_found", "no such slot") if "not found" in str(error) else setup_error(error)
        ) from None
    session.commit()
    return slot_json(slot)


@bp.delete("/events/<slug>/slots/<int:slot_id>")
@organiser_key
def delete_slot(slug: str, slot_id: int) -> tuple[str, int]:
    event = owned_event_or_404(slug)
    session = get_session()
    try:
        event_setup.delete_slot(session, event, slot_id)
    except SetupError as error:
        if "not found" in str(error):
            raise ApiError(404, "not_found", "no such slot") from None
        raise ApiError(409, "conflict", str(error), field="slot") from None
    session.commit()
    return "", 204


@bp.get("/events/<slug>/tables")
@organiser_key
def list_tables(slug: str) -> dict[str, Any]:
    event = owned_event_or_404(slug)
    return paged(
        select(VenueTable)
        .where(VenueTable.event_id == event.id)
        .order_by(VenueTable.position, VenueTable.id),
        table_json,
    )


@bp.put("/events/<slug>/tables")
@organiser_key
def set_tables(slug: str) -> dict[str, Any]:
    """Replace the tables: ``count`` tables named by ``naming`` ("Table {n}") in ``zones``."""
    event = owned_event_or_404(slug)
    body = json_body(("count", "naming", "zones"))
    count = required_int(body, "count", 1, event_setup.MAX_TABLES)
    session = get_session()
    try:
        tables = event_setup.set_tables(
            session, event, count, text(body, "naming", 60, "Table {n}"), text(body, "zones", 2000)
        )
    except SetupError as error:
        raise setup_error(error) from None
    session.commit()
    return {"items": [table_json(t) for t in tables], "total": len(tables), "limit": len(tables), "offset": 0}
