"""Manual changes to published meetings, each checked first so the organiser reads what blocks it.

Every change that alters someone's agenda notifies both people (one mail each, in their language).
The database refuses double bookings anyway; these checks exist to say *why* in words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
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
from matchmaker.db.types import utcnow
from matchmaker.services.mail import send_mail
from matchmaker.services.notices import N_, Notice, NoticeKind
from matchmaker.services.tokens import current_token, issue_token
from matchmaker.services.translations import translations
from matchmaker.services.venue_time import babel_locale, day_and_time


class MeetingConflict(ValueError):
    """The change can't be made; ``notices`` lists every obstacle as data, ``reasons`` in English words."""

    def __init__(self, reasons: Sequence[Notice | str]) -> None:
        self.notices = [r if isinstance(r, Notice) else Notice("text", r.replace("%", "%%")) for r in reasons]
        self.reasons = [str(notice) for notice in self.notices]
        super().__init__("; ".join(self.reasons))


LinkBuilder = Callable[[str], str]  # a personal link's token -> the link's URL

# Why a change can't be made, declared once; ``time`` is the slot's start at the venue.
TABLE_TAKEN = NoticeKind(
    "table_taken", N_("%(table)s is taken at %(time)s (%(code)s) by %(first)s and %(second)s")
)
ALREADY_MEETS = NoticeKind("already_meets", N_("%(person)s already meets %(other)s at %(time)s (%(code)s)"))
NOT_AVAILABLE = NoticeKind("not_available", N_("%(person)s is not available at %(time)s (%(code)s)"))
NOT_CHANGEABLE = NoticeKind("not_changeable", N_("the meeting is %(status)s; only scheduled meetings change"))
SAME_MEETING = NoticeKind("same_meeting", N_("pick two different meetings to swap"))
SAME_PERSON = NoticeKind("same_person", N_("pick two different people"))
NOT_ATTENDEES = NoticeKind("not_attendees", N_("both people must be attendees of this event"))
PAIR_MEETS = NoticeKind("pair_meets", N_("%(first)s and %(second)s already meet at %(time)s at %(table)s"))
EXCLUDED = NoticeKind("excluded", N_("%(person)s asked not to be matched with %(other)s"))
USE_CANCEL = NoticeKind("use_cancel", N_("use cancel to cancel a meeting"))
WAS_CANCELLED = NoticeKind("was_cancelled", N_("the meeting was cancelled"))
UNKNOWN_MEETING = NoticeKind(
    "unknown_meeting",
    N_(
        "meeting #%(id)s is not one of this event's meetings (it may have been removed): "
        "choose the meeting from the list"
    ),
)
SLOT_REUSED = NoticeKind(
    "slot_reused", N_("the slot was given to another meeting after the no-show; it can't be undone")
)
NO_PLACE = NoticeKind("no_place", N_("choose a slot and a table"))


@dataclass(frozen=True)
class Placement:
    slot: Slot
    table: VenueTable


PAGE_SIZE = 100


@dataclass(frozen=True)
class MeetingFilter:
    slot_id: int | None = None
    attendee_id: int | None = None
    query: str = ""  # words of either person's name or company
    cancelled: bool = False  # include cancelled meetings
    page: int = 1


@dataclass(frozen=True)
class MeetingPage:
    meetings: list[Meeting]
    total: int
    pages: int


def find_meetings(session: Session, event: Event, wanted: MeetingFilter) -> MeetingPage:
    """One page of the event's meetings in time and table order, with both people, slot and table loaded."""
    statement = select(Meeting).where(Meeting.event_id == event.id)
    if not wanted.cancelled:
        statement = statement.where(Meeting.status != MeetingStatus.CANCELLED)
    if wanted.slot_id:
        statement = statement.where(Meeting.slot_id == wanted.slot_id)
    if wanted.attendee_id:
        statement = statement.where(
            or_(Meeting.attendee_a_id == wanted.attendee_id, Meeting.attendee_b_id == wanted.attendee_id)
        )
    for word in wanted.query.lower().split()[:5]:
        pattern = f"%{word}%"
        matching = select(Attendee.id).where(
            Attendee.event_id == event.id,
            or_(func.lower(Attendee.name).like(pattern), func.lower(Attendee.company).like(pattern)),
        )
        statement = statement.where(
            or_(Meeting.attendee_a_id.in_(matching), Meeting.attendee_b_id.in_(matching))
        )
    total = int(session.scalar(select(func.count()).select_from(statement.subquery())) or 0)
    page = max(1, wanted.page)
    ordered = (
        statement.join(Slot, Slot.id == Meeting.slot_id)
        .join(VenueTable, VenueTable.id == Meeting.table_id)
        .options(
            joinedload(Meeting.attendee_a),
            joinedload(Meeting.attendee_b),
            joinedload(Meeting.slot),
            joinedload(Meeting.table),
        )
        .order_by(Slot.start, VenueTable.position, Meeting.id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return MeetingPage(list(session.scalars(ordered).unique()), total, max(1, -(-total // PAGE_SIZE)))


def meeting_of(session: Session, event: Event, meeting_id: int | None) -> Meeting:
    """The event's meeting ``meeting_id``; raises :class:`MeetingConflict` saying it is not there."""
    meeting = session.get(Meeting, meeting_id) if meeting_id else None
    if meeting is None or meeting.event_id != event.id:
        raise MeetingConflict([UNKNOWN_MEETING(id=meeting_id if meeting_id else "?")])
    return meeting


def swap_candidates(session: Session, event: Event, meeting: Meeting, slot_id: int) -> list[Meeting]:
    """The scheduled meetings in ``slot_id`` that ``meeting`` could trade places with, by table."""
    return list(
        session.scalars(
            select(Meeting)
            .join(VenueTable, VenueTable.id == Meeting.table_id)
            .where(
                Meeting.event_id == event.id,
                Meeting.slot_id == slot_id,
                Meeting.id != meeting.id,
                Meeting.status == MeetingStatus.SCHEDULED,
            )
            .options(
                joinedload(Meeting.attendee_a), joinedload(Meeting.attendee_b), joinedload(Meeting.table)
            )
            .order_by(VenueTable.position)
        ).unique()
    )


def live_meetings(session: Session, event_id: int, *, with_details: bool = False) -> list[Meeting]:
    """The event's meetings that are not cancelled; ``with_details`` loads both people, the slot and the
    table in the same query (printed sheets show them all)."""
    query = select(Meeting).where(Meeting.event_id == event_id, Meeting.status != MeetingStatus.CANCELLED)
    if with_details:
        query = query.options(
            joinedload(Meeting.attendee_a),
            joinedload(Meeting.attendee_b),
            joinedload(Meeting.slot),
            joinedload(Meeting.table),
        )
    return list(session.scalars(query))


def live_meeting_count(session: Session, event_id: int) -> int:
    """How many of the event's meetings are not cancelled."""
    return int(
        session.scalar(
            select(func.count())
            .select_from(Meeting)
            .where(Meeting.event_id == event_id, Meeting.status != MeetingStatus.CANCELLED)
        )
        or 0
    )


def _label(session: Session, attendee_id: int) -> str:
    attendee = session.get_one(Attendee, attendee_id)
    return f"{attendee.name} ({attendee.company})" if attendee.company else attendee.name


def placement_conflicts(
    session: Session, event: Event, people: Iterable[int], place: Placement, ignore: Iterable[int] = ()
) -> list[Notice | str]:
    """Why ``people`` can't meet at ``place`` (empty when they can), ignoring the meetings in ``ignore``."""
    skip = set(ignore)
    reasons: list[Notice | str] = []
    at = {"time": place.slot.start.astimezone(event.zone), "code": place.slot.code}
    in_slot = session.scalars(
        select(Meeting).where(Meeting.slot_id == place.slot.id, Meeting.status != MeetingStatus.CANCELLED)
    )
    for meeting in in_slot:
        if meeting.id in skip:
            continue
        if meeting.table_id == place.table.id:
            reasons.append(
                TABLE_TAKEN(
                    table=place.table.name,
                    first=_label(session, meeting.attendee_a_id),
                    second=_label(session, meeting.attendee_b_id),
                    **at,
                )
            )
        for person in people:
            if person in (meeting.attendee_a_id, meeting.attendee_b_id):
                reasons.append(
                    ALREADY_MEETS(
                        person=_label(session, person), other=_label(session, meeting.other(person)), **at
                    )
                )
    for person in people:
        attendee = session.get_one(Attendee, person)
        if any(u.slot_id == place.slot.id for u in attendee.unavailability):
            reasons.append(NOT_AVAILABLE(person=_label(session, person), **at))
    return reasons


def _expire_participants(session: Session, meetings: Iterable[Meeting]) -> None:
    session.flush()
    for meeting in meetings:
        for participant in meeting.participants:
            session.expire(participant)  # slot and status were cascaded by the database


def _require_changeable(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.SCHEDULED:
        raise MeetingConflict([NOT_CHANGEABLE(status=MeetingStatus(meeting.status))])


def move_meeting(
    session: Session, event: Event, meeting: Meeting, place: Placement, link_for: LinkBuilder | None = None
) -> None:
    """Move to another slot and/or table; raises :class:`MeetingConflict` naming what blocks it."""
    _require_changeable(meeting)
    reasons = placement_conflicts(
        session, event, (meeting.attendee_a_id, meeting.attendee_b_id), place, ignore=[meeting.id]
    )
    if reasons:
        raise MeetingConflict(reasons)
    meeting.slot_id, meeting.table_id = place.slot.id, place.table.id
    _expire_participants(session, [meeting])
    notify_schedule_change(session, event, [meeting.attendee_a_id, meeting.attendee_b_id], link_for)


def swap_meetings(
    session: Session, event: Event, first: Meeting, second: Meeting, link_for: LinkBuilder | None = None
) -> None:
    """Exchange the slots and tables of two meetings."""
    _require_changeable(first)
    _require_changeable(second)
    if first.id == second.id:
        raise MeetingConflict([SAME_MEETING()])
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
    notify_schedule_change(session, event, people, link_for)


def set_locked(session: Session, meeting: Meeting, locked: bool) -> None:
    """A locked meeting stays where it is even in a full re-plan."""
    meeting.locked = locked
    session.flush()


def cancel_meeting(
    session: Session,
    event: Event,
    meeting: Meeting,
    link_for: LinkBuilder | None = None,
    now: datetime | None = None,
) -> None:
    """Cancel a scheduled meeting; both people are told, and each is offered another partner for the
    slot when refill is on (services/refill.py)."""
    from matchmaker.services.refill import free_seats, lock_slot

    _require_changeable(meeting)
    lock_slot(session, meeting.slot_id)  # before the meeting's row: the order the tick takes them in
    meeting.status = MeetingStatus.CANCELLED
    _expire_participants(session, [meeting])
    notify_schedule_change(session, event, [meeting.attendee_a_id, meeting.attendee_b_id], link_for)
    free_seats(
        session, event, meeting, "cancelled", [meeting.attendee_a_id, meeting.attendee_b_id], now, link_for
    )


def decline_meeting(
    session: Session,
    event: Event,
    meeting: Meeting,
    attendee_id: int,
    link_for: LinkBuilder | None = None,
    now: datetime | None = None,
) -> None:
    """The attendee can't make a scheduled meeting: it is cancelled, the partner is told and offered
    another partner for the slot (the one who declined is not)."""
    from matchmaker.services.refill import free_seats, lock_slot

    _require_changeable(meeting)
    lock_slot(session, meeting.slot_id)
    meeting.status = MeetingStatus.CANCELLED
    _expire_participants(session, [meeting])
    partner = meeting.other(attendee_id)
    notify_schedule_change(session, event, [partner], link_for)
    free_seats(session, event, meeting, "declined", [partner], now, link_for)


def add_meeting(
    session: Session,
    event: Event,
    first_id: int,
    second_id: int,
    place: Placement,
    link_for: LinkBuilder | None = None,
) -> Meeting:
    """A manual meeting (locked, so re-planning keeps it); refused with reasons on any conflict."""
    if first_id == second_id:
        raise MeetingConflict([SAME_PERSON()])
    people = (first_id, second_id)
    for person in people:
        attendee = session.get(Attendee, person)
        if attendee is None or attendee.event_id != event.id:
            raise MeetingConflict([NOT_ATTENDEES()])
    low, high = sorted(people)
    existing = next(
        (m for m in live_meetings(session, event.id) if (m.attendee_a_id, m.attendee_b_id) == (low, high)),
        None,
    )
    reasons: list[Notice | str] = []
    if existing is not None:
        reasons.append(
            PAIR_MEETS(
                first=_label(session, low),
                second=_label(session, high),
                time=existing.slot.start.astimezone(event.zone),
                table=existing.table.name,
            )
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
            EXCLUDED(
                person=_label(session, excluded.attendee_id),
                other=_label(session, int(excluded.excluded_attendee_id or 0)),
            )
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
    notify_schedule_change(session, event, [low, high], link_for)
    return meeting


def mark_outcome(
    session: Session,
    meeting: Meeting,
    status: MeetingStatus,
    link_for: LinkBuilder | None = None,
    now: datetime | None = None,
) -> None:
    """Record on the day whether a meeting was held or nobody came (and undo it: back to scheduled).

    A no-show the organiser marks frees the seat of whoever of the two is at the venue, like one the
    rule or the partner found: they are offered another partner for the slot (services/refill.py). Undone,
    the meeting's freed seats stop seeking.
    """
    from matchmaker.services.refill import free_seats, lock_slot, stop_seeking

    if status == MeetingStatus.CANCELLED:
        raise MeetingConflict([USE_CANCEL()])
    if meeting.status == MeetingStatus.CANCELLED:
        raise MeetingConflict([WAS_CANCELLED()])
    was = meeting.status
    lock_slot(session, meeting.slot_id)
    meeting.status = status
    if status == MeetingStatus.NO_SHOW and was != MeetingStatus.NO_SHOW:
        meeting.outcome_at = now or utcnow()
    try:
        with session.begin_nested():
            _expire_participants(session, [meeting])
    except IntegrityError:
        # A no-show's table or people went to a refill meanwhile: it can't become live again.
        session.expire(meeting)
        raise MeetingConflict([SLOT_REUSED()]) from None
    if status == MeetingStatus.NO_SHOW and was != MeetingStatus.NO_SHOW:
        present = [
            person.id
            for person in (meeting.attendee_a, meeting.attendee_b)
            if person.checked_in_at is not None
        ]
        event = session.get_one(Event, meeting.event_id)
        free_seats(session, event, meeting, "no_show", present, now, link_for)
    elif status != MeetingStatus.NO_SHOW and was == MeetingStatus.NO_SHOW:
        stop_seeking(session, meeting, now)


def notify_schedule_change(
    session: Session, event: Event, attendee_ids: Iterable[int], link_for: LinkBuilder | None = None
) -> int:
    """Mail each attendee (with an address) that their agenda changed; returns how many were told.

    With ``link_for`` (how a personal link's URL is made), each mail carries the attendee's personal
    link: the same link as before when it can be recovered, a first one for attendees who never had
    one (imported people who were never invited). Only people whose link can't be recovered are sent
    back to the earlier e-mail. Loads the live meetings of everyone told at once: publishing a schedule
    notifies hundreds of people at a time, a refill on the day two people of a large fair.
    """
    wanted = set(attendee_ids)
    if not wanted:
        return 0
    session.flush()
    meetings = list(
        session.scalars(
            select(Meeting)
            .where(
                Meeting.event_id == event.id,
                Meeting.status != MeetingStatus.CANCELLED,
                or_(Meeting.attendee_a_id.in_(wanted), Meeting.attendee_b_id.in_(wanted)),
            )
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
        lines += agenda_lines(event, attendee, by_person.get(attendee.id, [])) or [
            gettext("(no meetings at the moment)")
        ]
        token = _link_token(attendee) if link_for is not None else None
        if token is not None and link_for is not None:
            lines += [
                "",
                gettext("Your personal page, with the details and your calendar file:"),
                link_for(token),
                "",
                gettext("Keep this link private: anyone who has it can act as you."),
            ]
        else:
            lines += ["", gettext("Open your personal link from the earlier e-mail to see the details.")]
        send_mail(
            session,
            attendee.email,
            subject,
            "\n".join(lines),
            event_id=event.id,
            kind="schedule_changed",
            secrets=(token,) if token else (),
        )
        told += 1
    return told


def _link_token(attendee: Attendee) -> str | None:
    """The attendee's current link, or their first one if they never had a link; None if it is lost."""
    if attendee.token_hash is None:
        return issue_token(attendee)
    return current_token(attendee)


def agenda_lines(event: Event, attendee: Attendee, meetings: list[Meeting]) -> list[str]:
    """``"Tue 18 May, 09:00  Table 3  Anna Kowalska (Acme)"`` per meeting of the attendee, in time order,
    at the venue's time and in the attendee's language."""
    locale = babel_locale(attendee.locale)
    lines = []
    for meeting in sorted(meetings, key=lambda m: m.slot.start):
        other = meeting.attendee_b if meeting.attendee_a_id == attendee.id else meeting.attendee_a
        who = f"{other.name} ({other.company})" if other.company else other.name
        lines.append(f"{day_and_time(meeting.slot.start, event.zone, locale)}  {meeting.table.name}  {who}")
    return lines
