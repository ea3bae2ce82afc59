"""Did the meeting happen: "we met" from either side (agenda, badge scan, check-in desk), "they did not
come", and the no-show rule applied by the periodic tick.

A no-show frees the slot of whoever did come (see :mod:`.refill`); a meeting confirmed as held stays
held. Times are checked against the slot: confirming opens when the no-show rule would decide (the
event's minutes before the start) and reporting someone absent only then too, so nobody can "confirm"
tomorrow's meetings or report a partner absent hours ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from matchmaker.core.day import no_show_verdict
from matchmaker.db.models import Attendee, Event, Meeting, MeetingStatus, Slot
from matchmaker.db.types import utcnow
from matchmaker.services.meetings import LinkBuilder as LinkFor
from matchmaker.services.meetings import MeetingConflict, decline_meeting

# How long after a slot ends its meeting can still be confirmed (people confirm on the way out).
CONFIRM_GRACE = timedelta(hours=12)


class OutcomeError(ValueError):
    """Why the outcome can't be recorded; ``code`` is stable (pages word it)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


@dataclass(frozen=True)
class Outcome:
    meeting: Meeting
    changed: bool  # False: it was already recorded so


def _own_meeting(session: Session, attendee: Attendee, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or attendee.id not in (meeting.attendee_a_id, meeting.attendee_b_id):
        raise OutcomeError("not_yours")
    if meeting.status == MeetingStatus.CANCELLED:
        raise OutcomeError("cancelled")
    return meeting


def cancel_upcoming(
    session: Session,
    attendee: Attendee,
    meeting_id: int,
    link_for: LinkFor | None = None,
    now: datetime | None = None,
) -> Meeting:
    """One side cancels a meeting still to come, from the agenda; the partner is told (flushes).

    Raises ``OutcomeError("not_yours")``, or :class:`MeetingConflict` once the slot has started (a
    meeting under way or over has nothing left to cancel)."""
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or attendee.id not in (meeting.attendee_a_id, meeting.attendee_b_id):
        raise OutcomeError("not_yours")
    if meeting.slot.start <= (now or utcnow()):
        raise MeetingConflict([])
    decline_meeting(session, attendee.event, meeting, attendee.id, link_for)
    return meeting


def _opens_at(event: Event, slot: Slot) -> datetime:
    return slot.start - timedelta(minutes=event.no_show_minutes)


def _record_confirmation(session: Session, meeting: Meeting, attendee: Attendee, now: datetime) -> None:
    """The attendee's own "we met" (the first one counts): once both sides have one, they may see each
    other's address."""
    for participant in meeting.participants:
        if participant.attendee_id == attendee.id and participant.confirmed_at is None:
            participant.confirmed_at = now


def _expire_participants(session: Session, meeting: Meeting) -> None:
    session.flush()
    for participant in meeting.participants:
        session.expire(participant)  # status was cascaded by the database


def confirm_met(
    session: Session, attendee: Attendee, meeting_id: int, now: datetime | None = None
) -> Outcome:
    """One side says the meeting took place: it is held (also after a no-show that was wrong, unless the
    slot went to someone else meanwhile: ``OutcomeError("slot_reused")``)."""
    now = now or utcnow()
    meeting = _own_meeting(session, attendee, meeting_id)
    if now < _opens_at(attendee.event, meeting.slot):
        raise OutcomeError("too_early")
    if now > meeting.slot.end + CONFIRM_GRACE:
        raise OutcomeError("too_late")
    _record_confirmation(session, meeting, attendee, now)
    if meeting.status == MeetingStatus.HELD:
        return Outcome(meeting, False)
    meeting.status = MeetingStatus.HELD
    meeting.outcome_at, meeting.absent_attendee_id = now, None
    try:
        with session.begin_nested():
            _expire_participants(session, meeting)
    except IntegrityError:
        session.expire(meeting)
        raise OutcomeError("slot_reused") from None
    return Outcome(meeting, True)


def report_absent(
    session: Session,
    attendee: Attendee,
    meeting_id: int,
    now: datetime | None = None,
    link_for: LinkFor | None = None,
) -> Outcome:
    """One side says the other did not come: a no-show, and the reporter's slot is offered again."""
    now = now or utcnow()
    meeting = _own_meeting(session, attendee, meeting_id)
    if now < _opens_at(attendee.event, meeting.slot):
        raise OutcomeError("too_early")
    if now >= meeting.slot.end:
        raise OutcomeError("too_late")
    if meeting.status == MeetingStatus.HELD:
        raise OutcomeError("already_held")
    if meeting.status == MeetingStatus.NO_SHOW:
        return Outcome(meeting, False)
    from matchmaker.services.refill import free_seats, lock_slot

    lock_slot(session, meeting.slot_id)
    absent = meeting.other(attendee.id)
    _mark_no_show(session, meeting, absent, now)

    free_seats(session, attendee.event, meeting, "no_show", [attendee.id], now, link_for)
    return Outcome(meeting, True)


def _mark_no_show(session: Session, meeting: Meeting, absent: int | None, now: datetime) -> None:
    meeting.status = MeetingStatus.NO_SHOW
    meeting.outcome_at, meeting.absent_attendee_id = now, absent
    _expire_participants(session, meeting)


def mark_no_shows(
    session: Session, event: Event, now: datetime | None = None, link_for: LinkFor | None = None
) -> list[Meeting]:
    """Apply the no-show rule to the event's scheduled meetings whose deadline has passed and whose
    slot has not ended; frees the seat of whoever did come. Returns the meetings marked."""
    now = now or utcnow()
    window = timedelta(minutes=event.no_show_minutes)
    due = (
        session.scalars(
            select(Meeting)
            .join(Slot, Slot.id == Meeting.slot_id)
            .where(
                Meeting.event_id == event.id,
                Meeting.status == MeetingStatus.SCHEDULED,
                Slot.start <= now + window,
                Slot.end > now,
            )
            .options(joinedload(Meeting.attendee_a), joinedload(Meeting.attendee_b), joinedload(Meeting.slot))
            .order_by(Meeting.id)
        )
        .unique()
        .all()
    )
    from matchmaker.services.refill import free_seats

    marked = []
    for meeting in due:
        people = {p.id: p.checked_in_at for p in (meeting.attendee_a, meeting.attendee_b)}
        verdict = no_show_verdict(
            meeting.slot.start, now, event.no_show_minutes, people, booked_at=meeting.created_at
        )
        if not verdict.decided or not verdict.absent:
            continue
        absent = next(iter(verdict.absent)) if len(verdict.absent) == 1 else None
        _mark_no_show(session, meeting, absent, now)
        present = [person for person in people if person not in verdict.absent]
        free_seats(session, event, meeting, "no_show", present, now, link_for)
        marked.append(meeting)
    return marked


def meeting_between_now(
    session: Session, event: Event, first: int, second: int, now: datetime | None = None
) -> Meeting | None:
    """The two people's meeting that can be confirmed at ``now`` (its slot opens for confirming, or ended
    within the grace period), nearest first; None when they have none."""
    now = now or utcnow()
    low, high = sorted((first, second))
    candidates = session.scalars(
        select(Meeting)
        .join(Slot, Slot.id == Meeting.slot_id)
        .where(
            Meeting.event_id == event.id,
            Meeting.attendee_a_id == low,
            Meeting.attendee_b_id == high,
            Meeting.status != MeetingStatus.CANCELLED,
        )
        .order_by(Slot.start)
    ).all()
    open_now = [m for m in candidates if _opens_at(event, m.slot) <= now <= m.slot.end + CONFIRM_GRACE]
    return min(open_now, key=lambda m: abs((m.slot.start - now).total_seconds()), default=None)


def confirm_by_badge(
    session: Session, attendee: Attendee, partner: Attendee, now: datetime | None = None
) -> Outcome:
    """The signed-in ``attendee`` scanned ``partner``'s badge: their meeting of the moment is held."""
    if partner.id == attendee.id or partner.event_id != attendee.event_id:
        raise OutcomeError("not_yours")
    meeting = meeting_between_now(session, attendee.event, attendee.id, partner.id, now)
    if meeting is None:
        raise OutcomeError("no_meeting_now")
    return confirm_met(session, attendee, meeting.id, now)


def current_meetings_of(session: Session, attendee: Attendee, now: datetime | None = None) -> list[Meeting]:
    """The attendee's meetings that can be confirmed at ``now`` (what the check-in desk offers to mark)."""
    now = now or utcnow()
    rows = session.scalars(
        select(Meeting)
        .join(Slot, Slot.id == Meeting.slot_id)
        .where(
            or_(Meeting.attendee_a_id == attendee.id, Meeting.attendee_b_id == attendee.id),
            Meeting.status.in_([MeetingStatus.SCHEDULED, MeetingStatus.NO_SHOW]),
        )
        .order_by(Slot.start)
    ).all()
    event = attendee.event
    return [m for m in rows if _opens_at(event, m.slot) <= now <= m.slot.end]
