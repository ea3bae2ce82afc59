"""Hostile input gets a clear 4xx and leaves the data as it was; markup in text is shown, never run."""

from __future__ import annotations

import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Meeting, Recommendation
from tests.integration.api_support import ApiWorld, make_world
from tests.integration.organiser_client import sign_in

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'
BASE = "/api/v1/events/fair-a/attendees"


def _snapshot(session: Session, world: ApiWorld) -> list[tuple[object, ...]]:
    session.expire_all()
    return [tuple(row) for row in session.execute(select(
        Attendee.id, Attendee.name, Attendee.email, Attendee.offers).where(
        Attendee.event_id == world.event.id).order_by(Attendee.id))]


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        (b'{"name": "Ann", ', "application/json", 400, "malformed_json"),
        (b'{"name": "\xff\xfe"}', "application/json", 400, "malformed_json"),
        (b"[" * 100_000, "application/json", 400, "malformed_json"),
        (b'["a list"]', "application/json", 422, "invalid"),
        (b"name=Ann", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (
            json.dumps({"id": "Z", "name": "N" * 201, "offers": "x"}).encode(),
            "application/json",
            422,
            "invalid",
        ),
        (
            json.dumps({"id": "Z", "name": "Nul\u0000", "offers": "x"}).encode(),
            "application/json",
            422,
            "invalid",
        ),
        (b'{"id": "Z", "name": "\\ud800", "offers": "x"}', "application/json", 422, "invalid"),
        (
            json.dumps({"id": "Z", "name": "N", "offers": "x", "max_meetings": 10**40}).encode(),
            "application/json",
            422,
            "invalid",
        ),
    ],
)
def test_security_hostile_api_body_is_refused_cleanly(
    client: FlaskClient, db_session: Session, body: bytes, content_type: str, status: int, code: str
) -> None:
    world = make_world(db_session)
    before = _snapshot(db_session, world)

    created = client.post(BASE, headers=world.organiser() | {"Content-Type": content_type}, data=body)
    changed = client.patch(
        f"{BASE}/{world.people[0].id}", headers=world.organiser() | {"Content-Type": content_type}, data=body
    )

    assert (created.status_code, created.get_json()["code"]) == (status, code)
    assert changed.status_code == status
    assert _snapshot(db_session, world) == before


def test_security_oversized_field_names_the_field(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.patch(
        f"{BASE}/{world.people[0].id}", headers=world.organiser(), json={"offers": "x" * 6000}
    )

    assert answer.status_code == 422
    assert answer.get_json()["field"] == "offers"


def test_security_huge_csv_upload_is_refused_whole(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    before = _snapshot(db_session, world)
    row = "R{n},Name {n},Offers offers offers offers offers offers offers offers,Seeks\n"
    huge = ("id,name,offers,seeks\n" + "".join(row.format(n=n) for n in range(150_000))).encode()

    answer = client.post(
        f"{BASE}/import", headers=world.organiser() | {"Content-Type": "text/csv"}, data=huge
    )

    assert len(huge) > 8 * 1024 * 1024
    assert answer.status_code == 413
    assert answer.get_json()["code"] == "request_entity_too_large"
    assert _snapshot(db_session, world) == before


def test_security_csv_that_is_not_utf8_is_refused(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    answer = client.post(
        f"{BASE}/import",
        headers=world.organiser() | {"Content-Type": "text/csv"},
        data="id,name,offers,seeks\nP1,Łukasz,Kubki,\n".encode("cp1250"),
    )

    assert answer.status_code == 422
    assert "UTF-8" in answer.get_json()["details"][0]["message"]
    assert _snapshot(db_session, world)[-1][1] != "Łukasz"


def test_security_markup_in_every_text_field_is_shown_inert(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    fields = {
        "name": SCRIPT,
        "company": SCRIPT,
        "job_title": SCRIPT,
        "sector": SCRIPT,
        "offers": SCRIPT,
        "seeks": SCRIPT,
        "interests": [SCRIPT[:60]],
    }
    hostile = client.post(BASE, headers=world.organiser(), json={"id": "H1", **fields}).get_json()
    viewer = world.people[0]
    db_session.add(
        Recommendation(
            attendee_id=viewer.id, candidate_id=hostile["id"], rank=99, score=0.9, reasons=[SCRIPT]
        )
    )
    db_session.add(
        Meeting.between(
            viewer.id,
            hostile["id"],
            event_id=world.event.id,
            slot_id=world.event.slots[0].id,
            table_id=world.event.tables[0].id,
        )
    )
    db_session.commit()
    token = world.tokens[viewer.id]
    sign_in(client, "a@example.test")

    pages = {
        path: client.get(path).get_data(as_text=True)
        for path in (
            f"/me/{token}",
            f"/me/{token}/agenda",
            "/organiser/events/fair-a/attendees",
            "/organiser/events/fair-a/meetings",
        )
    }

    assert client.get(f"{BASE}/{hostile['id']}", headers=world.organiser()).get_json()["name"] == SCRIPT
    for path, html in pages.items():
        assert "<script>alert" not in html, path
        assert "<img src=x" not in html, path
    assert any("&lt;script&gt;alert" in html for html in pages.values())


def test_security_hostile_registration_form_leaves_no_attendee(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    client.application.config["WTF_CSRF_ENABLED"] = False
    before = db_session.scalar(select(func.count()).select_from(Attendee))

    answers = [
        client.post("/e/fair-a/register", data=data).status_code
        for data in (
            {"name": "N" * 5000, "email": "n@example.test", "offers": "x", "consent": "y"},
            {"name": "Nul\x00", "email": "not-an-address", "offers": "x"},
            {"name": SCRIPT, "email": "x" * 300 + "@example.test", "offers": "x"},
        )
    ]
    raw = client.post(
        "/e/fair-a/register",
        data=b"name=%FF%FE&email=%C3%28",
        content_type="application/x-www-form-urlencoded",
    ).status_code

    assert all(400 <= status < 500 for status in [*answers, raw]), (answers, raw)
    assert db_session.scalar(select(func.count()).select_from(Attendee)) == before
    assert world.event.slug == "fair-a"
