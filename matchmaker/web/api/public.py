"""Endpoints for everyone: the kiosk board (kiosk token), registration and personal-link re-sends.

Registration and re-sends answer the same whether or not the address is known, so the API can't be
used to find out who attends; both are rate-limited per address (see :mod:`matchmaker.web.rate_limit`).
"""

from __future__ import annotations

from flask import Response, current_app, jsonify, url_for
from werkzeug.routing import BuildError

from matchmaker.services.events import find_event
from matchmaker.services.kiosk import board_for
from matchmaker.services.registration import TooManyLinkMails, resend_links
from matchmaker.web.api import bp
from matchmaker.web.api.auth import kiosk_token
from matchmaker.web.api.errors import ApiError, invalid, not_found
from matchmaker.web.api.etag import conditional_json
from matchmaker.web.api.params import json_body, required_text
from matchmaker.web.api.profile_input import PROFILE_FIELDS, profile_from_json
from matchmaker.web.database import get_session

ACCEPTED_MESSAGE = "if the address is registered for the event, its personal link is on its way by e-mail"
TOO_MANY_MAILS = ApiError(
    429,
    "too_many_link_mails",
    "the link was mailed to this address several times in the last hour; check the inbox",
)


def personal_link(token: str) -> str:
    try:
        return url_for("attendee.recommendations", token=token, _external=True)
    except BuildError:  # the attendee pages are not mounted (API-only deployment)
        base: str = current_app.config["MATCHMAKER"].base_url
        return base.rstrip("/") + f"/me/{token}"


@bp.get("/kiosk/<slug>/board")
@kiosk_token
def kiosk_board(event_id: int) -> Response:
    """The current and next round; cached per round, with an ETag so an unchanged board costs a 304."""
    board = board_for(get_session(), event_id)
    return conditional_json(board.payload, board.etag, cache_control="no-cache", body=board.body)


@bp.post("/events/<slug>/registrations")
def register_attendee(slug: str) -> tuple[Response, int]:
    """Register (``consent: true`` required); the personal link goes by e-mail, never in the answer.

    An address already registered changes nothing and gets its link again: the answer is the same 202.
    """
    event = find_event(get_session(), slug)
    if event is None:
        raise not_found("event")
    body = json_body((*PROFILE_FIELDS, "consent"))
    if body.get("consent") is not True:
        raise invalid("consent", "consent must be true: the attendee agrees to the event's privacy terms")
    data = profile_from_json({k: v for k, v in body.items() if k != "consent"}, event)
    # Here: the attendee package registers its views when imported, and an API-only app has none.
    from matchmaker.web.attendee.common import refresh_recommendations_later, register_once

    try:
        outcome = register_once(event, data, personal_link)
    except TooManyLinkMails:
        raise TOO_MANY_MAILS from None
    if outcome.created:
        refresh_recommendations_later(outcome.attendee)
    return jsonify(message=ACCEPTED_MESSAGE), 202


@bp.post("/links")
def resend_link() -> tuple[Response, int]:
    """Mail every registration of ``email`` its personal link (the same one: nothing breaks); the answer
    never says if any exist."""
    body = json_body(("email",))
    email = required_text(body, "email", 254)
    session = get_session()
    try:
        resend_links(session, email, personal_link)
    except TooManyLinkMails:
        raise TOO_MANY_MAILS from None
    return jsonify(message=ACCEPTED_MESSAGE), 202
