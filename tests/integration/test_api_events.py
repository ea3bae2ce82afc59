"""Events, slots and tables through the API."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Slot
from tests.integration.api_support import make_world


def test_api_event_created_belongs_to_the_caller(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    created = client.post(
        "/api/v1/events",
        headers=world.organiser(),
        json={
            "name": "Packaging Days",
            "timezone": "Europe/Warsaw",
            "start_date": "2027-06-01",
            "end_date": "2027-06-02",
            "request_cap": 5,
        },
    )
    slug = created.get_json()["slug"]

    assert created.status_code == 201
    assert client.get(f"/api/v1/events/{slug}", headers=world.organiser()).get_json()["request_cap"] == 5
    assert (
        client.get(
            f"/api/v1/events/{slug}", headers={"Authorization": f"Bearer {world.other_key}"}
        ).status_code
        == 404
    )


def test_api_event_with_unknown_timezone_names_the_field(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.post(
        "/api/v1/events",
        headers=world.organiser(),
        json={"name": "X", "timezone": "Mars/Olympus", "start_date": "2027-06-01", "end_date": "2027-06-01"},
    )

    assert answer.status_code == 422
    assert answer.get_json()["field"] == "timezone"


def test_api_event_patch_changes_only_given_fields(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.patch("/api/v1/events/fair-a", headers=world.organiser(), json={"venue": "Hall 5"})

    assert answer.status_code == 200
    assert answer.get_json()["venue"] == "Hall 5"
    assert answer.get_json()["name"] == world.event.name


def test_api_event_unknown_field_is_refused(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.patch("/api/v1/events/fair-a", headers=world.organiser(), json={"slug": "mine-now"})

    assert answer.status_code == 422
    assert answer.get_json() == {"code": "invalid", "field": "slug", "message": "unknown field 'slug'"}


def test_api_slots_generated_from_a_day_plan(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.put(
        "/api/v1/events/fair-a/slots",
        headers=world.organiser(),
        json={
            "day_start": "09:00",
            "day_end": "11:00",
            "meeting_minutes": 30,
            "breaks": [{"start": "10:00", "end": "10:30"}],
        },
    )

    assert answer.status_code == 200
    assert [slot["code"] for slot in answer.get_json()["items"]] == ["d1-01", "d1-02", "d1-03"]


def test_api_slot_used_by_a_meeting_cannot_be_deleted(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    slot, table = world.event.slots[0], world.event.tables[0]
    client.post(
        "/api/v1/events/fair-a/meetings",
        headers=world.organiser(),
        json={
            "attendee_ids": [world.people[0].id, world.people[1].id],
            "slot_id": slot.id,
            "table_id": table.id,
        },
    )

    answer = client.delete(f"/api/v1/events/fair-a/slots/{slot.id}", headers=world.organiser())

    assert answer.status_code == 409
    assert "meetings are in it" in answer.get_json()["message"]


def test_api_tables_replaced_with_zones(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.put(
        "/api/v1/events/fair-a/tables",
        headers=world.organiser(),
        json={"count": 4, "naming": "Stand {n}", "zones": "Hall A: 1-2; Hall B: 3-4"},
    )
    listed = client.get("/api/v1/events/fair-a/tables?limit=2&offset=2", headers=world.organiser()).get_json()

    assert answer.status_code == 200
    assert [(t["name"], t["zone"]) for t in listed["items"]] == [("Stand 3", "Hall B"), ("Stand 4", "Hall B")]
    assert listed["total"] == 4


def test_api_event_list_filters_by_name(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    world.event.organisers[0].events.append(
        Event(
            slug="autumn",
            name="Autumn Expo",
            timezone="UTC",
            start_date=world.event.start_date,
            end_date=world.event.end_date,
        )
    )
    db_session.commit()

    listed = client.get("/api/v1/events?q=autumn", headers=world.organiser()).get_json()

    assert [event["slug"] for event in listed["items"]] == ["autumn"]


def test_api_paging_out_of_range_names_the_parameter(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.get("/api/v1/events/fair-a/attendees?limit=5000", headers=world.organiser())

    assert answer.status_code == 422
    assert answer.get_json()["field"] == "limit"


def test_api_event_schedule_settings_are_read_and_changed(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.patch(
        "/api/v1/events/fair-a",
        headers=world.organiser(),
        json={"match_floor": 0.42, "requested_meetings_only": True},
    )
    later = client.patch("/api/v1/events/fair-a", headers=world.organiser(), json={"venue": "Hall 2"})

    assert answer.status_code == 200
    assert (later.get_json()["match_floor"], later.get_json()["requested_meetings_only"]) == (0.42, True)
    reset = client.patch("/api/v1/events/fair-a", headers=world.organiser(), json={"match_floor": None})
    assert reset.get_json()["match_floor"] is None


def test_api_event_floor_out_of_range_names_the_field(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.patch("/api/v1/events/fair-a", headers=world.organiser(), json={"match_floor": 2})

    assert answer.status_code == 422
    assert answer.get_json()["field"] == "match_floor"
    assert db_session.get_one(Event, world.event.id).match_floor is None


def test_api_event_in_year_one_or_9999_is_refused_naming_the_date(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)

    answers = [
        client.post(
            "/api/v1/events",
            headers=world.organiser(),
            json={"name": "Far fair", "timezone": "Europe/Warsaw", "start_date": day, "end_date": day},
        )
        for day in ("0001-01-01", "9999-12-31")
    ]

    assert [(a.status_code, a.get_json()["field"]) for a in answers] == [(422, "start_date")] * 2
    assert answers[0].get_json()["details"][0]["code"] == "year_out_of_range"
    assert sorted(db_session.scalars(select(Event.slug))) == ["fair-a", "fair-b"]


def test_api_slot_moved_to_year_one_is_refused(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    slot = world.event.slots[0]
    start = slot.start

    answer = client.patch(
        f"/api/v1/events/fair-a/slots/{slot.id}",
        headers=world.organiser(),
        json={"start": "0001-01-01T00:00:00+01:00", "end": "0001-01-01T00:20:00+01:00"},
    )

    assert (answer.status_code, answer.get_json()["field"]) == (422, "start")
    db_session.expire_all()
    assert db_session.scalars(select(Slot.start).where(Slot.id == slot.id)).one() == start
