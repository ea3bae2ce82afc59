"""Organiser endpoints for meeting requests and meetings (manual changes go through the same checks
as the dashboard; the database refuses double bookings whatever happens)."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from sqlalchemy.exc import IntegrityError

from matchmaker.db.models import (
    Event,
    Meeting,
    MeetingStatus,
    RequestStatus,
    Slot,
    VenueTable,
)
from matchmaker.services import listings
from matchmaker.services import meetings as meeting_service
from matchmaker.services.meetings import MeetingConflict, Placement
from matchmaker.web.api import bp
from matchmaker.web.api.auth import organiser_key, owned_event_or_404
from matchmaker.web.api.errors import ApiError, invalid, not_found
from matchmaker.web.api.listing import paged
from matchmaker.web.api.params import MAX_ID, boolean, json_body, query_choice, query_int, required_int
from matchmaker.web.api.public import personal_link
from matchmaker.web.api.serialize import meeting_json, request_json
from matchmaker.web.database import get_session

DOUBLE_BOOKED = "someone else just booked that slot or table; reload and choose another"


@bp.get("/events/<slug>/requests")
@organiser_key
def list_requests(slug: str) -> dict[str, Any]:
    """Filters: ``status``, ``attendee_id`` (sent or received)."""
    event = owned_event_or_404(slug)
    status = query_choice("status", [str(s) for s in RequestStatus])
    person = query_int("attendee_id", 0, 0, MAX_ID) or None
    return paged(listings.requests_of_event(event, status, person), request_json)


@bp.get("/events/<slug>/meetings")
@organiser_key
def list_meetings(slug: str) -> dict[str, Any]:
    """Filters: ``status``, ``slot_id``, ``attendee_id``."""
    event = owned_event_or_404(slug)
    status = query_choice("status", [str(s) for s in MeetingStatus])
    slot_id = query_int("slot_id", 0, 0, MAX_ID) or None
    person = query_int("attendee_id", 0, 0, MAX_ID) or None
    return paged(listings.meetings_of_event(event, status, slot_id, person), meeting_json)


def meeting_of(event: Event, meeting_id: int) -> Meeting:
    meeting = get_session().get(Meeting, meeting_id)
    if meeting is None or meeting.event_id != event.id:
        raise not_found("meeting")
    return meeting


def _placement(event: Event, body: dict[str, Any], current: Meeting | None = None) -> Placement:
    session = get_session()
    slot_id = required_int(body, "slot_id") if current is None or "slot_id" in body else current.slot_id
    table_id = required_int(body, "table_id") if current is None or "table_id" in body else current.table_id
    slot, table = session.get(Slot, slot_id), session.get(VenueTable, table_id)
    if slot is None or slot.event_id != event.id:
        raise invalid("slot_id", "the event has no such slot")
    if table is None or table.event_id != event.id:
        raise invalid("table_id", "the event has no such table")
    return Placement(slot, table)


def _refused(error: MeetingConflict) -> ApiError:
    return ApiError(409, "conflict", str(error), details=[{"message": reason} for reason in error.reasons])


def _written_or_conflict() -> None:
    """Send the change to the database now (it commits after the response): a double booking that
    slipped in between our check and the write is refused by its unique index, the loser's 409."""
    try:
        get_session().flush()
    except IntegrityError:
        raise ApiError(409, "double_booking", DOUBLE_BOOKED) from None


@bp.get("/events/<slug>/meetings/<int:meeting_id>")
@organiser_key
def get_meeting(slug: str, meeting_id: int) -> dict[str, Any]:
    return meeting_json(meeting_of(owned_event_or_404(slug), meeting_id))


@bp.post("/events/<slug>/meetings")
@organiser_key
def create_meeting(slug: str) -> tuple[Response, int]:
    event = owned_event_or_404(slug)
    body = json_body(("attendee_ids", "slot_id", "table_id"))
    people = body.get("attendee_ids")
    if (
        not isinstance(people, list)
        or len(people) != 2
        or not all(isinstance(p, int) and not isinstance(p, bool) and 1 <= p <= MAX_ID for p in people)
    ):
        raise invalid("attendee_ids", "attendee_ids must be two attendee ids")
    place = _placement(event, body)
    try:
        meeting = meeting_service.add_meeting(
            get_session(), event, people[0], people[1], place, personal_link
        )
    except MeetingConflict as error:
        raise _refused(error) from None
    except IntegrityError:
        raise ApiError(409, "double_booking", DOUBLE_BOOKED) from None
    _written_or_conflict()
    return jsonify(meeting_json(meeting)), 201


@bp.patch("/events/<slug>/meetings/<int:meeting_id>")
@organiser_key
def change_meeting(slug: str, meeting_id: int) -> dict[str, Any]:
    """Move (``slot_id``/``table_id``), lock (``locked``) or record the outcome (``status``)."""
    event = owned_event_or_404(slug)
    meeting = meeting_of(event, meeting_id)
    body = json_body(("slot_id", "table_id", "locked", "status"))
    session = get_session()
    try:
        if "slot_id" in body or "table_id" in body:
            place = _placement(event, body, meeting)
            meeting_service.move_meeting(session, event, meeting, place, personal_link)
        if "locked" in body:
            meeting_service.set_locked(session, meeting, boolean(body, "locked", meeting.locked))
        if "status" in body:
            outcomes = (MeetingStatus.SCHEDULED, MeetingStatus.HELD, MeetingStatus.NO_SHOW)
            if body["status"] not in [str(s) for s in outcomes]:
                raise invalid("status", "status must be scheduled, held or no_show (DELETE cancels)")
            meeting_service.mark_outcome(session, meeting, MeetingStatus(body["status"]))
    except MeetingConflict as error:
        raise _refused(error) from None
    except IntegrityError:
        raise ApiError(409, "double_booking", DOUBLE_BOOKED) from None
    _written_or_conflict()
    session.refresh(meeting)
    return meeting_json(meeting)


@bp.delete("/events/<slug>/meetings/<int:meeting_id>")
@organiser_key
def cancel_meeting(slug: str, meeting_id: int) -> tuple[str, int]:
    event = owned_event_or_404(slug)
    meeting = meeting_of(event, meeting_id)
    try:
        meeting_service.cancel_meeting(get_session(), event, meeting, personal_link)
    except MeetingConflict as error:
        raise _refused(error) from None
    _written_or_conflict()
    return "", 204
