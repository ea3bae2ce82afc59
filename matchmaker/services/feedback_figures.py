"""What attendees said after their meetings, as figures per event for the organisers.

Counted over answers (one per person and meeting): did it take place, how useful (1-5), follow up or
not; and over meetings: how many have an answer, and how many became a connection (both asked to
follow up). Comments stay on the attendee's record: figures are for a glance between rounds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting, MeetingFeedback, MeetingStatus, RetainedFeedback, Slot

RATINGS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class FeedbackFigures:
    meetings_started: int  # not cancelled, and begun by now: those feedback can be given on
    meetings_answered: int  # with at least one answer
    answers: int
    took_place: int
    did_not_take_place: int
    ratings: dict[int, int]  # answers per usefulness 1-5
    follow_up_wishes: int  # answers asking to follow up
    connections: int  # meetings where both asked to follow up
    follow_up_mails: int  # answers whose follow-up mail has gone out

    @property
    def possible_answers(self) -> int:
        return 2 * self.meetings_started

    @property
    def answer_share(self) -> float | None:
        return self.answers / self.possible_answers if self.possible_answers else None

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def average_rating(self) -> float | None:
        return sum(r * n for r, n in self.ratings.items()) / self.rated if self.rated else None


def feedback_figures(session: Session, event: Event, now: datetime | None = None) -> FeedbackFigures:
    now = now or datetime.now(UTC)
    started = (
        session.scalar(
            select(func.count())
            .select_from(Meeting)
            .join(Slot, Slot.id == Meeting.slot_id)
            .where(Meeting.event_id == event.id, Meeting.status != MeetingStatus.CANCELLED, Slot.start <= now)
        )
        or 0
    )
    answers = (
        select(MeetingFeedback)
        .join(Meeting, Meeting.id == MeetingFeedback.meeting_id)
        .where(Meeting.event_id == event.id)
        .subquery()
    )
    totals = session.execute(
        select(
            func.count(),
            func.count(func.distinct(answers.c.meeting_id)),
            func.coalesce(func.sum(case((answers.c.took_place.is_(True), 1), else_=0)), 0),
            func.coalesce(func.sum(case((answers.c.took_place.is_(False), 1), else_=0)), 0),
            func.coalesce(func.sum(case((answers.c.wants_follow_up.is_(True), 1), else_=0)), 0),
            func.count(answers.c.follow_up_sent_at),
        ).select_from(answers)
    ).one()
    ratings = dict.fromkeys(RATINGS, 0)
    for rating, count in session.execute(
        select(answers.c.rating, func.count()).where(answers.c.rating.is_not(None)).group_by(answers.c.rating)
    ):
        ratings[int(rating)] = int(count)
    both = (
        select(answers.c.meeting_id)
        .where(answers.c.wants_follow_up.is_(True))
        .group_by(answers.c.meeting_id)
        .having(func.count() == 2)
        .subquery()
    )
    connections = session.scalar(select(func.count()).select_from(both)) or 0
    kept = _retained(session, event, now, ratings)
    return FeedbackFigures(
        meetings_started=int(started) + kept[0],
        meetings_answered=int(totals[1]) + kept[0],
        answers=int(totals[0]) + kept[0],
        took_place=int(totals[2]) + kept[1],
        did_not_take_place=int(totals[3]) + kept[2],
        ratings=ratings,
        follow_up_wishes=int(totals[4]) + kept[3],
        connections=int(connections),
        follow_up_mails=int(totals[5]),
    )


def _retained(session: Session, event: Event, now: datetime, ratings: dict[int, int]) -> tuple[int, ...]:
    """Answers on meetings whose partner has left (one answer per such meeting, which has begun): their
    count, took place, did not, follow-up wishes; their ratings are added to ``ratings``."""
    kept = (
        select(RetainedFeedback)
        .where(RetainedFeedback.event_id == event.id, RetainedFeedback.met_at <= now)
        .subquery()
    )
    totals = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((kept.c.took_place.is_(True), 1), else_=0)), 0),
            func.coalesce(func.sum(case((kept.c.took_place.is_(False), 1), else_=0)), 0),
            func.coalesce(func.sum(case((kept.c.wants_follow_up.is_(True), 1), else_=0)), 0),
        ).select_from(kept)
    ).one()
    for rating, count in session.execute(
        select(kept.c.rating, func.count()).where(kept.c.rating.is_not(None)).group_by(kept.c.rating)
    ):
        ratings[int(rating)] += int(count)
    return tuple(int(value) for value in totals)
