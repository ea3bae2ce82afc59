"""Small builders for test data: a real event with slots, tables and attendees."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import count

from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Slot, VenueTable

_sequence = count(1)


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
    number = next(_sequence)
    defaults: dict[str, object] = {
        "name": f"Person {number}",
        "email": f"person{number}@example.test",
        "company": f"Company {number}",
        "offers": "Compostable cups and lids",
        "seeks": "Coffee roasters as customers",
    }
    attendee = Attendee(event=event, **(defaults | values))
    session.add(attendee)
    session.flush()
    return attendee
