"""The set-up page shows what was saved: the slot plan as entered, the tables' naming and zones."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Slot, VenueTable
from matchmaker.services.event_setup import format_zones, saved_slot_plan, table_naming
from tests.integration.organiser_client import post_form, sign_in
from tests.organiser_data import make_organiser


def _value(html: str, field: str) -> str:
    found = re.search(rf'name="{field}" value="([^"]*)"', html)
    assert found is not None, field
    return found.group(1)


def _empty_event(db_session: Session) -> Event:
    event = Event(
        slug="setup-fair",
        name="Setup Fair",
        timezone="Europe/Warsaw",
        start_date=date(2027, 5, 18),
        end_date=date(2027, 5, 19),
    )
    db_session.add(event)
    db_session.flush()
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    return event


def test_after_generating_slots_the_form_shows_the_plan_as_entered(
    client: FlaskClient, db_session: Session
) -> None:
    event = _empty_event(db_session)
    sign_in(client)
    page = f"/organiser/events/{event.slug}/setup"

    post_form(
        client,
        page,
        page + "/slots",
        {
            "day_start": "08:30",
            "day_end": "16:00",
            "meeting_minutes": "25",
            "changeover_minutes": "10",
            "breaks": "12:00-12:45, 14:30-14:40",
        },
    )
    html = client.get(page).get_data(as_text=True)

    assert [_value(html, f) for f in ("day_start", "day_end", "meeting_minutes", "changeover_minutes")] == [
        "08:30",
        "16:00",
        "25",
        "10",
    ]
    assert _value(html, "breaks") == "12:00-12:45, 14:30-14:40"


def test_tables_show_their_naming_and_zones_as_saved(client: FlaskClient, db_session: Session) -> None:
    event = _empty_event(db_session)
    sign_in(client)
    page = f"/organiser/events/{event.slug}/setup"

    post_form(
        client,
        page,
        page + "/tables",
        {"count": "12", "naming": "Stół {n}", "zones": "Hall A: 1-5; Hall B: 6-10"},
    )
    html = client.get(page).get_data(as_text=True)

    assert _value(html, "count") == "12"
    assert _value(html, "naming") == "Stół {n}"
    assert _value(html, "zones") == "Hall A: 1-5; Hall B: 6-10"


def test_slots_from_an_event_file_are_read_back_into_the_form(db_session: Session) -> None:
    start = datetime(2027, 5, 18, 8, 0, tzinfo=UTC)  # 10:00 in Warsaw
    times = [start + timedelta(minutes=25 * i) for i in range(4)]
    times += [times[-1] + timedelta(minutes=80 + 25 * i) for i in range(2)]  # a lunch break
    event = Event(
        slug="file-fair",
        name="File Fair",
        timezone="Europe/Warsaw",
        start_date=date(2027, 5, 18),
        end_date=date(2027, 5, 18),
        meeting_minutes=20,
        slots=[
            Slot(code=f"d1-{i:02d}", start=t, end=t + timedelta(minutes=20))
            for i, t in enumerate(times, start=1)
        ],
        tables=[VenueTable(name=f"T{n}", zone="North" if n < 3 else "", position=n - 1) for n in range(1, 5)],
    )
    db_session.add(event)
    db_session.flush()

    plan = saved_slot_plan(event)

    assert (f"{plan.day_start:%H:%M}", f"{plan.day_end:%H:%M}") == ("10:00", "13:20")
    assert (plan.meeting_minutes, plan.changeover_minutes) == (20, 5)
    assert [(f"{b.start:%H:%M}", f"{b.end:%H:%M}") for b in plan.breaks] == [("11:35", "12:35")]
    assert table_naming(event) == "T{n}"
    assert format_zones(event) == "North: 1-2"
