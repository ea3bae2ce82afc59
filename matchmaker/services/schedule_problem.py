"""Turning an event in the database into the scheduler's problem (and ids back again).

Candidates: recommended pairs (best score of either direction), accepted meeting requests
(required), and live meetings — which stay exactly where they are unless the organiser asked for a
full re-plan (locked and held meetings stay even then). Excluded and dismissed pairs never meet.

Quality floor: a suggested pair scoring below the event's minimum (``Event.match_floor``, else the
matcher's default) is never scheduled; in "requested meetings only" mode no suggested pair is.
Only future slots: a run made once the event has begun plans only the slots that have not started;
meetings in started slots are held or under way and stay as they are, even in a full re-plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core import scheduling as core
from matchmaker.core.matching import DEFAULT_MATCH_FLOOR
from matchmaker.db.models import (
    Attendee,
    Event,
    Exclusion,
    Meeting,
    MeetingRequest,
    MeetingStatus,
    Recommendation,
    RecommendationDismissal,
    RequestStatus,
)
from matchmaker.db.types import utcnow

Pair = tuple[int, int]


@dataclass(frozen=True)
class BuiltProblem:
    problem: core.Problem
    # Live meetings the draft was planned around: (meeting id, slot id, table id). Publishing checks
    # they are unchanged, so a draft never overwrites a manual change made after it was generated.
    baseline: tuple[tuple[int, int, int], ...]
    candidates_per_attendee: dict[int, int]
    # Candidates worth a meeting: required or fixed, or scoring at least the floor.
    worthwhile_per_attendee: dict[int, int]
    floor: float
    requested_only: bool
    closed_slots: int  # slots that had started when the problem was built


def match_floor_of(event: Event) -> float:
    """The lowest score of a suggested meeting worth scheduling at ``event``."""
    return DEFAULT_MATCH_FLOOR if event.match_floor is None else float(event.match_floor)


def pair_worth_meeting(event: Event, score: float, *, requested: bool = False) -> bool:
    """Whether a pair with match ``score`` is worth a meeting at ``event``: one they asked for
    always is; a suggested one only at or above the event's floor, and never in "requested
    meetings only" mode."""
    if requested:
        return True
    return not event.requested_meetings_only and score >= match_floor_of(event)


def _pair(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def _blocked_pairs(session: Session, event: Event, attendees: list[Attendee]) -> set[Pair]:
    blocked: set[Pair] = set()
    company_of = {a.id: a.company.strip().lower() for a in attendees}
    by_company: dict[str, list[int]] = {}
    for attendee_id, company in company_of.items():
        by_company.setdefault(company, []).append(attendee_id)
    for exclusion in session.scalars(select(Exclusion).where(Exclusion.event_id == event.id)):
        if exclusion.excluded_attendee_id is not None:
            blocked.add(_pair(exclusion.attendee_id, exclusion.excluded_attendee_id))
        elif exclusion.excluded_company:
            for other in by_company.get(exclusion.excluded_company.strip().lower(), []):
                if other != exclusion.attendee_id:
                    blocked.add(_pair(exclusion.attendee_id, other))
    ids = set(company_of)
    dismissals = session.execute(
        select(RecommendationDismissal.attendee_id, RecommendationDismissal.candidate_id).where(
            RecommendationDismissal.attendee_id.in_(ids)
        )
    )
    blocked.update(_pair(a, b) for a, b in dismissals)
    return blocked


def build_problem(
    session: Session, event: Event, *, full_replan: bool = False, now: datetime | None = None
) -> BuiltProblem:
    """The scheduling problem for ``event`` as of ``now`` (default: the current time); ids are the
    database ids as strings."""
    now = now or utcnow()
    started = {s.id for s in event.slots if s.start <= now}
    attendees = list(
        session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id))
    )
    ids = {a.id for a in attendees}
    blocked = _blocked_pairs(session, event, attendees)
    scores: dict[Pair, float] = {}
    suggested = (
        ()
        if event.requested_meetings_only
        else session.execute(
            select(Recommendation.attendee_id, Recommendation.candidate_id, Recommendation.score).where(
                Recommendation.attendee_id.in_(ids)
            )
        )
    )
    for row in suggested:
        if row.candidate_id in ids:
            pair = _pair(row.attendee_id, row.candidate_id)
            scores[pair] = max(scores.get(pair, 0.0), float(row.score))
    required: set[Pair] = set()
    for request in session.scalars(
        select(MeetingRequest).where(
            MeetingRequest.event_id == event.id, MeetingRequest.status == RequestStatus.ACCEPTED
        )
    ):
        required.add(_pair(request.from_attendee_id, request.to_attendee_id))
    fixed: dict[Pair, core.FixedPlacement] = {}
    baseline: list[tuple[int, int, int]] = []
    for meeting in session.scalars(
        select(Meeting)
        .where(Meeting.event_id == event.id, Meeting.status != MeetingStatus.CANCELLED)
        .order_by(Meeting.id)
    ):
        pair = (meeting.attendee_a_id, meeting.attendee_b_id)
        baseline.append((meeting.id, meeting.slot_id, meeting.table_id))
        keep = (
            not full_replan
            or meeting.locked
            or meeting.status != MeetingStatus.SCHEDULED
            or meeting.slot_id in started  # held or under way
        )
        if keep:
            fixed[pair] = core.FixedPlacement(slot=str(meeting.slot_id), table=str(meeting.table_id))
        elif meeting.source != "auto":
            required.add(pair)  # requested or organiser-made: must happen, but may move
        scores.setdefault(pair, float(meeting.score) if meeting.score is not None else 1.0)
    for pair in required:
        scores.setdefault(pair, 1.0)
    candidates = []
    per_attendee: dict[int, int] = {}
    worthwhile: dict[int, int] = {}
    floor = match_floor_of(event)
    for pair, score in sorted(scores.items()):
        # Hidden or avoided people are never suggested, but what both agreed to (an accepted request,
        # an organiser's meeting) is kept: dropped here, it vanished from the schedule unreported.
        if pair in blocked and pair not in fixed and pair not in required:
            continue
        candidate = core.CandidateMeeting(
            a=str(pair[0]), b=str(pair[1]), score=score, required=pair in required, fixed=fixed.get(pair)
        )
        if event.requested_meetings_only and not candidate.must_happen:
            continue  # e.g. a suggested meeting of an earlier draft, released by a full re-plan
        candidates.append(candidate)
        worth = pair_worth_meeting(event, score, requested=candidate.must_happen)
        for person in pair:
            per_attendee[person] = per_attendee.get(person, 0) + 1
            if worth:
                worthwhile[person] = worthwhile.get(person, 0) + 1
    zone = event.zone
    problem = core.Problem(
        slots=tuple(
            core.Slot(id=str(s.id), day=s.start.astimezone(zone).date().isoformat(), closed=s.id in started)
            for s in event.slots
        ),
        tables=tuple(core.Table(id=str(t.id)) for t in event.tables),
        attendees=tuple(
            core.Attendee(
                id=str(a.id),
                unavailable=frozenset(str(u.slot_id) for u in a.unavailability),
                max_meetings=a.max_meetings,
            )
            for a in attendees
        ),
        meetings=tuple(candidates),
        min_score=floor,
    )
    return BuiltProblem(
        problem,
        tuple(baseline),
        per_attendee,
        worthwhile,
        floor=floor,
        requested_only=event.requested_meetings_only,
        closed_slots=len(started),
    )
