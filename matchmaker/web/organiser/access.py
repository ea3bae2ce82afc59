"""Who is signed in, and the only way views get an event: through the organiser's ownership of it."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, redirect, request, session, url_for
from flask_babel import gettext

from matchmaker.db.models import Event
from matchmaker.services.organisers import owned_event
from matchmaker.web.database import get_session

SESSION_KEY = "organiser_id"
F = TypeVar("F", bound=Callable[..., Any])


def current_organiser_id() -> int | None:
    value = session.get(SESSION_KEY)
    return int(value) if value is not None else None


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


def form_int(name: str, default: int | None = None) -> int | None:
    raw = request.form.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError:
        return default


def _(message: str, **variables: object) -> str:
    """Flask-Babel's gettext, typed (it returns Any): the organiser views' one translation function."""
    return str(gettext(message, **variables))
