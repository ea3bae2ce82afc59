"""When one attendee may see another's e-mail address: the one rule, used by every page, feed and API.

An address is shown once both people agreed to be in touch: a meeting request one sent and the other
accepted, both confirming that a meeting they shared took place ("we met", a badge scan), or both
asking to follow up after it. Being placed together by the scheduler or by the organisers is not an
agreement (neither chose the other), so a scheduled meeting alone shows no address.

The rule is an SQL expression, so that the agenda's read model evaluates it in its own query (and
its fingerprint follows it); :func:`sharing_partner_ids` is the same expression for ORM callers.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, literal, or_, select, true
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, MeetingFeedback, MeetingParticipant, MeetingRequest, RequestStatus

_request = MeetingRequest.__table__.alias("sharing_request")
_mine = MeetingFeedback.__table__.alias("sharing_feedback_mine")
_theirs = MeetingFeedback.__table__.alias("sharing_feedback_theirs")
_i_confirmed = MeetingParticipant.__table__.alias("sharing_confirmed_mine")
_they_confirmed = MeetingParticipant.__table__.alias("sharing_confirmed_theirs")


def agreed_to_share(viewer: Any, partner: Any) -> ColumnElement[bool]:
    """SQL: whether ``viewer`` may see ``partner``'s address (both are id columns or values); it is
    symmetric."""
    accepted = exists().where(
        _request.c.status == RequestStatus.ACCEPTED.value,
        or_(
            and_(_request.c.from_attendee_id == viewer, _request.c.to_attendee_id == partner),
            and_(_request.c.from_attendee_id == partner, _request.c.to_attendee_id == viewer),
        ),
    )
    both_follow_up = exists().where(
        _mine.c.attendee_id == viewer,
        _mine.c.wants_follow_up == true(),
        _theirs.c.meeting_id == _mine.c.meeting_id,
        _theirs.c.attendee_id == partner,
        _theirs.c.wants_follow_up == true(),
    )
    both_confirmed = exists().where(
        _i_confirmed.c.attendee_id == viewer,
        _i_confirmed.c.confirmed_at.is_not(None),
        _they_confirmed.c.meeting_id == _i_confirmed.c.meeting_id,
        _they_confirmed.c.attendee_id == partner,
        _they_confirmed.c.confirmed_at.is_not(None),
    )
    return or_(accepted, both_confirmed, both_follow_up)


def sharing_partner_ids(
    session: Session, viewer_id: int, partner_ids: Iterable[int] | None = None
) -> set[int]:
    """Of ``partner_ids`` (default: anybody), those whose address the viewer may see."""
    query = select(Attendee.id).where(
        Attendee.id != viewer_id, agreed_to_share(literal(viewer_id), Attendee.id)
    )
    if partner_ids is not None:
        wanted = set(partner_ids)
        if not wanted:
            return set()
        query = query.where(Attendee.id.in_(wanted))
    return set(session.scalars(query))
