"""Attendee endpoints, authorised by the personal token: one's own profile, recommendations, requests
and agenda. Nothing here takes another attendee's id as a way in: every query starts from the token."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, jsonify, request, url_for
from werkzeug.routing import BuildError

from matchmaker.db.models import Attendee, MeetingRequest
from matchmaker.services import requests as request_service
from matchmaker.services.agenda_view import Agenda, agenda_for_token
from matchmaker.services.recommendations import recommended_people
from matchmaker.services.registration import RegistrationError, update_profile
from matchmaker.services.requests import RequestError, RequestProblem
from matchmaker.web.api import bp
from matchmaker.web.api.auth import attendee_token, bearer_token
from matchmaker.web.api.errors import UNAUTHORIZED, ApiError
from matchmaker.web.api.etag import conditional_json
from matchmaker.web.api.params import json_body, required_int, text
from matchmaker.web.api.profile_input import PROFILE_FIELDS, current_profile, profile_from_json
from matchmaker.web.api.serialize import (
    attendee_json,
    iso,
    partner_json,
    public_profile,
    recommendations_json,
    request_json,
)
from matchmaker.web.attendee.labels import reason_json
from matchmaker.web.database import get_reading_connection, get_session

# Stable codes and statuses for the request service's refusals.
_PROBLEM_STATUS = {
    RequestProblem.SELF: 422,
    RequestProblem.UNKNOWN_PERSON: 422,
    RequestProblem.NOT_FOUND: 404,
    RequestProblem.NOT_AVAILABLE: 409,
    RequestProblem.ALREADY_REQUESTED: 409,
    RequestProblem.ALREADY_AGREED: 409,
    RequestProblem.CAP_REACHED: 409,
    RequestProblem.NOT_OPEN: 409,
    RequestProblem.REQUESTS_CLOSED: 409,
}
_PROBLEM_MESSAGE = {
    RequestProblem.SELF: "you can't ask yourself for a meeting",
    RequestProblem.UNKNOWN_PERSON: "no such attendee at this event",
    RequestProblem.NOT_FOUND: "no such request of yours",
    RequestProblem.NOT_AVAILABLE: "this person can't be asked for a meeting",
    RequestProblem.ALREADY_REQUESTED: "you already asked this person; wait for the answer",
    RequestProblem.ALREADY_AGREED: "you have already agreed to meet this person",
    RequestProblem.CAP_REACHED: "you have reached the event's limit of open requests",
    RequestProblem.NOT_OPEN: "the request is no longer open",
    RequestProblem.REQUESTS_CLOSED: "meeting requests open once the organisers publish the schedule",
}


def _refused(error: RequestError) -> ApiError:
    field = (
        "to_attendee_id" if error.problem in (RequestProblem.SELF, RequestProblem.UNKNOWN_PERSON) else None
    )
    return ApiError(
        _PROBLEM_STATUS[error.problem], str(error.problem), _PROBLEM_MESSAGE[error.problem], field
    )


def lost_link_page(_attendee: Attendee | None = None) -> str:
    """Where mails send people to get their personal link again."""
    try:
        return url_for("attendee.lost_link", _external=True)
    except BuildError:  # the attendee pages are not mounted (API-only deployment)
        base: str = current_app.config["MATCHMAKER"].base_url
        return base.rstrip("/") + "/lost-link"


@bp.get("/me")
@attendee_token
def my_profile(attendee: Attendee) -> dict[str, Any]:
    return attendee_json(attendee) | {"event": attendee.event.slug}


@bp.patch("/me")
@attendee_token
def update_my_profile(attendee: Attendee) -> dict[str, Any]:
    changes = json_body(PROFILE_FIELDS)
    data = profile_from_json(current_profile(attendee) | changes, attendee.event)
    session = get_session()
    try:
        update_profile(session, attendee, data)
    except RegistrationError as error:
        raise ApiError(409, "conflict", str(error), field=error.field) from None
    from matchmaker.web.attendee.common import refresh_recommendations_later

    refresh_recommendations_later(attendee)
    return attendee_json(attendee) | {"event": attendee.event.slug}


@bp.get("/me/recommendations")
@attendee_token
def my_recommendations(attendee: Attendee) -> dict[str, Any]:
    return recommendations_json(recommended_people(get_session(), attendee.id))


def _with_other(request: MeetingRequest, attendee: Attendee) -> dict[str, Any]:
    other = request.to_attendee if request.from_attendee_id == attendee.id else request.from_attendee
    return request_json(request) | {"other": public_profile(other)}


@bp.get("/me/requests")
@attendee_token
def my_requests(attendee: Attendee) -> dict[str, Any]:
    session = get_session()
    lists = request_service.requests_of(session, attendee)
    return {
        "incoming": [_with_other(r, attendee) | {"status": lists.status_of(r)} for r in lists.incoming],
        "outgoing": [_with_other(r, attendee) | {"status": lists.status_of(r)} for r in lists.outgoing],
        "open_outgoing": lists.open_outgoing,
        "cap": lists.cap,
    }


@bp.post("/me/requests")
@attendee_token
def send_request(attendee: Attendee) -> tuple[Response, int]:
    """Ask someone for a meeting; asking someone who already asked you accepts their request (200)."""
    body = json_body(("to_attendee_id", "message"))
    recipient = required_int(body, "to_attendee_id")
    message = text(body, "message", request_service.MAX_MESSAGE_CHARS)
    session = get_session()
    try:
        outcome = request_service.send_request(session, attendee, recipient, message, lost_link_page)
    except RequestError as error:
        raise _refused(error) from None
    payload = _with_other(outcome.request, attendee) | {"became_acceptance": outcome.became_acceptance}
    return jsonify(payload), 200 if outcome.became_acceptance else 201


def _answer(attendee: Attendee, request_id: int, action: str) -> dict[str, Any]:
    session = get_session()
    try:
        if action == "accept":
            request = request_service.accept(session, attendee, request_id, lost_link_page)
        elif action == "decline":
            request = request_service.decline(session, attendee, request_id, lost_link_page)
        else:
            request = request_service.cancel(session, attendee, request_id)
    except RequestError as error:
        raise _refused(error) from None
    return _with_other(request, attendee)


@bp.post("/me/requests/<int:request_id>/accept")
@attendee_token
def accept_request(attendee: Attendee, request_id: int) -> dict[str, Any]:
    return _answer(attendee, request_id, "accept")


@bp.post("/me/requests/<int:request_id>/decline")
@attendee_token
def decline_request(attendee: Attendee, request_id: int) -> dict[str, Any]:
    return _answer(attendee, request_id, "decline")


@bp.post("/me/requests/<int:request_id>/cancel")
@attendee_token
def cancel_request(attendee: Attendee, request_id: int) -> dict[str, Any]:
    return _answer(attendee, request_id, "cancel")


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    interests = agenda.owner.event.interests
    return {
        "days": [
            {
                "date": iso(day.day),
                "meetings": [
                    {
                        "id": item.meeting_id,
                        "slot_code": item.slot_code,
                        "start": iso(item.start),
                        "end": iso(item.end),
                        "table": item.table_name,
                        "zone": item.table_zone,
                        "status": item.status,
                        "partner": partner_json(item.partner),
                        "reasons": [reason_json(reason, interests) for reason in item.reasons],
                    }
                    for item in day.items
                ],
            }
            for day in agenda.days
        ],
        "to_be_scheduled": [
            {
                "request_id": p.request_id,
                "partner": partner_json(p.partner),
                "reasons": [reason_json(reason, interests) for reason in p.reasons],
            }
            for p in agenda.to_be_scheduled
        ],
        # Meetings that fell through in slots still to come, being refilled: standing once the owner said
        # "find me another partner" on their agenda (each partner's yes then books), else still asked.
        "freed_seats": [
            {"seat_id": seat.seat_id, "start": iso(seat.start), "standing": seat.standing}
            for seat in agenda.seats
        ],
    }


@bp.get("/me/agenda")
def my_agenda() -> Response:
    """The agenda with an ETag: an app polling it gets 304 while nothing changed (and the server
    builds no body: the tag is the fingerprint of the data)."""
    agenda = agenda_for_token(get_reading_connection(), bearer_token())
    if agenda is None:
        raise UNAUTHORIZED
    payload = None if request.if_none_match.contains(agenda.fingerprint) else agenda_json(agenda)
    return conditional_json(payload, etag=agenda.fingerprint, cache_control="private, no-cache")
