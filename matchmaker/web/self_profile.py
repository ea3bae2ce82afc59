"""An attendee's own profile between its shape (:class:`matchmaker.shapes.attendee.SelfProfile`) and
the registration service: what the registration form, the profile page and the API's ``/me`` share."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event
from matchmaker.services.attendees import profile_values, vocabulary_of
from matchmaker.services.registration import ProfileData, excluded_emails
from matchmaker.shapes.attendee import SelfProfile


def shape_context(event: Event) -> dict[str, Any]:
    """The validation context for a profile entered for ``event``: its interest tags and slot codes."""
    return {"event": vocabulary_of(event)}


def profile_data(profile: SelfProfile, event: Event) -> ProfileData:
    """The registration service's input from a validated profile."""
    slot_ids = {slot.code: slot.id for slot in event.slots}
    return ProfileData(
        name=profile.name,
        email=profile.email,
        company=profile.company,
        job_title=profile.job_title,
        sector=profile.sector,
        country=profile.country,
        languages=profile.languages,
        offers=profile.offers,
        seeks=profile.seeks,
        avoids=profile.avoids,
        interests=profile.all_interests(),
        intents=profile.intents,
        unavailable_slot_ids=frozenset(slot_ids[code] for code in profile.unavailable if code in slot_ids),
        max_meetings=profile.max_meetings,
        excluded_companies=profile.excluded_companies,
        excluded_emails=profile.excluded_emails,
        locale=profile.locale,
    )


def self_profile_values(session: Session, attendee: Attendee) -> dict[str, Any]:
    """The attendee's profile by :class:`SelfProfile`'s field names (the base of a partial update)."""
    companies = tuple(x.excluded_company for x in attendee.exclusions if x.excluded_company)
    return profile_values(attendee) | {
        "excluded_companies": companies,
        "excluded_emails": tuple(excluded_emails(session, attendee)),
        "locale": attendee.locale,
    }
