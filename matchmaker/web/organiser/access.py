"""Who is signed in, and the only way views get an event: through the organiser's ownership of it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, g, redirect, request, session, url_for

from matchmaker.db.models import Attendee, Event, Organiser
from matchmaker.services.attendees import attendee_of
from matchmaker.services.organisers import owned_event, session_version
from matchmaker.web.database import get_session
from matchmaker.web.input_guard import database_int

SESSION_KEY = "organiser_id"
# The organiser's session version when the cookie was issued (see Organiser.session_version).
VERSION_KEY = "organiser_session"
F = TypeVar("F", bound=Callable[..., Any])


def sign_in(organiser: Organiser) -> None:
    """A fresh session for ``organiser``: nothing set before it carries over."""
    session.clear()
    session[SESSION_KEY] = organiser.id
    session[VERSION_KEY] = organiser.session_version


def current_organiser_id() -> int | None:
    """The signed-in organiser, if the cookie's session is still valid: signed, and not signed out since
    (its version is the organiser's current one). Checked once per request."""
    if "organiser_id" not in g:
        g.organiser_id = _valid_organiser_id()
    value: int | None = g.organiser_id
    return value


def _valid_organiser_id() -> int | None:
    organiser_id, version = session.get(SESSION_KEY), session.get(VERSION_KEY)
    if not isinstance(organiser_id, int) or not isinstance(version, int):
        return None
    current = session_version(get_session(), organiser_id)
    return organiser_id if current == version else None


def login_required(view: F) -> F:
    """Send anonymous visitors to the sign-in page (and back here afterwards)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_organiser_id() is None:
            return redirect(url_for("organiser.login", next=request.full_path.rstrip("?")))
        return view(*args, **kwargs)

    return cast(F, wrapped)


def owned_event_or_404(slug: str) -> Event:
    """The event if the signed-in organiser manages it; 404 otherwise (other people's events don't exist)."""
    organiser_id = current_organiser_id()
    event = owned_event(get_session(), organiser_id, slug) if organiser_id is not None else None
    if event is None:
        abort(404)
    return event


def owned_attendee_or_404(slug: str, attendee_id: int) -> tuple[Event, Attendee]:
    """An attendee of an event the signed-in organiser manages; 404 otherwise."""
    event = owned_event_or_404(slug)
    attendee = attendee_of(get_session(), event, attendee_id)
    if attendee is None:
        abort(404)
    return event, attendee


def form_int(name: str, default: int | None = None) -> int | None:
    """A form field as a whole number; ``default`` when empty, not a number or too large for a column."""
    raw = request.form.get(name, "").strip()
    try:
        return database_int(raw) if raw else default
    except ValueError:
        return default
