"""Adding attendees to an event from imported records, copying a validated profile onto one, and the
attendee as a profile or an import record again (for forms and exports)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Slot
from matchmaker.shapes.attendee import AttendeeEdit, AttendeeRecord, EventVocabulary
from matchmaker.shapes.text import normalise_email

__all__ = [
    "UnknownSlotError",
    "add_attendees",
    "assign_profile",
    "attendee_of",
    "profile_values",
    "record_of",
    "remember_language",
    "vocabulary_of",
]


class UnknownSlotError(ValueError):
    """A record names a slot the event doesn't have."""


def attendee_of(session: Session, event: Event, attendee_id: int) -> Attendee | None:
    """Attendee ``attendee_id`` if they belong to ``event`` (None for another event's)."""
    attendee = session.get(Attendee, attendee_id)
    return attendee if attendee is not None and attendee.event_id == event.id else None


def vocabulary_of(event: Event) -> EventVocabulary:
    """What a profile entered for ``event`` must use: its interest tags and its slot codes."""
    return EventVocabulary(
        interest_tags=frozenset(item["tag"] for item in event.interests),
        slot_codes=frozenset(slot.code for slot in event.slots),
    )


def assign_profile(attendee: Attendee, profile: AttendeeEdit, slots_by_code: dict[str, Slot]) -> None:
    """Copy a validated profile onto ``attendee``: the one place where the shape meets the model.

    Raises :class:`UnknownSlotError` for a slot code the event doesn't have (validation with the
    event's vocabulary has already refused it, so this guards callers that skipped it).
    """
    unknown = [code for code in profile.unavailable if code not in slots_by_code]
    if unknown:
        raise UnknownSlotError(f"unknown slot {unknown[0]!r} in unavailable")
    attendee.name = profile.name
    attendee.email = normalise_email(profile.email) or None
    attendee.company, attendee.job_title, attendee.sector = profile.company, profile.job_title, profile.sector
    attendee.country, attendee.languages = profile.country, list(profile.languages)
    attendee.offers, attendee.seeks, attendee.avoids = profile.offers, profile.seeks, profile.avoids
    attendee.interests, attendee.intents = list(profile.all_interests()), list(profile.intents)
    attendee.max_meetings = profile.max_meetings
    attendee.set_unavailable_slots([slots_by_code[code] for code in profile.unavailable])


def add_attendees(session: Session, event: Event, records: Iterable[AttendeeRecord]) -> list[Attendee]:
    """Create one attendee per record (flushes; the caller commits, so a failure adds nobody)."""
    slots_by_code = {slot.code: slot for slot in event.slots}
    attendees = []
    for record in records:
        attendee = Attendee(event=event, external_id=record.id)
        try:
            assign_profile(attendee, record, slots_by_code)
        except UnknownSlotError as error:
            raise UnknownSlotError(f"attendee {record.id}: {error}") from None
        attendees.append(attendee)
    session.add_all(attendees)
    session.flush()
    return attendees


def remember_language(session: Session, attendee: Attendee, locale: str) -> None:
    """Mails to ``attendee`` follow the language they last chose for their pages (flushes)."""
    if attendee.locale != locale:
        attendee.locale = locale
        session.flush()


def profile_values(attendee: Attendee) -> dict[str, Any]:
    """The attendee's profile as the shapes name its fields (event tags and free tags apart), for a
    form to show or an export to write."""
    known = {item["tag"] for item in attendee.event.interests}
    return {
        "name": attendee.name,
        "email": attendee.email or "",
        "company": attendee.company,
        "job_title": attendee.job_title,
        "sector": attendee.sector,
        "country": attendee.country,
        "languages": tuple(attendee.languages),
        "offers": attendee.offers,
        "seeks": attendee.seeks,
        "avoids": attendee.avoids,
        "interests": tuple(tag for tag in attendee.interests if not known or tag in known),
        "free_tags": tuple(tag for tag in attendee.interests if known and tag not in known),
        "intents": tuple(attendee.intents),
        "unavailable": tuple(slot.code for slot in attendee.unavailable_slots),
        "max_meetings": attendee.max_meetings,
    }


def record_of(attendee: Attendee) -> AttendeeRecord:
    """The attendee as an import row. Not validated again: what is stored is written out as it is
    (data saved under older rules must still export)."""
    return AttendeeRecord.model_construct(
        id=attendee.external_id or f"A{attendee.id}", **profile_values(attendee)
    )
