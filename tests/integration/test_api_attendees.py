"""Attendees through the API: create, read, update, delete, filter, and bulk import (all or nothing)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Meeting, OutboxMail
from tests.integration.api_support import ApiWorld, make_world

BASE = "/api/v1/events/fair-a/attendees"


def _count(session: Session, world: ApiWorld) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).where(Attendee.event_id == world.event.id)) or 0)


def test_api_attendee_round_trip(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    created = client.post(
        BASE,
        headers=world.organiser(),
        json={
            "id": "REG-1",
            "name": "Ewa Nowak",
            "email": "Ewa@Example.test",
            "offers": "Cold-chain logistics",
            "intents": ["find_clients"],
            "unavailable": ["d1-02"],
        },
    )
    attendee_id = created.get_json()["id"]
    changed = client.patch(f"{BASE}/{attendee_id}", headers=world.organiser(), json={"company": "Frost"})
    fetched = client.get(f"{BASE}/{attendee_id}", headers=world.organiser()).get_json()

    assert created.status_code == 201
    assert changed.status_code == 200
    assert fetched["email"] == "ewa@example.test"
    assert fetched["company"] == "Frost"
    assert fetched["unavailable"] == ["d1-02"]
    assert fetched["offers"] == "Cold-chain logistics"


def test_api_attendee_delete_removes_them(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    victim = world.people[0].id

    answer = client.delete(f"{BASE}/{victim}", headers=world.organiser())

    assert answer.status_code == 204
    assert client.get(f"{BASE}/{victim}", headers=world.organiser()).status_code == 404
    assert _count(db_session, world) == len(world.people) - 1


def test_api_attendee_patch_to_taken_email_is_a_conflict(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    taken = world.people[1].email

    answer = client.patch(f"{BASE}/{world.people[0].id}", headers=world.organiser(), json={"email": taken})

    assert answer.status_code == 409
    assert answer.get_json()["field"] == "email"


def test_api_attendee_list_filters_and_pages(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    world.people[2].company = "Acme Cups"
    db_session.commit()

    by_company = client.get(f"{BASE}?q=acme", headers=world.organiser()).get_json()
    first_page = client.get(f"{BASE}?limit=4", headers=world.organiser()).get_json()
    second_page = client.get(f"{BASE}?limit=4&offset=4", headers=world.organiser()).get_json()

    assert [a["id"] for a in by_company["items"]] == [world.people[2].id]
    assert first_page["total"] == len(world.people)
    ids = [a["id"] for a in first_page["items"] + second_page["items"]]
    assert sorted(ids) == sorted(p.id for p in world.people)


def test_api_import_csv_adds_every_row(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    csv = 'id,name,email,offers,seeks\nC1,Anna,anna@x.test,Cups,\nC2,Boris,,"Lids,\nand straws",Roasters\n'

    answer = client.post(
        f"{BASE}/import", headers=world.organiser() | {"Content-Type": "text/csv"}, data=csv.encode()
    )

    assert answer.status_code == 201
    assert answer.get_json()["created"] == 2
    assert _count(db_session, world) == len(world.people) + 2


def test_api_import_with_one_bad_row_imports_nothing(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    records: list[dict[str, object]] = [
        {"id": f"J{n}", "name": f"Person {n}", "offers": "Cups"} for n in range(5)
    ]
    records[3]["unavailable"] = ["no-such-slot"]
    records[4]["email"] = world.people[0].email or ""

    answer = client.post(f"{BASE}/import", headers=world.organiser(), json={"attendees": records})

    assert answer.status_code == 422
    assert answer.get_json()["code"] == "invalid_rows"
    assert [(p["index"], p["field"]) for p in answer.get_json()["details"]] == [
        (3, "unavailable"),
        (4, "email"),
    ]
    assert _count(db_session, world) == len(world.people)


def test_api_import_csv_problems_name_line_and_column(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    csv = "id,name,offers,seeks,intents\nC1,Anna,Cups,,\nC2,,Lids,,\nC3,Cyril,Tea,,to_dance\n"

    answer = client.post(
        f"{BASE}/import", headers=world.organiser() | {"Content-Type": "text/csv"}, data=csv.encode()
    )

    assert answer.status_code == 422
    assert [(p["line"], p["field"]) for p in answer.get_json()["details"]] == [(3, "name"), (4, "intents")]


def test_api_import_dry_run_writes_nothing(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.post(
        f"{BASE}/import?dry_run=true",
        headers=world.organiser(),
        json={"attendees": [{"id": "D1", "name": "Dora", "seeks": "Tea"}]},
    )

    assert answer.status_code == 200
    assert answer.get_json()["would_create"] == 1
    assert _count(db_session, world) == len(world.people)


def test_api_attendee_recommendations_for_the_organiser(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.get(f"{BASE}/{world.people[0].id}/recommendations", headers=world.organiser()).get_json()

    assert [item["rank"] for item in answer["items"]] == [1, 2, 3, 4]
    assert "email" not in answer["items"][0]["person"]


def test_api_attendee_delete_tells_the_partner_as_the_organisers_page_does(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    leaving, staying = world.people[0], world.people[1]
    event = leaving.event
    db_session.add(
        Meeting.between(
            leaving.id, staying.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
        )
    )
    db_session.commit()
    address = staying.email

    answer = client.delete(f"{BASE}/{leaving.id}", headers=world.organiser())

    mails = db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == address)).all()
    assert answer.status_code == 204
    assert db_session.scalar(select(func.count()).select_from(Meeting)) == 0
    assert len(mails) == 1
