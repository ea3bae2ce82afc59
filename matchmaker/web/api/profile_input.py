"""An attendee's own profile from JSON: what registration and "edit my profile" accept."""

from __future__ import annotations

import re
from typing import Any

from matchmaker.core.intents import INTENTS
from matchmaker.db.models import Attendee, Event
from matchmaker.services.registration import ProfileData
from matchmaker.web.api.errors import invalid
from matchmaker.web.api.params import integer, required_text, text, text_list
from matchmaker.web.api.serialize import attendee_json
from matchmaker.web.i18n import LANGUAGES

PROFILE_FIELDS = (
    "name",
    "email",
    "company",
    "job_title",
    "sector",
    "country",
    "languages",
    "offers",
    "seeks",
    "interests",
    "intents",
    "unavailable",
    "max_meetings",
    "excluded_companies",
    "excluded_emails",
    "locale",
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def current_profile(attendee: Attendee) -> dict[str, Any]:
    """The attendee's profile in the shape :func:`profile_from_json` reads (for partial updates)."""
    record = attendee_json(attendee)
    own = {field: record[field] for field in PROFILE_FIELDS if field in record}
    companies = [x.excluded_company for x in attendee.exclusions if x.excluded_company]
    return own | {"excluded_companies": companies}


def profile_from_json(body: dict[str, Any], event: Event) -> ProfileData:
    """Validated :class:`ProfileData`; a wrong field raises a 422 naming it."""
    email = required_text(body, "email", 254)
    if not _EMAIL.match(email):
        raise invalid("email", "email is not an e-mail address")
    country = text(body, "country", 2)
    if country and not country.isalpha():
        raise invalid("country", "country is a two-letter code such as PL")
    intents = text_list(body, "intents", 20, 40)
    if unknown := [code for code in intents if code not in INTENTS]:
        raise invalid("intents", f"unknown intent {unknown[0]!r} (known: {', '.join(INTENTS)})")
    tags = {item["tag"] for item in event.interests}
    interests = text_list(body, "interests", 50, 80)
    if tags and (unknown := [tag for tag in interests if tag not in tags]):
        raise invalid("interests", f"the event has no interest {unknown[0]!r}")
    unavailable = text_list(body, "unavailable", 500, 20)
    codes = {slot.code: slot.id for slot in event.slots} if unavailable else {}  # most name none
    if unknown := [code for code in unavailable if code not in codes]:
        raise invalid("unavailable", f"the event has no slot {unknown[0]!r}")
    offers, seeks = text(body, "offers", 5000), text(body, "seeks", 5000)
    if not offers and not seeks:
        raise invalid("offers", "say what you offer or what you seek (both are empty)")
    locale = text(body, "locale", 8, "en") or "en"
    if locale not in LANGUAGES:
        raise invalid("locale", f"locale must be one of {', '.join(LANGUAGES)}")
    return ProfileData(
        name=required_text(body, "name", 200),
        email=email,
        company=text(body, "company", 200),
        job_title=text(body, "job_title", 200),
        sector=text(body, "sector", 120),
        country=country,
        languages=tuple(code.lower() for code in text_list(body, "languages", 20, 8)),
        offers=offers,
        seeks=seeks,
        interests=interests,
        intents=intents,
        unavailable_slot_ids=frozenset(codes[c] for c in unavailable),
        max_meetings=integer(body, "max_meetings", 0, 1000),
        excluded_companies=text_list(body, "excluded_companies", 50, 200),
        excluded_emails=text_list(body, "excluded_emails", 50, 254),
        locale=locale,
    )
