"""What an attendee says after a meeting: did it take place, how useful (1-5), follow up or not."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Meeting, MeetingFeedback, MeetingStatus


class FeedbackError(ValueError):
    """Feedback can't be given for this meeting (not the attendee's, cancelled or not started yet)."""


def feedback_meeting(session: Session, attendee: Attendee, meeting_id: int) -> Meeting:
    """The attendee's meeting ``meeting_id`` if feedback can be given on it, else :class:`FeedbackError`."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or attendee.id not in (meeting.attendee_a_id, meeting.attendee_b_id):
        raise FeedbackError("not your meeting")
    if meeting.status == MeetingStatus.CANCELLED:
        raise FeedbackError("cancelled")
    return meeting


def existing_feedback(session: Session, attendee: Attendee, meeting_id: int) -> MeetingFeedback | None:
    return session.scalar(
        select(MeetingFeedback).where(
            MeetingFeedback.meeting_id == meeting_id, MeetingFeedback.attendee_id == attendee.id
        )
    )


def record_feedback(
    session: Session,
    attendee: Attendee,
    meeting_id: int,
    *,
    took_place: bool | None,
    rating: int | None,
    wants_follow_up: bool,
    comment: str = "",
    now: datetime | None = None,
) -> MeetingFeedback:
    """Save (or replace) the attendee's feedback on a meeting that has started (flushes).

    A meeting that did not take place carries no rating. Raises :class:`FeedbackError` for a meeting
    that isn't the attendee's, was cancelled, or hasn't started yet.
    """
    now = now or datetime.now(UTC)
    meeting = feedback_meeting(session, attendee, meeting_id)
    if meeting.slot.start > now:
        raise FeedbackError("not started")
    if rating is not None and not 1 <= rating <= 5:
        raise FeedbackError("rating out of range")
    feedback = existing_feedback(session, attendee, meeting_id)
    if feedback is None:
        feedback = MeetingFeedback(meeting_id=meeting.id, attendee_id=attendee.id)
        session.add(feedback)
    feedback.took_place = took_place
    feedback.rating = rating if took_place is not False else None
    feedback.wants_follow_up = wants_follow_up
    feedback.comment = comment.strip()[:2000]
    session.flush()
    return feedback
