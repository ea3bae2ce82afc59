"""Reminders: a mail before each meeting (table, partner, why they meet) and a morning digest of the day,
each in the attendee's language, each sent at most once.

Exactly once: every reminder is claimed by inserting its :class:`SentReminder` row (unique per
attendee, kind and subject) in the same transaction that writes the mail, inside a savepoint. A second
worker racing on the same reminder waits on the unique index and then fails the insert, so it skips;
a worker that dies before committing takes its claims and its mails with it, and the next run sends
them. A meeting moved to another slot is a new subject, so its new time is reminded too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from matchmaker.db.models import (
    Attendee,
    Event,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    Recommendation,
    SentReminder,
    Slot,
)
from matchmaker.db.types import utcnow
from matchmaker.services.mail import send_mail
from matchmaker.services.meetings import agenda_lines
from matchmaker.services.translations import table_in_words, translations
from matchmaker.services.venue_time import babel_locale, time_of_day

MEETING, DIGEST = "meeting", "digest"


def _claim(session: Session, event: Event, attendee_id: int, kind: str, subject: str, now: datetime) -> bool:
    try:
        with session.begin_nested():
            session.add(
                SentReminder(
                    event_id=event.id, attendee_id=attendee_id, kind=kind, subject=subject, sent_at=now
                )
            )
            session.flush()
    except IntegrityError:
        return False
    return True


def _already_sent(session: Session, event: Event, kind: str, subjects: set[str]) -> set[tuple[int, str]]:
    """(attendee, subject) of the reminders sent already: skipped without trying (each tick would
    otherwise fail one insert per reminder ever sent). The claim stays the guarantee."""
    if not subjects:
        return set()
    rows = session.execute(
        select(SentReminder.attendee_id, SentReminder.subject).where(
            SentReminder.event_id == event.id, SentReminder.kind == kind, SentReminder.subject.in_(subjects)
        )
    )
    return {(attendee_id, subject) for attendee_id, subject in rows}


def _reason_lines(gettext: Any, reasons: Sequence[Mapping[str, Any]]) -> list[str]:
    # The same sentences as the agenda's (web/attendee/labels.py), worded with the mail's catalogue.
    lines = []
    for reason in reasons[:3]:
        if not isinstance(reason, Mapping):
            continue
        theirs = "; ".join(str(x) for x in reason.get("theirs") or ())
        if reason.get("kind") == "they_offer" and theirs:
            lines.append(gettext("Offers: %(what)s — you are looking for this") % {"what": theirs})
        elif reason.get("kind") == "they_seek" and theirs:
            lines.append(gettext("Looks for: %(what)s — that is what you offer") % {"what": theirs})
    return lines


def _meeting_mail(session: Session, event: Event, meeting: Meeting, attendee: Attendee) -> None:
    assert attendee.email is not None
    gettext = translations(attendee.locale).gettext
    partner = meeting.attendee_b if meeting.attendee_a_id == attendee.id else meeting.attendee_a
    who = f"{partner.name} ({partner.company})" if partner.company else partner.name
    at = time_of_day(meeting.slot.start, event.zone, babel_locale(attendee.locale))
    reasons = (
        session.scalar(
            select(Recommendation.reasons).where(
                Recommendation.attendee_id == attendee.id, Recommendation.candidate_id == partner.id
            )
        )
        or []
    )
    lines = [
        gettext("Hello %(name)s,") % {"name": attendee.name},
        "",
        gettext("your next meeting at %(event)s starts at %(time)s at table %(table)s, with %(who)s.")
        % {"event": event.name, "time": at, "table": table_in_words(meeting.table.name, gettext), "who": who},
    ]
    if partner.job_title:
        lines.append(partner.job_title)
    why = _reason_lines(gettext, reasons)
    if why:
        lines += ["", gettext("Why you meet:"), *[f"- {line}" for line in why]]
    lines += [
        "",
        gettext("Please check in at the venue before it starts, or the slot may be given to someone else."),
    ]
    subject = gettext("At %(time)s: %(who)s, table %(table)s") % {
        "time": at,
        "who": partner.name,
        "table": table_in_words(meeting.table.name, gettext),
    }
    send_mail(session, attendee.email, subject, "\n".join(lines), event_id=event.id, kind="reminder")


def send_meeting_reminders(session: Session, event: Event, now: datetime | None = None) -> int:
    """Mail each attendee with an address whose scheduled meeting starts within the event's reminder
    minutes (flushes); how many mails were written."""
    now = now or utcnow()
    if event.reminder_minutes is None:
        return 0
    due = (
        session.scalars(
            select(Meeting)
            .join(Slot, Slot.id == Meeting.slot_id)
            .where(
                Meeting.event_id == event.id,
                Meeting.status == MeetingStatus.SCHEDULED,
                Slot.start > now,
                Slot.start <= now + timedelta(minutes=event.reminder_minutes),
            )
            .options(
                joinedload(Meeting.attendee_a),
                joinedload(Meeting.attendee_b),
                joinedload(Meeting.slot),
                joinedload(Meeting.table),
            )
            .order_by(Meeting.id)
        )
        .unique()
        .all()
    )
    done = _already_sent(session, event, MEETING, {f"{m.id}@{m.slot_id}" for m in due})
    sent = 0
    for meeting in due:
        for attendee in (meeting.attendee_a, meeting.attendee_b):
            subject = f"{meeting.id}@{meeting.slot_id}"
            if (attendee.id, subject) in done:
                continue
            if attendee.email and _claim(session, event, attendee.id, MEETING, subject, now):
                _meeting_mail(session, event, meeting, attendee)
                sent += 1
    return sent


def _digest_moment(event: Event, day: date) -> datetime | None:
    if not event.digest_time:
        return None
    hour, minute = (int(part) for part in event.digest_time.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=event.zone)


def send_digests(session: Session, event: Event, now: datetime | None = None) -> int:
    """The morning digest: from the event's digest time on a day at the venue until that day's last
    meeting starts, each attendee with meetings that day gets their day's agenda once."""
    now = now or utcnow()
    day = now.astimezone(event.zone).date()
    moment = _digest_moment(event, day)
    if moment is None or now < moment:
        return 0
    day_end = datetime.combine(day + timedelta(days=1), time(), tzinfo=event.zone)
    today = (
        Meeting.event_id == event.id,
        Meeting.status == MeetingStatus.SCHEDULED,
        Slot.start > now,
        Slot.start < day_end,
    )
    # Most ticks of the day find everyone mailed already: a light look first.
    waiting = set(
        session.scalars(
            select(MeetingParticipant.attendee_id)
            .join(Meeting, Meeting.id == MeetingParticipant.meeting_id)
            .join(Slot, Slot.id == Meeting.slot_id)
            .where(*today)
        )
    )
    waiting -= {person for person, _subject in _already_sent(session, event, DIGEST, {day.isoformat()})}
    if not waiting:
        return 0
    meetings = (
        session.scalars(
            select(Meeting)
            .join(Slot, Slot.id == Meeting.slot_id)
            .where(*today, or_(Meeting.attendee_a_id.in_(waiting), Meeting.attendee_b_id.in_(waiting)))
            .options(
                joinedload(Meeting.attendee_a),
                joinedload(Meeting.attendee_b),
                joinedload(Meeting.slot),
                joinedload(Meeting.table),
            )
        )
        .unique()
        .all()
    )
    by_person: dict[int, list[Meeting]] = {}
    people: dict[int, Attendee] = {}
    for meeting in meetings:
        if meeting.slot.start.astimezone(event.zone).date() != day:
            continue
        for attendee in (meeting.attendee_a, meeting.attendee_b):
            if attendee.email:
                by_person.setdefault(attendee.id, []).append(meeting)
                people[attendee.id] = attendee
    done = _already_sent(session, event, DIGEST, {day.isoformat()})
    sent = 0
    for attendee_id in sorted(by_person):
        attendee = people[attendee_id]
        if (attendee_id, day.isoformat()) in done or not _claim(
            session, event, attendee_id, DIGEST, day.isoformat(), now
        ):
            continue
        assert attendee.email is not None
        gettext = translations(attendee.locale).gettext
        lines = [
            gettext("Hello %(name)s,") % {"name": attendee.name},
            "",
            gettext("your meetings at %(event)s today:") % {"event": event.name},
            "",
            *agenda_lines(event, attendee, by_person[attendee_id]),
            "",
            gettext("You will get a reminder before each meeting.") if event.reminder_minutes else "",
        ]
        subject = gettext("Your meetings today at %(event)s") % {"event": event.name}
        send_mail(
            session, attendee.email, subject, "\n".join(lines).rstrip(), event_id=event.id, kind="digest"
        )
        sent += 1
    return sent


def reminders_sent(session: Session, event: Event) -> int:
    return len(session.scalars(select(SentReminder.id).where(SentReminder.event_id == event.id)).all())
