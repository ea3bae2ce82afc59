"""The attendee's API (personal token), the kiosk board (kiosk token), registration and the document."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, FreedSeat, Meeting, OutboxMail
from matchmaker.web.api.openapi import openapi_document
from tests.integration.api_support import bearer, make_world


def test_api_me_shows_own_profile_and_updates_it(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    mine = client.get("/api/v1/me", headers=world.attendee(0)).get_json()
    changed = client.patch("/api/v1/me", headers=world.attendee(0), json={"job_title": "Buyer"})

    assert mine["id"] == world.people[0].id
    assert mine["event"] == "fair-a"
    assert changed.status_code == 200
    assert changed.get_json()["job_title"] == "Buyer"


def test_api_me_request_then_acceptance(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    target = world.people[1].id

    sent = client.post(
        "/api/v1/me/requests",
        headers=world.attendee(0),
        json={"to_attendee_id": target, "message": "Coffee?"},
    )
    incoming = client.get("/api/v1/me/requests", headers=world.attendee(1)).get_json()["incoming"]
    accepted = client.post(f"/api/v1/me/requests/{incoming[0]['id']}/accept", headers=world.attendee(1))
    twice = client.post(f"/api/v1/me/requests/{incoming[0]['id']}/accept", headers=world.attendee(1))

    assert sent.status_code == 201
    assert incoming[0]["other"]["id"] == world.people[0].id
    assert accepted.get_json()["status"] == "accepted"
    assert twice.status_code == 409
    assert twice.get_json()["code"] == "not_open"


def test_api_me_request_to_self_names_the_field(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.post(
        "/api/v1/me/requests", headers=world.attendee(0), json={"to_attendee_id": world.people[0].id}
    )

    assert answer.status_code == 422
    assert answer.get_json()["field"] == "to_attendee_id"


def test_api_agenda_etag_saves_the_body_until_it_changes(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    first = client.get("/api/v1/me/agenda", headers=world.attendee(0))
    tag = first.headers["ETag"]

    unchanged = client.get("/api/v1/me/agenda", headers=world.attendee(0) | {"If-None-Match": tag})
    db_session.add(
        Meeting.between(
            world.people[0].id,
            world.people[1].id,
            event_id=world.event.id,
            slot_id=world.event.slots[0].id,
            table_id=world.event.tables[0].id,
        )
    )
    db_session.commit()
    changed = client.get("/api/v1/me/agenda", headers=world.attendee(0) | {"If-None-Match": tag})

    assert first.status_code == 200
    assert unchanged.status_code == 304
    assert unchanged.get_data() == b""
    assert changed.status_code == 200
    partner = changed.get_json()["days"][0]["meetings"][0]["partner"]
    assert partner["name"] == world.people[1].name
    assert partner["email"] is None  # placed by the scheduler, not agreed: no address


def test_api_kiosk_board_with_etag(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    board = client.get("/api/v1/kiosk/fair-a/board", headers=bearer(world.kiosk))
    again = client.get(
        "/api/v1/kiosk/fair-a/board", headers=bearer(world.kiosk) | {"If-None-Match": board.headers["ETag"]}
    )

    assert board.status_code == 200
    assert board.get_json()["event"]["name"] == world.event.name
    assert again.status_code == 304


def test_api_registration_mails_the_link_and_says_the_same_twice(
    client: FlaskClient, db_session: Session, app: Flask
) -> None:
    world = make_world(db_session)
    profile = {"name": "Nina", "email": "nina@example.test", "offers": "Glass jars", "consent": True}

    first = client.post("/api/v1/events/fair-a/registrations", json=profile)
    second = client.post("/api/v1/events/fair-a/registrations", json=profile | {"name": "Impostor"})
    app.extensions["matchmaker.jobs"].wait_all(timeout=120)

    assert (first.status_code, first.get_json()) == (second.status_code, second.get_json())
    assert first.status_code == 202
    nina = db_session.scalars(select(Attendee).where(Attendee.email == "nina@example.test")).one()
    assert nina.name == "Nina"
    assert nina.event_id == world.event.id
    mails = db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == "nina@example.test")).all()
    assert len(mails) == 2


def test_api_registration_without_consent_is_refused(client: FlaskClient, db_session: Session) -> None:
    make_world(db_session)

    answer = client.post(
        "/api/v1/events/fair-a/registrations",
        json={"name": "Nina", "email": "nina@example.test", "offers": "Jars"},
    )

    assert answer.status_code == 422
    assert answer.get_json()["field"] == "consent"


def test_api_openapi_document_lists_exactly_the_routes(app: Flask, client: FlaskClient) -> None:
    served = client.get("/api/v1/openapi.json").get_json()
    routes = {
        (
            rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace("<", "{").replace(">", "}"),
            method.lower(),
        )
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in rule.methods or ()
        if method not in ("HEAD", "OPTIONS")
    }

    documented = {
        (path, method) for path, item in served["paths"].items() for method in item if method != "parameters"
    }

    assert served == openapi_document()
    assert documented == routes


def test_api_agenda_shows_the_freed_seats_question_as_the_document_says(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    anna, boris = world.people[0], world.people[1]
    slot = world.event.slots[2]
    meeting = Meeting.between(
        anna.id, boris.id, event_id=world.event.id, slot_id=slot.id, table_id=world.event.tables[0].id
    )
    db_session.add(meeting)
    db_session.flush()
    seat = FreedSeat(
        event_id=world.event.id,
        slot_id=slot.id,
        attendee_id=anna.id,
        meeting_id=meeting.id,
        reason="cancelled",
    )
    db_session.add(seat)
    db_session.commit()
    first = client.get("/api/v1/me/agenda", headers=world.attendee(0))
    seat.consent_at = seat.freed_at
    db_session.commit()
    standing = client.get(
        "/api/v1/me/agenda", headers=world.attendee(0) | {"If-None-Match": first.headers["ETag"]}
    )
    others = client.get("/api/v1/me/agenda", headers=world.attendee(1)).get_json()

    question = {"seat_id": seat.id, "start": slot.start.isoformat(), "standing": False}
    assert first.get_json()["freed_seats"] == [question]
    assert standing.status_code == 200 and standing.get_json()["freed_seats"] == [
        question | {"standing": True}
    ]
    assert others["freed_seats"] == []
    schema = openapi_document()["components"]["schemas"]["Agenda"]
    assert "freed_seats" in schema["required"]
    item = schema["properties"]["freed_seats"]["items"]
    assert set(item["properties"]) == set(question) and set(item["required"]) == set(question)
