"""Small builders for test data: a real event with slots, tables and attendees."""

from __future__ import annotations

import os
import random
from datetime import UTC, date, datetime, timedelta
from itertools import count

from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Slot, VenueTable

_sequence = count(1)
# Real attendees leave optional fields empty often (no company, no job title, walk-ins without an
# address): the factories do too, so that code comparing or sending an empty value is exercised on
# both databases. Seeded, so a failure repeats: MATCHMAKER_TEST_SEED=<n> to try another draw.
EMPTY_SHARE = 0.4
_SEED = os.environ.get("MATCHMAKER_TEST_SEED", "14")
_draw = random.Random(_SEED)


def reseed(test_id: str) -> None:
    """Start the draws again for one test (conftest calls this): a test gets the same empty fields
    whether it runs alone, in the suite, or on the other database."""
    _draw.seed(f"{_SEED}:{test_id}")


def sometimes(value: object, empty: object = "") -> object:
    """``value``, or ``empty`` in about :data:`EMPTY_SHARE` of the calls."""
    return empty if _draw.random() < EMPTY_SHARE else value


def make_event(session: Session, *, slots: int = 4, tables: int = 2, slug: str | None = None) -> Event:
    number = next(_sequence)
    start = datetime(2027, 5, 18, 7, 0, tzinfo=UTC)
    event = Event(
        slug=slug or f"fair-{number}",
        name=f"Test Fair {number}",
        venue="EXPO XXI, Warsaw",
        timezone="Europe/Warsaw",
        start_date=date(2027, 5, 18),
        end_date=date(2027, 5, 18),
        slots=[
            Slot(
                code=f"d1-{i + 1:02d}",
                start=start + timedelta(minutes=20 * i),
                end=start + timedelta(minutes=20 * (i + 1)),
            )
            for i in range(slots)
        ],
        tables=[VenueTable(name=f"T{i + 1:02d}", position=i) for i in range(tables)],
    )
    session.add(event)
    session.flush()
    return event


def make_attendee(session: Session, event: Event, **values: object) -> Attendee:
    """An attendee with a name and an address; every optional field is left empty about as often as real
    people leave it (pass ``email=None`` for a walk-in without an address, or any field to fix it)."""
    number = next(_sequence)
    # Offers or seeks may be empty, not both (every entry point refuses an attendee with neither).
    offers, seeks = "Compostable cups and lids", "Coffee roasters as customers"
    if _draw.random() < EMPTY_SHARE:
        offers, seeks = (offers, "") if _draw.random() < 0.5 else ("", seeks)
    defaults: dict[str, object] = {
        "name": f"Person {number}",
        "email": f"person{number}@example.test",
        "company": sometimes(f"Company {number}"),
        "job_title": sometimes("Head of purchasing"),
        "sector": sometimes("packaging"),
        "country": sometimes("PL"),
        "languages": sometimes(["en", "pl"], []),
        "offers": offers,
        "seeks": seeks,
    }
    attendee = Attendee(event=event, **(defaults | values))
    session.add(attendee)
    session.flush()
    return attendee
