"""An organiser's changes to one attendee: saving an edit of the profile, removing the attendee."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee
from matchmaker.services.attendees import assign_profile
from matchmaker.services.forgetting import forget_attendee
from matchmaker.services.meetings import live_meetings, notify_schedule_change
from matchmaker.shapes.attendee import AttendeeEdit


class AttendeeEditError(ValueError):
    """An edit that can't be saved; ``field`` names the field at fault."""

    def __init__(self, field: str, message: str, code: str, value: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.code, self.params = field, code, {"value": value}


def update_attendee(
    session: Session, attendee: Attendee, changes: AttendeeEdit, external_id: str | None = None
) -> None:
    """Save an organiser's edit of one attendee (flushes): ``changes`` is validated already (with the
    event's vocabulary); what needs the database is checked here. Raises :class:`AttendeeEditError`."""
    email = changes.email or None
    if (
        email is not None
        and session.scalar(
            select(Attendee.id).where(
                Attendee.event_id == attendee.event_id, Attendee.email == email, Attendee.id != attendee.id
            )
        )
        is not None
    ):
        raise AttendeeEditError(
            "email", f"{email} belongs to another attendee of this event", "email_taken", email
        )
    if external_id is not None:
        if (
            session.scalar(
                select(Attendee.id).where(
                    Attendee.event_id == attendee.event_id,
                    Attendee.external_id == external_id,
                    Attendee.id != attendee.id,
                )
            )
            is not None
        ):
            raise AttendeeEditError(
                "id", f"id {external_id!r} is already an attendee of this event", "id_taken", external_id
            )
        attendee.external_id = external_id
    assign_profile(attendee, changes, {slot.code: slot for slot in attendee.event.slots})
    session.flush()


def remove_attendee(session: Session, attendee: Attendee) -> None:
    """Delete the attendee; their meetings, requests and recommendations go with them (database cascade).

    The people they were to meet are told their agenda changed.
    """
    event = attendee.event
    partners = [
        m.other(attendee.id)
        for m in live_meetings(session, event.id)
        if attendee.id in (m.attendee_a_id, m.attendee_b_id)
    ]
    forget_attendee(session, attendee)  # partners' feedback kept, the outbox scrubbed of them
    session.delete(attendee)
    session.flush()
    session.expire_all()  # meetings were deleted by the database, not by the session
    notify_schedule_change(session, event, partners)
