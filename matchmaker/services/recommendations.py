"""Computing and storing each attendee's ranked recommendations for an event.

The engine is the pure one in :mod:`matchmaker.core.matching`; vectors come through the database cache,
so a refresh after one attendee registers or edits embeds that attendee's texts only. Scoring the
whole event again is cheap once vectors are cached (about a second for 2,000 attendees), and it is what
keeps every list exact: the newcomer may enter anybody's top K. Only lists that changed are rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.core.matching import (
    Match,
    MatchingConfig,
    Profile,
    build_blocklist,
    match_floor,
    match_profiles,
)
from matchmaker.db.embedding_cache import DbVectorCache
from matchmaker.db.models import (
    Attendee,
    Event,
    Exclusion,
    Meeting,
    MeetingStatus,
    Recommendation,
    RecommendationDismissal,
)
from matchmaker.ml import DEFAULT_MODEL, Embedder, embed_profiles, get_embedder

# Meetings that mean two people have met or will meet: recommending them to each other is pointless.
_MEETING_BLOCKS = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)


@dataclass(frozen=True)
class RefreshResult:
    attendees: int
    lists_rewritten: int
    texts_embedded: int
    model_id: str


def profile_of(attendee: Attendee) -> Profile:
    """The matcher's view of an attendee, keyed by the attendee id."""
    return Profile(
        key=str(attendee.id),
        offers=attendee.offers or "",
        seeks=attendee.seeks or "",
        avoids=attendee.avoids or "",
        name=attendee.name,
        company=attendee.company or "",
        sector=attendee.sector or "",
        interests=tuple(attendee.interests or ()),
        intents=tuple(attendee.intents or ()),
        languages=tuple(attendee.languages or ()),
    )


def _blocked_pairs(
    session: Session, event_id: int, ids: Sequence[int]
) -> tuple[dict[str, list[str]], dict[str, list[str]], list[tuple[str, str]]]:
    people: dict[str, list[str]] = {}
    companies: dict[str, list[str]] = {}
    for exclusion in session.scalars(select(Exclusion).where(Exclusion.event_id == event_id)):
        if exclusion.excluded_attendee_id is not None:
            people.setdefault(str(exclusion.attendee_id), []).append(str(exclusion.excluded_attendee_id))
        elif exclusion.excluded_company:
            companies.setdefault(str(exclusion.attendee_id), []).append(exclusion.excluded_company)
    met = [
        (str(a), str(b))
        for a, b in session.execute(
            select(Meeting.attendee_a_id, Meeting.attendee_b_id).where(
                Meeting.event_id == event_id, Meeting.status.in_([str(s) for s in _MEETING_BLOCKS])
            )
        )
    ]
    dismissed = [
        (str(a), str(b))
        for a, b in session.execute(
            select(RecommendationDismissal.attendee_id, RecommendationDismissal.candidate_id).where(
                RecommendationDismissal.attendee_id.in_(ids)
            )
        )
    ]
    return people, companies, met + dismissed


StoredEntry = tuple[int, float, list[dict[str, Any]]]  # candidate id, score, reasons (as stored)


def _stored_lists(session: Session, ids: Sequence[int]) -> dict[int, list[StoredEntry]]:
    stored: dict[int, list[tuple[int, int, float, list[dict[str, Any]]]]] = {}
    for row in session.execute(
        select(
            Recommendation.attendee_id,
            Recommendation.rank,
            Recommendation.candidate_id,
            Recommendation.score,
            Recommendation.reasons,
        ).where(Recommendation.attendee_id.in_(ids))
    ):
        stored.setdefault(row.attendee_id, []).append(
            (row.rank, row.candidate_id, row.score, list(row.reasons))
        )
    return {a: [(c, round(s, 4), r) for _, c, s, r in sorted(rows, key=_rank)] for a, rows in stored.items()}


def _rank(row: tuple[int, int, float, list[dict[str, Any]]]) -> int:
    return row[0]


def _reasons_json(match: Match) -> list[dict[str, Any]]:
    return [reason.to_json() for reason in match.reasons]


def refresh_event_recommendations(
    session: Session,
    event_id: int,
    *,
    embedder: Embedder | None = None,
    top_k: int = 30,
    after_embedding: Callable[[], None] | None = None,
) -> RefreshResult:
    """Recompute every attendee's top ``top_k`` for the event and store the lists that changed.

    Never recommends anyone below the event's match floor (its own, else the product default), oneself,
    one's company, exclusions (either way), dismissed candidates, or people with a scheduled or held
    meeting together: an attendee with no good match gets an empty list, not weak ones. Flushes; the
    caller commits. ``after_embedding`` is called once the new vectors are in the session, before the
    matching: a job commits there, so that no write lock is held while it computes (SQLite has one
    writer: registrations would wait for the whole refresh).
    """
    embedder = embedder or get_embedder(DEFAULT_MODEL)
    event = session.get(Event, event_id)
    floor = match_floor(event.match_floor if event is not None else None)
    attendees = list(
        session.scalars(select(Attendee).where(Attendee.event_id == event_id).order_by(Attendee.id))
    )
    ids = [a.id for a in attendees]
    profiles = [profile_of(a) for a in attendees]
    vectors, stats = embed_profiles(profiles, embedder, DbVectorCache(session))
    if after_embedding is not None:
        after_embedding()
    people, companies, met = _blocked_pairs(session, event_id, ids)
    blocklist = build_blocklist(
        profiles, excluded_people=people, excluded_companies=companies, already_met=met
    )
    matches = match_profiles(
        profiles, vectors, config=MatchingConfig(top_k=top_k, floor=floor), blocklist=blocklist
    )
    rewritten = _store(session, ids, matches, embedder.model_id)
    return RefreshResult(len(attendees), rewritten, stats.embedded, embedder.model_id)


def _store(session: Session, ids: Sequence[int], matches: Sequence[Sequence[Match]], model_id: str) -> int:
    stored = _stored_lists(session, ids)
    changed: dict[int, Sequence[Match]] = {}
    for attendee_id, row in zip(ids, matches, strict=True):
        fresh = [(int(m.key), round(m.score, 4), _reasons_json(m)) for m in row]
        if fresh != stored.get(attendee_id, []):
            changed[attendee_id] = row
    if changed:
        session.execute(
            delete(Recommendation).where(Recommendation.attendee_id.in_(list(changed))),
            execution_options={"synchronize_session": False},
        )
        session.add_all(
            Recommendation(
                attendee_id=attendee_id,
                candidate_id=int(m.key),
                rank=rank,
                score=m.score,
                reasons=_reasons_json(m),
                model_id=model_id,
            )
            for attendee_id, row in changed.items()
            for rank, m in enumerate(row, start=1)
        )
        session.flush()
    return len(changed)


def refresh_after_attendee_change(
    session: Session,
    attendee_id: int,
    *,
    embedder: Embedder | None = None,
    top_k: int = 30,
    after_embedding: Callable[[], None] | None = None,
) -> RefreshResult:
    """After one attendee registers or edits their profile: embed their texts (only theirs, the rest is
    cached) and bring every list of their event up to date. Raises LookupError for an unknown id."""
    attendee = session.get(Attendee, attendee_id)
    if attendee is None:
        raise LookupError(f"no attendee with id {attendee_id}")
    return refresh_event_recommendations(
        session, attendee.event_id, embedder=embedder, top_k=top_k, after_embedding=after_embedding
    )


def recommendations_for(session: Session, attendee_id: int) -> list[Recommendation]:
    """The attendee's stored recommendations, best first."""
    return list(
        session.scalars(
            select(Recommendation)
            .where(Recommendation.attendee_id == attendee_id)
            .order_by(Recommendation.rank)
        )
    )


def recommended_people(session: Session, attendee_id: int) -> list[tuple[Recommendation, Attendee]]:
    """The attendee's stored recommendations, best first, each with the person recommended."""
    rows = recommendations_for(session, attendee_id)
    people = {
        a.id: a
        for a in session.scalars(select(Attendee).where(Attendee.id.in_([row.candidate_id for row in rows])))
    }
    return [(row, people[row.candidate_id]) for row in rows if row.candidate_id in people]


def has_recommendations(session: Session, event_id: int) -> bool:
    """Whether anyone in the event has a stored recommendation (i.e. matching has run)."""
    first = session.scalar(
        select(Recommendation.attendee_id)
        .join(Attendee, Attendee.id == Recommendation.attendee_id)
        .where(Attendee.event_id == event_id)
        .limit(1)
    )
    return first is not None


__all__ = [
    "RefreshResult",
    "has_recommendations",
    "recommendations_for",
    "refresh_after_attendee_change",
    "refresh_event_recommendations",
]
