"""After the event: one short mail to each attendee with the contact details of their new connections.

Sent once the event is over (its last slot has ended), for every connection not mailed yet, and
never twice: each connection is claimed by stamping the attendee's feedback row in the same
transaction that writes the mail, with an UPDATE that only a row not yet stamped passes. Two workers
running at once on PostgreSQL each claim different rows (the second waits for the first's row
locks, then finds them stamped); a transaction that fails takes its claims and its mails with it.
Feedback given later (people fill it in on the train home) is mailed on the next run.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime, time, timedelta
from itertools import groupby

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, MeetingFeedback, Slot
from matchmaker.services.connections import Connection, PendingFollowUp, pending_follow_ups
from matchmaker.services.mail import send_mail
from matchmaker.services.translations import translations

# After this, late feedback no longer sends mails: nobody expects a "nice to meet you" a season later.
MAIL_WINDOW = timedelta(days=30)
MAIL_KIND = "follow_up"


def event_over_at(session: Session, event: Event) -> datetime:
    """When the event is over: its last slot's end, or the end of its last day at the venue."""
    last_end = session.scalar(select(Slot.end).where(Slot.event_id == event.id).order_by(Slot.end.desc()))
    if last_end is not None:
        return last_end
    return datetime.combine(event.end_date + timedelta(days=1), time(), tzinfo=event.zone).astimezone(UTC)


def follow_ups_due(session: Session, event: Event, now: datetime | None = None) -> bool:
    """Whether follow-up mails go out for ``event`` at ``now``."""
    now = now or datetime.now(UTC)
    over = event_over_at(session, event)
    return over <= now < over + MAIL_WINDOW


def send_follow_up_mails(
    session: Session,
    event: Event,
    lost_link: str,
    now: datetime | None = None,
    attendee_ids: Collection[int] | None = None,
) -> int:
    """Mail every attendee of ``event`` (or only those in ``attendee_ids``) their connections not mailed
    yet, once the event is over (flushes; the caller commits). Returns how many mails were written.

    ``lost_link`` is where the mail sends a reader for their personal link (only its hash is stored).
    """
    now = now or datetime.now(UTC)
    if not follow_ups_due(session, event, now):
        return 0
    sent = 0
    pending = pending_follow_ups(session, event.id, attendee_ids)
    for attendee_id, group in groupby(pending, key=lambda p: p.attendee_id):
        claimed = _claim(session, list(group), now)
        if claimed:
            _mail(session, event, session.get_one(Attendee, attendee_id), claimed, lost_link)
            sent += 1
    return sent


def events_due_for_follow_up(session: Session, now: datetime | None = None) -> list[Event]:
    """The events whose follow-up mails go out at ``now`` (a periodic task sends them, one event per
    transaction: ``jobs/follow_up.py: send_due_follow_up_mails``)."""
    now = now or datetime.now(UTC)
    return [
        event
        for event in session.scalars(select(Event).order_by(Event.id)).all()
        if follow_ups_due(session, event, now)
    ]


def _claim(session: Session, pending: list[PendingFollowUp], now: datetime) -> list[Connection]:
    """The connections of ``pending`` this transaction stamped (others were mailed by someone else)."""
    by_feedback = {p.feedback_id: p.connection for p in pending}
    stamped = session.scalars(
        update(MeetingFeedback)
        .where(MeetingFeedback.id.in_(by_feedback), MeetingFeedback.follow_up_sent_at.is_(None))
        .values(follow_up_sent_at=now)
        .returning(MeetingFeedback.id)
        .execution_options(synchronize_session=False)
    ).all()
    return [by_feedback[feedback_id] for feedback_id in sorted(stamped, key=list(by_feedback).index)]


def _mail(
    session: Session, event: Event, attendee: Attendee, connections: list[Connection], lost_link: str
) -> None:
    gettext = translations(attendee.locale).gettext
    lines = [
        gettext("Hello %(name)s,") % {"name": attendee.name},
        "",
        gettext(
            "thank you for coming to %(event)s. You and these people both asked to follow up "
            "after your meeting, so here are their contact details:"
        )
        % {"event": event.name},
        "",
    ]
    for connection in connections:
        card = (connection.name, connection.job_title, connection.company)
        lines.append("- " + ", ".join(x for x in card if x))
        if connection.email:
            lines.append(f"  {connection.email}")
    lines += [
        "",
        gettext(
            "Your personal page lists all your connections under Connections, with contact "
            "cards for your phone. Lost your link? %(url)s"
        )
        % {"url": lost_link},
    ]
    subject = gettext("Your new contacts from %(event)s") % {"event": event.name}
    assert attendee.email is not None  # pending_follow_ups keeps only attendees with an address
    send_mail(session, attendee.email, subject, "\n".join(lines), event_id=event.id, kind=MAIL_KIND)
