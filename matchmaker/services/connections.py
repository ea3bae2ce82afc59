"""Connections: the people an attendee met where both said "follow up" in their feedback.

Both asking to follow up is the consent to exchange contact details: each then sees the other's
contact card (name, company, job title, e-mail) on the "my connections" page, as a vCard or a CSV,
and gets it by mail after the event (:mod:`matchmaker.services.follow_up`). One side's wish alone
shows nothing to the other.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, select
from sqlalchemy.orm import Session, aliased

from matchmaker.db.models import Attendee, Meeting, MeetingFeedback, Slot


@dataclass(frozen=True)
class Connection:
    """Someone the attendee met, and both asked to follow up."""

    partner_id: int
    name: str
    company: str
    job_title: str
    email: str | None
    meeting_id: int
    met_at: datetime


_mine, _theirs = aliased(MeetingFeedback), aliased(MeetingFeedback)
_partner = aliased(Attendee)


def _connection_rows(session: Session, *conditions: ColumnElement[bool]) -> list[Row[Any]]:
    """Feedback rows (``_mine``) asking to follow up whose partner asked too, with the partner's card."""
    query = (
        select(
            _partner.id,
            _partner.name,
            _partner.company,
            _partner.job_title,
            _partner.email,
            Meeting.id.label("meeting_id"),
            Slot.start.label("met_at"),
            _mine.id.label("feedback_id"),
            _mine.attendee_id.label("attendee_id"),
        )
        .select_from(_mine)
        .join(Meeting, Meeting.id == _mine.meeting_id)
        .join(Slot, Slot.id == Meeting.slot_id)
        .join(
            _theirs,
            and_(
                _theirs.meeting_id == Meeting.id,
                _theirs.attendee_id != _mine.attendee_id,
                _theirs.wants_follow_up.is_(True),
            ),
        )
        .join(_partner, _partner.id == _theirs.attendee_id)
        .where(_mine.wants_follow_up.is_(True), *conditions)
        .order_by(_mine.attendee_id, Slot.start, Meeting.id)
    )
    return list(session.execute(query))


def _connection(row: Row[Any]) -> Connection:
    return Connection(row.id, row.name, row.company, row.job_title, row.email, row.meeting_id, row.met_at)


def connections_of(session: Session, attendee: Attendee) -> list[Connection]:
    """The attendee's connections, in the order they met."""
    return [_connection(row) for row in _connection_rows(session, _mine.attendee_id == attendee.id)]


def connection_with(session: Session, attendee: Attendee, partner_id: int) -> Connection | None:
    """The attendee's connection with ``partner_id``, or None when they are not connected."""
    rows = _connection_rows(session, _mine.attendee_id == attendee.id, _partner.id == partner_id)
    return _connection(rows[0]) if rows else None


@dataclass(frozen=True)
class PendingFollowUp:
    """A connection whose follow-up mail has not gone to ``attendee_id`` yet."""

    feedback_id: int
    attendee_id: int
    connection: Connection


def pending_follow_ups(
    session: Session, event_id: int, attendee_ids: Collection[int] | None = None
) -> list[PendingFollowUp]:
    """Connections at the event whose follow-up mail is still due, for attendees with an e-mail
    (only those in ``attendee_ids`` when given), grouped by attendee."""
    with_email = select(Attendee.id).where(Attendee.event_id == event_id, Attendee.email.is_not(None))
    if attendee_ids is not None:
        with_email = with_email.where(Attendee.id.in_(list(attendee_ids)))
    rows = _connection_rows(
        session,
        Meeting.event_id == event_id,
        _mine.follow_up_sent_at.is_(None),
        _mine.attendee_id.in_(with_email),
    )
    return [PendingFollowUp(row.feedback_id, row.attendee_id, _connection(row)) for row in rows]
