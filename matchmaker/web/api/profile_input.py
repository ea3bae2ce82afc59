"""An attendee's own profile from JSON: what registration and "edit my profile" accept, validated by
the one declaration of it (:class:`matchmaker.shapes.attendee.SelfProfile`)."""

from __future__ import annotations

from typing import Any

from matchmaker.db.models import Attendee, Event
from matchmaker.services.registration import ProfileData
from matchmaker.shapes.attendee import SelfProfile
from matchmaker.web.api.params import shaped
from matchmaker.web.database import get_session
from matchmaker.web.self_profile import profile_data, self_profile_values, shape_context

PROFILE_FIELDS = tuple(SelfProfile.model_fields)


def current_profile(attendee: Attendee) -> dict[str, Any]:
    """The attendee's profile in the shape :func:`profile_from_json` reads (for partial updates)."""
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name, value in self_profile_values(get_session(), attendee).items()
    }


def profile_from_json(body: dict[str, Any], event: Event) -> ProfileData:
    """Validated :class:`ProfileData`; wrong fields raise a 422 naming the first, all in details."""
    return profile_data(shaped(SelfProfile, body, shape_context(event)), event)
