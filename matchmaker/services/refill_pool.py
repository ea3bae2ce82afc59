"""What the refill rule needs for one freed seat, read in a handful of small queries: the seeker's
scored partners and, for each, whether they can meet in the slot (see :mod:`matchmaker.core.day.refill`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from matchmaker.core.day import ASKS_PER_PARTNER, PastOffer, RefillPerson, asked_before
from matchmaker.db.models import (
    Attendee,
    Exclusion,
    FreedSeat,
    Meeting,
    MeetingParticipant,
    MeetingStatus,
    OfferStatus,
    Recommendation,
    RecommendationDismissal,
    RefillOffer,
    SeatState,
    Unavailability,
)

# Meetings that take a person's time: on their agenda, or already held.
BOOKED = (MeetingStatus.SCHEDULED, MeetingStatus.HELD)


@dataclass(frozen=True)
class Pool:
    seeker: RefillPerson
    people: list[RefillPerson]
    scores: dict[int, float]
    not_again: set[int]
    blocked: set[int]
    first: frozenset[int] = frozenset()
    last: frozenset[int] = frozenset()


def _scores(session: Session, seeker_id: int) -> dict[int, float]:
    scores: dict[int, float] = {}
    rows = session.execute(
        select(Recommendation.attendee_id, Recommendation.candidate_id, Recommendation.score).where(
            or_(Recommendation.attendee_id == seeker_id, Recommendation.candidate_id == seeker_id)
        )
    )
    for attendee_id, candidate_id, score in rows:
        other = candidate_id if attendee_id == seeker_id else attendee_id
        scores[other] = max(scores.get(other, 0.0), float(score))
    return scores


def _blocked(session: Session, seeker: Attendee, ids: set[int], companies: dict[int, str]) -> set[int]:
    blocked: set[int] = set()
    mine = seeker.company.strip().lower()
    for exclusion in session.scalars(
        select(Exclusion).where(
            or_(
                Exclusion.attendee_id == seeker.id,
                Exclusion.excluded_attendee_id == seeker.id,
                Exclusion.attendee_id.in_(ids) & Exclusion.excluded_company.is_not(None),
            )
        )
    ):
        if exclusion.attendee_id == seeker.id:
            if exclusion.excluded_attendee_id is not None:
                blocked.add(exclusion.excluded_attendee_id)
            elif exclusion.excluded_company:
                wanted = exclusion.excluded_company.strip().lower()
                blocked.update(i for i, company in companies.items() if company == wanted)
        elif exclusion.excluded_attendee_id == seeker.id or (
            mine and (exclusion.excluded_company or "").strip().lower() == mine
        ):
            blocked.add(exclusion.attendee_id)
    for attendee_id, candidate_id in session.execute(
        select(RecommendationDismissal.attendee_id, RecommendationDismissal.candidate_id).where(
            or_(
                RecommendationDismissal.attendee_id == seeker.id,
                RecommendationDismissal.candidate_id == seeker.id,
            )
        )
    ):
        blocked.add(candidate_id if attendee_id == seeker.id else attendee_id)
    return blocked


def load_pool(
    session: Session,
    seat: FreedSeat,
    now: datetime,
    cool_down: timedelta,
    asks: int = ASKS_PER_PARTNER,
) -> Pool:
    """The seeker of ``seat`` and everyone they could be offered for its slot at ``now``; a partner
    whose earlier offer for the seat closed without their no may be asked again after ``cool_down``,
    ``asks`` offers per partner at most (see :func:`matchmaker.core.day.asked_before`)."""
    seeker = session.get_one(Attendee, seat.attendee_id)
    scores = _scores(session, seeker.id)
    ids = set(scores)
    everyone = ids | {seeker.id}
    rows = session.execute(
        select(Attendee.id, Attendee.checked_in_at, Attendee.max_meetings, Attendee.company).where(
            Attendee.id.in_(everyone)
        )
    ).all()
    counts: dict[int, int] = {
        row[0]: int(row[1])
        for row in session.execute(
            select(MeetingParticipant.attendee_id, func.count())
            .where(MeetingParticipant.attendee_id.in_(everyone), MeetingParticipant.status.in_(BOOKED))
            .group_by(MeetingParticipant.attendee_id)
        )
    }
    busy = set(
        session.scalars(
            select(MeetingParticipant.attendee_id).where(
                MeetingParticipant.slot_id == seat.slot_id,
                MeetingParticipant.attendee_id.in_(everyone),
                MeetingParticipant.status.in_(BOOKED),
            )
        )
    )
    asked = select(RefillOffer.seeker_id, RefillOffer.candidate_id).where(
        RefillOffer.slot_id == seat.slot_id, RefillOffer.status == OfferStatus.OPEN
    )
    for seeker_id, candidate_id in session.execute(asked):
        busy.update((seeker_id, candidate_id))  # already asked about this slot
    unavailable = set(
        session.scalars(
            select(Unavailability.attendee_id).where(
                Unavailability.slot_id == seat.slot_id, Unavailability.attendee_id.in_(everyone)
            )
        )
    )
    seeking = set(
        session.scalars(
            select(FreedSeat.attendee_id).where(
                FreedSeat.slot_id == seat.slot_id,
                FreedSeat.state == SeatState.SEEKING,
                FreedSeat.attendee_id.in_(ids),
            )
        )
    )
    people = {
        row.id: RefillPerson(
            id=row.id,
            checked_in=row.checked_in_at is not None,
            busy=row.id in busy,
            available=row.id not in unavailable,
            meetings=int(counts.get(row.id, 0)),
            cap=row.max_meetings,
            seeking=row.id in seeking,
        )
        for row in rows
    }
    before = asked_before(
        (
            PastOffer(candidate, status, yes_at is not None, closed_at)
            for candidate, status, yes_at, closed_at in session.execute(
                select(
                    RefillOffer.candidate_id,
                    RefillOffer.status,
                    RefillOffer.candidate_yes_at,
                    RefillOffer.closed_at,
                ).where(RefillOffer.seat_id == seat.id)
            )
        ),
        now,
        cool_down,
        standing_yes=seat.consent_at is not None,
        asks=asks,
    )
    not_again = set(before.not_again)
    for a, b in session.execute(
        select(Meeting.attendee_a_id, Meeting.attendee_b_id).where(
            or_(Meeting.attendee_a_id == seeker.id, Meeting.attendee_b_id == seeker.id),
            or_(Meeting.status != MeetingStatus.CANCELLED, Meeting.id == seat.meeting_id),
        )
    ):
        not_again.add(b if a == seeker.id else a)
    companies = {row.id: (row.company or "").strip().lower() for row in rows}
    seeker_person = people[seeker.id]
    # The seat's own open offer, if any, must not make the seeker look busy.
    seeker_person = RefillPerson(
        id=seeker.id,
        checked_in=seeker_person.checked_in,
        busy=seeker.id
        in set(
            session.scalars(
                select(MeetingParticipant.attendee_id).where(
                    MeetingParticipant.slot_id == seat.slot_id,
                    MeetingParticipant.attendee_id == seeker.id,
                    MeetingParticipant.status.in_(BOOKED),
                )
            )
        ),
        available=seeker_person.available,
        meetings=seeker_person.meetings,
        cap=seeker_person.cap,
    )
    return Pool(
        seeker_person,
        [p for i, p in people.items() if i != seeker.id],
        scores,
        not_again,
        _blocked(session, seeker, ids, companies),
        before.first,
        before.last,
    )
