"""Test data for organiser features: an event with attendees, recommendations and an organiser."""

from __future__ import annotations

import random

from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Organiser, Recommendation
from matchmaker.services.organisers import create_organiser
from tests.factories import make_attendee, make_event

PASSWORD = "correct horse battery"


def make_organiser(session: Session, email: str = "org@example.test", *events: Event) -> Organiser:
    organiser = create_organiser(session, email, PASSWORD, name="Olga Organiser")
    organiser.events.extend(events)
    session.flush()
    return organiser


def recommend(session: Session, attendees: list[Attendee], per_person: int = 4, seed: int = 1) -> None:
    """Give everyone ``per_person`` recommended partners with varied scores."""
    rng = random.Random(seed)
    for attendee in attendees:
        others = [a for a in attendees if a.id != attendee.id]
        for rank, candidate in enumerate(rng.sample(others, min(per_person, len(others))), start=1):
            session.add(
                Recommendation(
                    attendee_id=attendee.id,
                    candidate_id=candidate.id,
                    rank=rank,
                    score=round(rng.uniform(0.3, 0.95), 3),
                    reasons=["test"],
                )
            )
    session.flush()


def make_fair(
    session: Session, *, people: int = 10, slots: int = 4, tables: int = 3, slug: str | None = None
) -> tuple[Event, list[Attendee]]:
    event = make_event(session, slots=slots, tables=tables, slug=slug)
    attendees = [make_attendee(session, event) for _ in range(people)]
    recommend(session, attendees)
    return event, attendees
