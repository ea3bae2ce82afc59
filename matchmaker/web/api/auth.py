"""Who is calling: an organiser's API key, an attendee's personal token, or a kiosk token.

All three come as ``Authorization: Bearer <secret>`` (never in the URL, so never in access logs). Each
endpoint accepts exactly one kind; any other secret, or none, gets the same 401.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import g, request

from matchmaker.db.models import Event, Organiser
from matchmaker.services.api_keys import organiser_for_key
from matchmaker.services.kiosk import event_for_kiosk
from matchmaker.services.organisers import owned_event
from matchmaker.services.tokens import find_attendee_by_token
from matchmaker.web.api.errors import UNAUTHORIZED, not_found
from matchmaker.web.database import get_session

View = Callable[..., Any]


def bearer_token() -> str:
    """The secret of an ``Authorization: Bearer`` header, or "" when there is none."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def organiser_key(view: View) -> View:
    """The view runs only for a working organiser API key; the organiser is in ``g.organiser``."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        organiser = organiser_for_key(get_session(), bearer_token())
        if organiser is None:
            raise UNAUTHORIZED
        g.organiser = organiser
        return view(*args, **kwargs)

    return wrapper


def current_organiser() -> Organiser:
    organiser: Organiser = g.organiser
    return organiser


def owned_event_or_404(slug: str) -> Event:
    """The event if the calling organiser manages it; another organiser's event is 'not found' too."""
    event = owned_event(get_session(), current_organiser().id, slug)
    if event is None:
        raise not_found("event")
    return event


def attendee_token(view: View) -> View:
    """The view runs only for a working personal token; the attendee is passed as ``attendee``."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        attendee = find_attendee_by_token(get_session(), bearer_token())
        if attendee is None:
            raise UNAUTHORIZED
        return view(*args, attendee=attendee, **kwargs)

    return wrapper


def kiosk_token(view: View) -> View:
    """The view runs only for a kiosk token of the event in the URL; the event id is passed as
    ``event_id``. A wrong slug and a wrong token look alike (401)."""

    @wraps(view)
    def wrapper(slug: str, **kwargs: Any) -> Any:
        event_id = event_for_kiosk(get_session(), slug, bearer_token())
        if event_id is None:
            raise UNAUTHORIZED
        return view(event_id=event_id, **kwargs)

    return wrapper


__all__ = [
    "attendee_token",
    "bearer_token",
    "current_organiser",
    "kiosk_token",
    "organiser_key",
    "owned_event_or_404",
]
