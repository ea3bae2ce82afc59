"""Organiser endpoints for events and their venue grid: slots and tables."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from matchmaker.db.models import Event
from matchmaker.services import event_setup, listings
from matchmaker.services.event_setup import SetupError
from matchmaker.services.schedule_settings import ScheduleSettings, save_schedule_settings
from matchmaker.shapes.event import EventInput, SlotPlan, SlotTimes, TablePlan
from matchmaker.web.api import bp
from matchmaker.web.api.auth import current_organiser, organiser_key, owned_event_or_404
from matchmaker.web.api.errors import ApiError, invalid
from matchmaker.web.api.listing import paged
from matchmaker.web.api.params import json_body, query_text, shaped
from matchmaker.web.api.serialize import event_json, slot_json, table_json
from matchmaker.web.database import get_session

EVENT_FIELDS = tuple(EventInput.model_fields)


def setup_error(error: SetupError) -> ApiError:
    """The set-up services start their messages with the field ("timezone: ..."); keep that as ``field``."""
    message = str(error)
    field, _, _ = message.partition(":")
    return invalid(field.strip().replace(" ", "_") or "body", message)


def created(payload: dict[str, Any]) -> tuple[Response, int]:
    return jsonify(payload), 201


@bp.get("/events")
@organiser_key
def list_events() -> dict[str, Any]:
    return paged(listings.events_of_organiser(current_organiser().id, query_text("q")), event_json)


def _event_input(body: dict[str, Any], current: Event | None) -> EventInput:
    """The event's fields, those in ``body`` over the current ones; validated as a whole."""
    base: dict[str, Any] = {}
    if current is not None:
        base = {name: getattr(current, name) for name in EVENT_FIELDS}
        base["languages"] = list(current.languages)
    return shaped(EventInput, base | body)


@bp.post("/events")
@organiser_key
def create_event() -> tuple[Response, int]:
    body = json_body(EVENT_FIELDS)
    session = get_session()
    try:
        wanted = _event_input(body, None)
        event = event_setup.create_event(session, current_organiser(), wanted.details())
        event_setup.set_request_rules(session, event, wanted.rules())
        save_schedule_settings(
            session, event, ScheduleSettings(wanted.match_floor, wanted.requested_meetings_only)
        )
    except SetupError as error:
        raise setup_error(error) from None
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
        wanted = _event_input(body, event)
        event_setup.update_details(session, event, wanted.details())
        event_setup.set_request_rules(session, event, wanted.rules())
        save_schedule_settings(
            session, event, ScheduleSettings(wanted.match_floor, wanted.requested_meetings_only)
        )
    except SetupError as error:
        raise setup_error(error) from None
    return event_json(event)


@bp.get("/events/<slug>/slots")
@organiser_key
def list_slots(slug: str) -> dict[str, Any]:
    event = owned_event_or_404(slug)
    return paged(listings.slots_of(event), slot_json)


@bp.put("/events/<slug>/slots")
@organiser_key
def generate_slots(slug: str) -> dict[str, Any]:
    """Replace the slot grid by a day plan (refused once meetings exist)."""
    event = owned_event_or_404(slug)
    plan = shaped(SlotPlan, json_body(tuple(SlotPlan.model_fields)))
    session = get_session()
    try:
        slots = event_setup.generate_slots(session, event, plan)
    except SetupError as error:
        raise setup_error(error) from None
    return {
        "items": [slot_json(slot) for slot in slots],
        "total": len(slots),
        "limit": len(slots),
        "offset": 0,
    }


@bp.patch("/events/<slug>/slots/<int:slot_id>")
@organiser_key
def edit_slot(slug: str, slot_id: int) -> dict[str, Any]:
    event = owned_event_or_404(slug)
    times = shaped(SlotTimes, json_body(tuple(SlotTimes.model_fields)))
    session = get_session()
    try:
        slot = event_setup.edit_slot(session, event, slot_id, times.start, times.end)
    except SetupError as error:
        raise (
            ApiError(404, "not_found", "no such slot") if "not found" in str(error) else setup_error(error)
        ) from None
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
    return "", 204


@bp.get("/events/<slug>/tables")
@organiser_key
def list_tables(slug: str) -> dict[str, Any]:
    event = owned_event_or_404(slug)
    return paged(listings.tables_of(event), table_json)


@bp.put("/events/<slug>/tables")
@organiser_key
def set_tables(slug: str) -> dict[str, Any]:
    """Replace the tables: ``count`` tables named by ``naming`` ("Table {n}") in ``zones``."""
    event = owned_event_or_404(slug)
    plan = shaped(TablePlan, json_body(tuple(TablePlan.model_fields)))
    session = get_session()
    try:
        tables = event_setup.set_tables(session, event, plan)
    except SetupError as error:
        raise setup_error(error) from None
    return {"items": [table_json(t) for t in tables], "total": len(tables), "limit": len(tables), "offset": 0}
