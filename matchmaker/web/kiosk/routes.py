"""The board page, its JSON data (ETag, cached per round) and "find my meetings".

The token grants exactly this: a wrong or revoked token is a plain 404, the same as an unknown event.
A screen in the hall never shows an error page: when something fails (the database is away a moment),
the board page says it will be back and reloads itself, and the data the board's script polls is a
503 it answers by keeping the last board. When the link stops working (revoked, or the event is gone),
the data is a 404: the script reloads the page, which then says the link does not work.
"""

from __future__ import annotations

import logging

from flask import Response, abort, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from werkzeug.exceptions import HTTPException

from matchmaker.db.models import Event
from matchmaker.db.types import utcnow
from matchmaker.services import kiosk as service
from matchmaker.services.checkin import attendee_from_badge, search_attendees
from matchmaker.services.venue_time import babel_locale
from matchmaker.web.database import get_session
from matchmaker.web.errors import handle_http_error
from matchmaker.web.input_guard import checks_its_query, unusable
from matchmaker.web.kiosk import bp

log = logging.getLogger(__name__)
MIN_QUERY = 2
MAX_FOUND = 5
RETRY_SECONDS = 10
UNKNOWN_RETRY_SECONDS = 60


@bp.errorhandler(Exception)
def board_unavailable(error: Exception) -> ResponseReturnValue:
    """Unexpected failures only: HTTP errors (a wrong link's 404) keep the app's pages.

    A failure after the view (the COMMIT at the end of the request, when the database went away in
    between) reaches this handler as an ``InternalServerError`` wrapping it: a failure too.
    """
    if isinstance(error, HTTPException) and getattr(error, "original_exception", None) is None:
        if error.code == 404 and not _is_data(request.path):
            # A wrong, revoked or replaced link: the screen says so in its own look (the same page for
            # an unknown event), and looks again now and then, never the site's error page.
            page = Response(render_template("kiosk/unknown.html", retry=UNKNOWN_RETRY_SECONDS), status=404)
            page.headers["Cache-Control"] = "no-store"
            return page
        return handle_http_error(error)
    log.exception("kiosk: %s failed", request.path)
    if _is_data(request.path):
        response = jsonify(code="unavailable")
    else:
        response = Response(render_template("kiosk/reconnecting.html", retry=RETRY_SECONDS))
    response.status_code = 503
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _is_data(path: str) -> bool:
    """Whether ``path`` is one the board's script fetches (JSON), rather than the page."""
    return path.endswith("/board.json") or path.endswith("/find")


def _event_id(slug: str, token: str) -> int:
    event_id = service.event_for_kiosk(get_session(), slug, token)
    if event_id is None:
        abort(404)
    return event_id


@bp.get("/<slug>/<token>")
def board(slug: str, token: str) -> ResponseReturnValue:
    event_id = _event_id(slug, token)
    data = service.board_for(get_session(), event_id)
    # ?poll=N lets an operator make one screen poll faster or slower than the default.
    poll = min(max(request.args.get("poll", service.POLL_SECONDS, type=int) or service.POLL_SECONDS, 2), 60)
    response = Response(
        render_template(
            "kiosk/board.html",
            board=data.payload,
            etag=data.etag,
            poll=poll,
            data_url=request.path + "/board.json",
            find_url=request.path + "/find",
            now=utcnow(),
        )
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<slug>/<token>/board.json")
def board_data(slug: str, token: str) -> ResponseReturnValue:
    event_id = _event_id(slug, token)
    data = service.board_for(get_session(), event_id)
    unchanged = data.etag in request.if_none_match
    response = Response(status=304) if unchanged else Response(data.body, mimetype="application/json")
    response.set_etag(data.etag)
    # The server's clock, so the countdown is right even on a screen whose clock drifts.
    response.headers["X-Server-Time"] = utcnow().isoformat()
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/<slug>/<token>/find")
@checks_its_query
def find(slug: str, token: str) -> ResponseReturnValue:
    """Meetings of people matching a name (at least two letters) or a scanned badge.

    Text no name can contain (NUL, e.g. from a scanner) finds nobody: the board says so.
    """
    event_id = _event_id(slug, token)
    db = get_session()
    query = request.args.get("q", "").strip()[:100]
    if any(unusable(value) for value in request.args.values()):
        return jsonify(query="", results=[])
    event = db.get_one(Event, event_id)
    badge = attendee_from_badge(db, event, str(current_app.config["SECRET_KEY"]), query) if query else None
    if badge is not None:
        people = [badge]
    elif len(query) >= MIN_QUERY:
        people = search_attendees(db, event, query, limit=MAX_FOUND, include_email=False)
    else:
        people = []
    locale = babel_locale(str(get_locale() or "en"))
    return jsonify(query=query, results=service.find_meetings(db, event_id, people, locale))
