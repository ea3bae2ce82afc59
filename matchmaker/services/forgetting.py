"""What is kept, and what is scrubbed, when an attendee's data is deleted (by themselves or an organiser).

Their meetings go with them, but a partner's feedback on a shared meeting is the partner's: it is kept
as :class:`RetainedFeedback`, pointing at nobody who left. Mails to other people still in the outbox
(requests, answers, agendas, contact cards) are scrubbed of the person's name and address, so the
outbox no longer names someone who asked to be forgotten.
"""

from __future__ import annotations

import re

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Meeting, MeetingFeedback, OutboxMail, RetainedFeedback, Slot

# Language-neutral: a stored mail doesn't record the language it was written in.
REDACTED = "[…]"


def forget_attendee(session: Session, attendee: Attendee) -> None:
    """Keep partners' feedback, drop the mails to ``attendee`` and scrub them from everybody else's
    (flushes). The caller deletes the attendee afterwards, in the same transaction."""
    pattern = _naming(attendee)
    _retain_partners_feedback(session, attendee, pattern)
    if attendee.email:
        session.execute(
            delete(OutboxMail).where(
                OutboxMail.to_address == attendee.email, OutboxMail.event_id == attendee.event_id
            )
        )
    if pattern is not None:
        _scrub_outbox(session, attendee, pattern)
    session.flush()


def _naming(attendee: Attendee) -> re.Pattern[str] | None:
    """Every way a mail names the person: "Name (Company)", the name, the address; longest first, whole
    words only (so "Anna" leaves "Annabel" alone)."""
    name = attendee.name.strip()
    needles = {name, attendee.email or ""}
    if name and attendee.company:
        needles.add(f"{name} ({attendee.company})")
    needles = {needle for needle in needles if len(needle) >= 2}
    if not needles:
        return None
    return re.compile(
        "|".join(rf"(?<!\w){re.escape(needle)}(?!\w)" for needle in sorted(needles, key=len, reverse=True))
    )


def _retain_partners_feedback(session: Session, attendee: Attendee, pattern: re.Pattern[str] | None) -> None:
    rows = session.execute(
        select(MeetingFeedback, Slot.start)
        .join(Meeting, Meeting.id == MeetingFeedback.meeting_id)
        .join(Slot, Slot.id == Meeting.slot_id)
        .where(
            or_(Meeting.attendee_a_id == attendee.id, Meeting.attendee_b_id == attendee.id),
            MeetingFeedback.attendee_id != attendee.id,
        )
    )
    for feedback, start in rows:
        comment = pattern.sub(REDACTED, feedback.comment) if pattern is not None else feedback.comment
        session.add(
            RetainedFeedback(
                event_id=attendee.event_id,
                attendee_id=feedback.attendee_id,
                met_at=start,
                took_place=feedback.took_place,
                rating=feedback.rating,
                wants_follow_up=feedback.wants_follow_up,
                comment=comment,
                given_at=feedback.created_at,
            )
        )


def _scrub_outbox(session: Session, attendee: Attendee, pattern: re.Pattern[str]) -> None:
    naming = [needle for needle in (attendee.name.strip(), attendee.email or "") if len(needle) >= 2]
    mentions = or_(
        *(
            column.contains(needle, autoescape=True)
            for needle in naming
            for column in (OutboxMail.subject, OutboxMail.body)
        )
    )
    for mail in session.scalars(select(OutboxMail).where(OutboxMail.event_id == attendee.event_id, mentions)):
        mail.subject = pattern.sub(REDACTED, mail.subject)
        mail.body = pattern.sub(REDACTED, mail.body)
