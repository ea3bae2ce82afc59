"""Access control from the outside: every token opens exactly what it should, and nothing else."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Meeting, MeetingRequest, RequestStatus
from matchmaker.services.tokens import issue_token
from matchmaker.web.api.openapi import PATHS
from tests.integration.api_support import ApiWorld, bearer, make_world


def _organiser_operations() -> list[tuple[str, str]]:
    return [
        (method, path)
        for path, item in PATHS.items()
        for method, operation in item.items()
        if method != "parameters" and operation["security"] and "organiserKey" in operation["security"][0]
    ]


def _fill(path: str, slug: str, number: int) -> str:
    return "/api/v1" + re.sub(r"\{[a-z_]+_id\}", str(number), path.replace("{slug}", slug))


def _call(client: FlaskClient, method: str, url: str, headers: dict[str, str]) -> int:
    return client.open(url, method=method.upper(), headers=headers, json={}).status_code


def test_security_organiser_cannot_touch_another_event(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    meeting = Meeting.between(
        world.people[0].id,
        world.people[1].id,
        event_id=world.event.id,
        slot_id=world.event.slots[0].id,
        table_id=world.event.tables[0].id,
    )
    db_session.add(meeting)
    db_session.commit()
    theirs = bearer(world.other_key)

    answers = {
        (method, path): _call(client, method, _fill(path, "fair-a", world.people[0].id), theirs)
        for method, path in _organiser_operations()
        if "{slug}" in path
    }
    answers |= {
        ("delete", "meeting"): _call(client, "delete", f"/api/v1/events/fair-a/meetings/{meeting.id}", theirs)
    }

    assert set(answers.values()) == {404}, answers
    db_session.expire_all()
    assert db_session.get(Meeting, meeting.id).status == "scheduled"  # type: ignore[union-attr]
    assert (
        len(client.get("/api/v1/events/fair-a/attendees", headers=world.organiser()).get_json()["items"]) == 6
    )


def test_security_kiosk_token_reads_only_its_board(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    kiosk = bearer(world.kiosk)

    organiser_answers = {
        _call(client, method, _fill(path, "fair-a", 1), kiosk) for method, path in _organiser_operations()
    }
    attendee_answers = {
        client.get("/api/v1/me", headers=kiosk).status_code,
        client.get("/api/v1/me/agenda", headers=kiosk).status_code,
    }
    other_board = client.get("/api/v1/kiosk/fair-b/board", headers=kiosk)

    assert organiser_answers == {401}
    assert attendee_answers == {401}
    assert other_board.status_code == 401
    assert client.get("/api/v1/kiosk/fair-a/board", headers=kiosk).status_code == 200


def test_security_attendee_cannot_answer_or_cancel_others_requests(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    client.post("/api/v1/me/requests", headers=world.attendee(1), json={"to_attendee_id": world.people[2].id})
    request_id = db_session.scalars(select(MeetingRequest.id)).one()

    answers = [
        client.post(f"/api/v1/me/requests/{request_id}/{action}", headers=world.attendee(0))
        for action in ("accept", "decline", "cancel")
    ]

    assert [a.status_code for a in answers] == [404, 404, 404]
    assert {a.get_json()["code"] for a in answers} == {"not_found"}
    db_session.expire_all()
    assert db_session.scalars(select(MeetingRequest.status)).one() == RequestStatus.REQUESTED


def test_security_attendee_sees_only_own_agenda_and_profile(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    db_session.add(
        Meeting.between(
            world.people[1].id,
            world.people[2].id,
            event_id=world.event.id,
            slot_id=world.event.slots[0].id,
            table_id=world.event.tables[0].id,
        )
    )
    db_session.commit()

    mine = client.get("/api/v1/me/agenda", headers=world.attendee(0)).get_json()
    me = client.get("/api/v1/me", headers=world.attendee(0)).get_json()
    theirs = client.get("/api/v1/me/agenda", headers=world.attendee(1)).get_json()

    assert mine == {"days": [], "to_be_scheduled": [], "freed_seats": []}
    assert me["email"] == world.people[0].email
    assert theirs["days"][0]["meetings"][0]["partner"]["id"] == world.people[2].id


def test_security_recommendations_hide_emails_until_agreed(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    listed = client.get("/api/v1/me/recommendations", headers=world.attendee(0)).get_json()["items"]
    requests = client.get("/api/v1/me/requests", headers=world.attendee(0)).get_json()

    assert listed
    assert all("email" not in item["person"] for item in listed)
    assert requests["incoming"] == requests["outgoing"] == []


def test_security_replaced_or_guessed_tokens_look_alike(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    old = world.tokens[world.people[0].id]
    issue_token(world.people[0])  # the attendee asked for a new link: the old one is dead
    db_session.commit()

    answers = [
        client.get("/api/v1/me", headers=headers)
        for headers in (bearer(old), bearer(old[:-2] + "xx"), bearer(world.key), bearer(world.kiosk), {})
    ]

    assert {(a.status_code, a.get_data()) for a in answers} == {(401, answers[0].get_data())}


def test_security_personal_page_of_wrong_token_is_404(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    guessed = client.get("/me/" + "A" * 43)
    kiosk_as_attendee = client.get(f"/me/{world.kiosk}")

    assert guessed.status_code == kiosk_as_attendee.status_code == 404


def test_security_csrf_required_on_every_form(app: Flask, db_session: Session) -> None:
    world: ApiWorld = make_world(db_session)
    client = app.test_client()
    posts = sorted(
        {
            rule.rule
            for rule in app.url_map.iter_rules()
            if "POST" in (rule.methods or ()) and not rule.endpoint.startswith("api.")
        }
    )
    filled = [re.sub(r"<any\(([a-z_]+)[^>]*>", r"\1", rule) for rule in posts]
    filled = [re.sub(r"<int:[a-z_]+>", "1", re.sub(r"<(string:)?slug>", "fair-a", rule)) for rule in filled]
    filled = [re.sub(r"<[a-z_:]+>", world.tokens[world.people[0].id], path) for path in filled]

    answers = {
        path: client.post(path, data={"name": "x", "email": "x@example.test"}).status_code for path in filled
    }

    assert len(answers) >= 10
    assert {path: status for path, status in answers.items() if status != 400} == {}


def test_security_session_cookie_is_secure_httponly_samesite(
    client: FlaskClient, db_session: Session
) -> None:
    from tests.integration.organiser_client import sign_in

    make_world(db_session)

    answer = sign_in(client, "a@example.test")
    cookie = next(c for c in answer.headers.getlist("Set-Cookie") if c.startswith("session="))

    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_security_headers_on_pages_and_api(client: FlaskClient, db_session: Session) -> None:
    make_world(db_session)

    for path in ("/", "/organiser/login", "/api/v1/events", "/api/v1/openapi.json"):
        headers = client.get(path).headers
        script_policy = next(
            part
            for part in headers["Content-Security-Policy"].split(";")
            if part.strip().startswith("script-src")
        )
        assert "unsafe-inline" not in script_policy, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["X-Frame-Options"] == "DENY", path
