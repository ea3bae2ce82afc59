"""Adding attendees to an event from imported records."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event
from matchmaker.formats.attendee_csv import AttendeeRecord


class UnknownSlotError(ValueError):
    """A record names a slot the event doesn't have."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def add_attendees(session: Session, event: Event, records: Iterable[AttendeeRecord]) -> list[Attendee]:
    """Create one attendee per record (flushes; the caller commits, so a failure adds nobody)."""
    slots_by_code = {slot.code: slot for slot in event.slots}
    attendees = []
    for record in records:
        unknown = [code for code in record.unavailable if code not in slots_by_code]
        if unknown:
            raise UnknownSlotError(f"attendee {record.id}: unknown slot {unknown[0]!r} in unavailable")
        attendee = Attendee(
            event=event,
            external_id=record.id,
            name=record.name,
            email=normalise_email(record.email) or None,
            company=record.company,
            job_title=record.job_title,
            sector=record.sector,
            country=record.country.upper(),
            languages=list(record.languages),
            offers=record.offers,
            seeks=record.seeks,
            interests=list(record.interests),
            intents=list(record.intents),
            max_meetings=record.max_meetings,
        )
        attendee.set_unavailable_slots([slots_by_code[code] for code in record.unavailable])
        attendees.append(attendee)
    session.add_all(attendees)
    session.flush()
    return attendees
