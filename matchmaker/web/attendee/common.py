"""What every attendee view needs: the personal link, its attendee, and safe response headers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, ParamSpec

from flask import Response, abort, current_app, g, make_response, render_template, url_for
from flask_babel import get_locale
from sqlalchemy.exc import IntegrityError

from matchmaker.db.models import Attendee, Event
from matchmaker.services.events import find_event
from matchmaker.services.registration import LinkBuilder, ProfileData, RegistrationOutcome, register
from matchmaker.services.tokens import find_attendee_by_token
from matchmaker.web.database import discard_changes, get_session, when_committed
from matchmaker.web.jobs import job_database_url, job_queue

P = ParamSpec("P")


def current_locale() -> str:
    return str(get_locale() or "en")


def personal_link(token: str) -> str:
    return url_for("attendee.recommendations", token=token, _external=True)


def lost_link_url(_attendee: Attendee | None = None) -> str:
    return url_for("attendee.lost_link", _external=True)


def event_or_404(slug: str) -> Event:
    event = find_event(get_session(), slug)
    if event is None:
        abort(404)
    return event


def private(response: Response) -> Response:
    """Pages behind a personal link: never cached, and the link never leaks through a Referer header."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def bad_link_page() -> Response:
    """A wrong or replaced link: a friendly page offering to send the link again, with status 404."""
    from matchmaker.web.attendee.forms import LostLinkForm

    page = render_template("attendee/bad_link.html", form=LostLinkForm())
    response = private(make_response(page, 404))
    # Tells the offline copy's service worker to delete what it kept for this link (static/js/me-sw.js).
    response.headers["X-Personal-Link"] = "invalid"
    return response


def with_attendee(view: Callable[..., Any]) -> Callable[..., Any]:
    """Resolve ``token`` to its attendee (passed as ``attendee``); a wrong or replaced link gets a
    friendly page offering to send the link again, with status 404."""

    @wraps(view)
    def wrapper(token: str, **kwargs: Any) -> Any:
        attendee = find_attendee_by_token(get_session(), token)
        if attendee is None:
            return bad_link_page()
        g.token = token
        g.attendee = attendee
        from matchmaker.web.attendee.day_views import remember_attendee

        remember_attendee(attendee)
        result = view(attendee=attendee, **kwargs)
        return private(make_response(result))

    return wrapper


def register_once(event: Event, data: ProfileData, link_for: LinkBuilder) -> RegistrationOutcome:
    """:func:`register` in the request's session, safe against the same e-mail registering at the same
    moment elsewhere: the loser of the race (the unique e-mail index refused its row) starts again and
    finds the winner's registration, as if it had come a moment later. Raises what ``register`` raises."""
    session = get_session()
    try:
        return register(session, event, data, link_for)
    except IntegrityError:
        discard_changes()
        return register(session, event, data, link_for)


def refresh_recommendations_later(attendee: Attendee) -> None:
    """Once this request's writes are committed, queue the recommendations refresh of the attendee's
    event, merged with one already waiting for it (it refreshes the whole event, so it will read this
    change too)."""
    settings = current_app.config["MATCHMAKER"]
    model = settings.embedding_model
    queue, url, args = job_queue(), job_database_url(), (attendee.id, attendee.event_id)
    when_committed(
        lambda: queue.enqueue_merged(
            f"recommendations:event:{args[1]}",
            "matchmaker.jobs.recommendations.refresh_for_attendee",
            *args,
            url,
            model,
            settings.top_k,
        )
    )
