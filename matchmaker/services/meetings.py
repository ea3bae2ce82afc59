"""Manual changes to published meetings, each checked first so the organiser reads what blocks it.

Every change that alters someone's agenda notifies both people (one mail each, in their language).
The database refuses double bookings anyway; these checks exist to say *why* in words.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from matchmaker.db.models import (
    Attendee,
    Event,
    Exclusion,
    Meeting,
    MeetingSource,
    MeetingStatus,
    Slot,
    VenueTable,
)
from matchmaker.services.mail import send_mail, translations


class MeetingConflict(ValueError):
    """The change can't be made; ``reasons`` lists every obstacle in words."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True)
class Placement:
    slot: Slot
    table: VenueTable


def live_meetings(session: Session, event_id: int) -> list[Meeting]:
    return list(
        session.scalars(
            select(Meeting).where(Meeting.event_id == event_id, Meeting.status != MeetingStatus.CANCELLED)
        )
    )


def _label(session: Session, attendee_id: int) -> str:
    attendee = session.get_one(Attendee, attendee_id)
    return f"{attendee.name} ({attendee.company})" if attendee.company else attendee.name


def placement_conflicts(
    session: Session, event: Event, people: Iterable[int], place: Placement, ignore: Iterable[int] = ()
) -> list[str]:
    """Why ``people`` can't meet at ``place`` (empty when they can), ignoring the meetings in ``ignore``."""
    skip = set(ignore)
    reasons: list[str] = []
    at = f"{place.slot.start.astimezone(event.zone):%H:%M} ({place.slot.code})"
    in_slot = session.scalars(
        select(Meeting).where(Meeting.slot_id == place.slot.id, Meeting.status != MeetingStatus.CANCELLED)
    )
    for meeting in in_slot:
        if meeting.id in skip:
            continue
        if meeting.table_id == place.table.id:
            reasons.append(
                f"{place.table.name} is taken at {at} by {_label(session, meeting.attendee_a_id)} "
                f"and {_label(session, meeting.attendee_b_id)}"
            )
        for person in people:
            if person in (meeting.attendee_a_id, meeting.attendee_b_id):
                reasons.append(
                    f"{_label(session, person)} already meets "
                    f"{_label(session, meeting.other(person))} at {at}"
                )
    for person in people:
        attendee = session.get_one(Attendee, person)
        if any(u.slot_id == place.slot.id for u in attendee.unavailability):
            reasons.append(f"{_label(session, person)} is not available at {at}")
    return reasons


def _expire_participants(session: Session, meetings: Iterable[Meeting]) -> None:
    session.flush()
    for meeting in meetings:
        for participant in meeting.participants:
            session.expire(participant)  # slot and status were cascaded by the database


def _require_changeable(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingConflict(
            [f"the meeting is {meeting.status.replace('_', ' ')}; only scheduled meetings change"]
        )


def move_meeting(session: Session, event: Event, meeting: Meeting, place: Placement) -> None:
    """Move to another slot and/or table; raises :class:`MeetingConflict` naming what blocks it."""
    _require_changeable(meeting)
    reasons = placement_conflicts(
        session, event, (meeting.attendee_a_id, meeting.attendee_b_id), place, ignore=[meeting.id]
    )
    if reasons:
        raise MeetingConflict(reasons)
    meeting.slot_id, meeting.table_id = place.slot.id, place.table.id
    _expire_participants(session, [meeting])
    notify_schedule_change(session, event, [meeting.attendee_a_id, meeting.attendee_b_id])


def swap_meetings(session: Session, event: Event, first: Meeting, second: Meeting) -> None:
    """Exchange the slots and tables of two meetings."""
    _require_changeable(first)
    _require_changeable(second)
    if first.id == second.id:
        raise MeetingConflict(["pick two different meetings to swap"])
    both = [first.id, second.id]
    first_place = Placement(first.slot, first.table)
    second_place = Placement(second.slot, second.table)
    reasons = placement_conflicts(
        session, event, (first.attendee_a_id, first.attendee_b_id), second_place, both
    )
    reasons += placement_conflicts(
        session, event, (second.attendee_a_id, second.attendee_b_id), first_place, both
    )
    if reasons:
        raise MeetingConflict(reasons)
    # Step out of the no-double-booking indexes, swap, step back in: no moment holds a clash.
    first.status = MeetingStatus.CANCELLED
    session.flush()
    second.slot_id, second.table_id = first_place.slot.id, first_place.table.id
    session.flush()
    first.slot_id, first.table_id = second_place.slot.id, second_place.table.id
    first.status = MeetingStatus.SCHEDULED
    _expire_participants(session, [first, second])
    people = [first.attendee_a_id, first.attendee_b_id, second.attendee_a_id, second.attendee_b_id]
    notify_schedule_change(session, event, people)


def set_locked(session: Session, meeting: Meeting, locked: bool) -> None:
    """A locked meeting stays where it is even in a full re-plan."""
    meeting.locked = locked
    session.flush()


def cancel_meeting(session: Session, event: Event, meeting: Meeting) -> None:
    _require_changeable(meeting)
    meeting.status = MeetingStatus.CANCELLED
    _expire_participants(session, [meeting])
    notify_schedule_change(session, event, [meeting.attendee_a_id, meeting.attendee_b_id])


def add_meeting(session: Session, event: Event, first_id: int, second_id: int, place: Placement) -> Meeting:
    """A manual meeting (locked, so re-planning keeps it); refused with reasons on any conflict."""
    if first_id == second_id:
        raise MeetingConflict(["pick two different people"])
    people = (first_id, second_id)
    for person in people:
        attendee = session.get(Attendee, person)
        if attendee is None or attendee.event_id != event.id:
            raise MeetingConflict(["both people must be attendees of this event"])
    low, high = sorted(people)
    existing = next(
        (m for m in live_meetings(session, event.id) if (m.attendee_a_id, m.attendee_b_id) == (low, high)),
        None,
    )
    reasons = []
    if existing is not None:
        reasons.append(
            f"{_label(session, low)} and {_label(session, high)} already meet at "
            f"{existing.slot.start.astimezone(event.zone):%H:%M} at {existing.table.name}"
        )
    excluded = session.scalar(
        select(Exclusion).where(
            Exclusion.event_id == event.id,
            Exclusion.excluded_attendee_id.in_(people),
            Exclusion.attendee_id.in_(people),
        )
    )
    if excluded is not None:
        reasons.append(
            f"{_label(session, excluded.attendee_id)} asked not to be matched with "
            f"{_label(session, int(excluded.excluded_attendee_id or 0))}"
        )
    reasons += placement_conflicts(session, event, people, place)
    if reasons:
        raise MeetingConflict(reasons)
    meeting = Meeting.between(
        low,
        high,
        event_id=event.id,
        slot_id=place.slot.id,
        table_id=place.table.id,
        source=MeetingSource.MANUAL,
        locked=True,
    )
    session.add(meeting)
    session.flush()
    notify_schedule_change(session, event, [low, high])
    return meeting


def mark_outcome(session: Session, meeting: Meeting, status: MeetingStatus) -> None:
    """Record on the day whether a meeting was held or nobody came (and undo it: back to scheduled)."""
    if status == MeetingStatus.CANCELLED:
        raise MeetingConflict(["use cancel to cancel a meeting"])
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingConflict(["the meeting was cancelled"])
    meeting.status = status
    _expire_participants(session, [meeting])


def notify_schedule_change(session: Session, event: Event, attendee_ids: Iterable[int]) -> int:
    """Mail each attendee (with an address) that their agenda changed; returns how many were told.

    Loads the event's live meetings once: publishing a schedule notifies hundreds of people at a time.
    """
    wanted = set(attendee_ids)
    if not wanted:
        return 0
    session.flush()
    meetings = list(
        session.scalars(
            select(Meeting)
            .where(Meeting.event_id == event.id, Meeting.status != MeetingStatus.CANCELLED)
            .options(
                joinedload(Meeting.attendee_a),
                joinedload(Meeting.attendee_b),
                joinedload(Meeting.slot),
                joinedload(Meeting.table),
            )
        )
    )
    by_person: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        for person in (meeting.attendee_a_id, meeting.attendee_b_id):
            if person in wanted:
                by_person.setdefault(person, []).append(meeting)
    people = session.scalars(select(Attendee).where(Attendee.id.in_(wanted), Attendee.email.is_not(None)))
    told = 0
    for attendee in sorted(people, key=lambda a: a.id):
        assert attendee.email is not None
        gettext = translations(attendee.locale).gettext
        subject = gettext("Your meetings at %(event)s have changed") % {"event": event.name}
        lines = [
            gettext("Hello %(name)s,") % {"name": attendee.name},
            "",
            gettext("Your meeting schedule at %(event)s was updated. Your agenda now reads:")
            % {"event": event.name},
            "",
        ]
        lines += agenda_lines(event, attendee.id, by_person.get(attendee.id, [])) or [
            gettext("(no meetings at the moment)")
        ]
        lines += ["", gettext("Open your personal link from the earlier e-mail to see the details.")]
        send_mail(
            session, attendee.email, subject, "\n".join(lines), event_id=event.id, kind="schedule_changed"
        )
        told += 1
    return told


def agenda_lines(event: Event, attendee_id: int, meetings: list[Meeting]) -> list[str]:
    """``"Tue 18 May 09:00  Table 3  Anna Kowalska (Acme)"`` per meeting of the attendee, in time order."""
    lines = []
    for meeting in sorted(meetings, key=lambda m: m.slot.start):
        other = meeting.attendee_b if meeting.attendee_a_id == attendee_id else meeting.attendee_a
        who = f"{other.name} ({other.company})" if other.company else other.name
        lines.append(
            f"{meeting.slot.start.astimezone(event.zone):%a %d %b %H:%M}  {meeting.table.name}  {who}"
        )
    return lines
