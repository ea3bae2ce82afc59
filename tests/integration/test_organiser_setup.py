from __future__ import annotations

from datetime import date

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting, Slot
from matchmaker.services.event_setup import (
    SetupError,
    SlotPlan,
    generate_slots,
    parse_interests,
    plan_slot_times,
)
from tests.factories import make_attendee, make_event
from tests.integration.organiser_client import post_form, sign_in
from tests.organiser_data import make_organiser


def _signed_in_with_event(client: FlaskClient, db_session: Session) -> Event:
    event = make_event(db_session, slots=0, tables=0)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    return event


def test_new_event_form_creates_an_event_owned_by_the_organiser(
    client: FlaskClient, db_session: Session
) -> None:
    make_organiser(db_session)
    db_session.commit()
    sign_in(client)

    response = post_form(
        client,
        "/organiser/events/new",
        "/organiser/events/new",
        {
            "name": "Packaging Days 2027",
            "venue": "Hall 3",
            "timezone": "Europe/Warsaw",
            "start_date": "2027-05-18",
            "end_date": "2027-05-19",
            "languages": "en, pl",
        },
    )

    assert response.status_code == 302
    event = db_session.scalars(select(Event)).one()
    assert (event.slug, event.languages, event.days) == ("packaging-days-2027", ["en", "pl"], 2)
    assert "Packaging Days 2027" in client.get("/organiser/").get_data(as_text=True)


def test_new_event_with_unknown_timezone_says_so(client: FlaskClient, db_session: Session) -> None:
    make_organiser(db_session)
    db_session.commit()
    sign_in(client)

    response = post_form(
        client,
        "/organiser/events/new",
        "/organiser/events/new",
        {"name": "Fair", "timezone": "Mars/Olympus", "start_date": "2027-05-18", "end_date": "2027-05-18"},
    )

    assert response.status_code == 400
    assert "Please choose a time zone from the list." in response.get_data(as_text=True)


def test_slots_are_generated_around_breaks_on_every_day(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in_with_event(client, db_session)
    page = f"/organiser/events/{event.slug}/setup"

    post_form(
        client,
        page,
        page + "/slots",
        {
            "day_start": "09:00",
            "day_end": "11:00",
            "meeting_minutes": "20",
            "changeover_minutes": "10",
            "breaks": "10:00-10:30",
        },
    )

    db_session.expire_all()
    local = [(s.code, s.start.astimezone(event.zone).strftime("%H:%M")) for s in event.slots]
    assert local == [("d1-01", "09:00"), ("d1-02", "09:30"), ("d1-03", "10:30")]


def test_two_day_event_gets_slots_on_both_days(db_session: Session) -> None:
    event = make_event(db_session, slots=0)
    event.end_date = date(2027, 5, 19)
    from datetime import time

    times = plan_slot_times(event, SlotPlan(day_start=time(9), day_end=time(10), meeting_minutes=30))

    assert [code for code, _, _ in times] == ["d1-01", "d1-02", "d2-01", "d2-02"]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Spring: 02:00-03:00 does not exist; 01:00-04:00 is two real hours. In wall time a round
        # ended before it started (a check-constraint violation, a 500).
        (date(2027, 3, 28), ["01:00+01:00", "01:30+01:00", "03:00+02:00", "03:30+02:00"]),
        # Autumn: 02:00-03:00 happens twice; 01:00-04:00 is four real hours (one round was 90 minutes).
        (
            date(2027, 10, 31),
            [
                "01:00+02:00",
                "01:30+02:00",
                "02:00+02:00",
                "02:30+02:00",
                "02:00+01:00",
                "02:30+01:00",
                "03:00+01:00",
                "03:30+01:00",
            ],
        ),
    ],
)
def test_slots_on_a_day_the_clocks_change_last_their_real_length(
    db_session: Session, day: date, expected: list[str]
) -> None:
    event = make_event(db_session, slots=0)  # in Europe/Warsaw
    event.start_date = event.end_date = day
    from datetime import time, timedelta

    slots = generate_slots(
        db_session, event, SlotPlan(day_start=time(1), day_end=time(4), meeting_minutes=30)
    )

    assert [s.start.astimezone(event.zone).isoformat(timespec="minutes")[11:] for s in slots] == expected
    assert {s.end - s.start for s in slots} == {timedelta(minutes=30)}


def test_slots_cannot_be_regenerated_once_meetings_exist(db_session: Session) -> None:
    event = make_event(db_session, slots=2, tables=1)
    a, b = make_attendee(db_session, event), make_attendee(db_session, event)
    db_session.add(
        Meeting.between(a.id, b.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id)
    )
    db_session.flush()
    from datetime import time

    try:
        generate_slots(db_session, event, SlotPlan(day_start=time(9), day_end=time(12), meeting_minutes=30))
    except SetupError as exc:
        assert "1 meetings already use them" in str(exc)
    else:
        raise AssertionError("slots were replaced under a meeting")


def test_tables_get_names_and_zones(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in_with_event(client, db_session)
    page = f"/organiser/events/{event.slug}/setup"

    post_form(
        client,
        page,
        page + "/tables",
        {"count": "4", "naming": "Stand {n}", "zones": "Hall A: 1-2; Hall B: 3-4"},
    )

    db_session.expire_all()
    assert [(t.name, t.zone) for t in event.tables] == [
        ("Stand 1", "Hall A"),
        ("Stand 2", "Hall A"),
        ("Stand 3", "Hall B"),
        ("Stand 4", "Hall B"),
    ]


def test_bad_zone_spec_is_reported_and_nothing_changes(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in_with_event(client, db_session)
    page = f"/organiser/events/{event.slug}/setup"

    response = post_form(
        client, page, page + "/tables", {"count": "4", "naming": "T{n}", "zones": "Hall A: 3-9"}
    )

    assert response.status_code == 400
    assert "is outside tables 1-4" in response.get_data(as_text=True)
    db_session.expire_all()
    assert event.tables == []


def test_interests_have_a_label_per_event_language() -> None:
    interests = parse_interests("Packaging | Packaging | Opakowania\nLogistics", ["en", "pl"])

    assert interests == [
        {"tag": "packaging", "en": "Packaging", "pl": "Opakowania"},
        {"tag": "logistics", "en": "Logistics", "pl": "Logistics"},
    ]


def test_request_rules_are_saved(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in_with_event(client, db_session)
    page = f"/organiser/events/{event.slug}/setup"

    post_form(client, page, page + "/rules", {"request_cap": "7", "request_expiry_hours": "24"})

    db_session.expire_all()
    assert (event.request_cap, event.request_expiry_hours, event.requests_before_schedule) == (7, 24, False)


def test_new_event_in_year_one_says_which_years_are_possible(
    client: FlaskClient, db_session: Session
) -> None:
    make_organiser(db_session)
    db_session.commit()
    sign_in(client)

    response = post_form(
        client,
        "/organiser/events/new",
        "/organiser/events/new",
        {"name": "Fair", "timezone": "Europe/Warsaw", "start_date": "0001-01-01", "end_date": "0001-01-01"},
    )

    assert response.status_code == 400
    assert "Please enter a date in the years 2000 to 2199." in response.get_data(as_text=True)
    assert db_session.scalars(select(Event)).all() == []


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2031-01-01"])
def test_a_slot_moved_off_the_event_days_is_refused_and_stays(
    client: FlaskClient, db_session: Session, day: str
) -> None:
    event = make_event(db_session, slots=2, tables=0)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    slot = event.slots[0]
    start = slot.start
    page = f"/organiser/events/{event.slug}/setup"

    response = post_form(
        client, page, page + "/slot", {"slot_id": str(slot.id), "day": day, "start": "23:00", "end": "23:40"}
    )

    assert response.status_code == 400
    assert "must be on one of the event&#39;s days" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalars(select(Slot.start).where(Slot.id == slot.id)).one() == start
