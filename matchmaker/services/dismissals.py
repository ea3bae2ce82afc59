"""The attendee's own view of their recommendations: hiding people with "not interested"."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Recommendation, RecommendationDismissal


def visible_recommendations(session: Session, attendee: Attendee, limit: int = 30) -> list[Recommendation]:
    """The attendee's stored recommendations, best first, without dismissed people or people who left."""
    dismissed = select(RecommendationDismissal.candidate_id).where(
        RecommendationDismissal.attendee_id == attendee.id
    )
    return list(
        session.scalars(
            select(Recommendation)
            .where(Recommendation.attendee_id == attendee.id, Recommendation.candidate_id.not_in(dismissed))
            .order_by(Recommendation.rank)
            .limit(limit)
        )
    )


def visible_recommended_people(
    session: Session, attendee: Attendee, limit: int = 30
) -> list[tuple[Recommendation, Attendee]]:
    """:func:`visible_recommendations`, each with the person recommended."""
    rows = visible_recommendations(session, attendee, limit)
    people = {
        p.id: p
        for p in session.scalars(select(Attendee).where(Attendee.id.in_([r.candidate_id for r in rows])))
    }
    return [(r, people[r.candidate_id]) for r in rows if r.candidate_id in people]


def dismiss(session: Session, attendee: Attendee, candidate_id: int) -> bool:
    """Hide ``candidate_id`` from the attendee's recommendations for good (flushes).

    Returns False for someone who isn't in the same event. The stored recommendation row goes at once,
    so the list is right before the next refresh; the dismissal keeps it out of later refreshes.
    """
    candidate = session.get(Attendee, candidate_id)
    if candidate is None or candidate.event_id != attendee.event_id or candidate.id == attendee.id:
        return False
    if session.get(RecommendationDismissal, (attendee.id, candidate_id)) is None:
        session.add(RecommendationDismissal(attendee_id=attendee.id, candidate_id=candidate_id))
    session.execute(
        delete(Recommendation).where(
            Recommendation.attendee_id == attendee.id, Recommendation.candidate_id == candidate_id
        ),
        execution_options={"synchronize_session": False},
    )
    session.flush()
    return True
