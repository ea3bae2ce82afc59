"""Organiser API keys: stored hashed, scoped to the organiser's events, dead once revoked."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import ApiKey
from matchmaker.services.api_keys import api_keys_of, create_api_key, organiser_for_key, revoke_api_key
from tests.integration.api_support import bearer, make_world
from tests.organiser_data import make_organiser


def test_api_key_is_stored_only_as_its_hash(db_session: Session) -> None:
    organiser = make_organiser(db_session)

    issued = create_api_key(db_session, organiser, "badge printer")

    stored = db_session.scalars(select(ApiKey)).one()
    assert issued.secret not in (stored.key_hash, stored.prefix, stored.label)
    assert issued.secret.startswith(stored.prefix)
    assert organiser_for_key(db_session, issued.secret) == organiser


def test_api_key_revoked_stops_working_at_once(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    key_id = api_keys_of(db_session, world.event.organisers[0].id)[0].id

    before = client.get("/api/v1/events", headers=world.organiser())
    revoke_api_key(db_session, world.event.organisers[0].id, key_id)
    db_session.commit()
    after = client.get("/api/v1/events", headers=world.organiser())

    assert before.status_code == 200
    assert after.status_code == 401
    assert after.get_json()["code"] == "unauthorized"


def test_api_key_lists_only_its_organisers_events(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    listed = client.get("/api/v1/events", headers=world.organiser()).get_json()

    assert [event["slug"] for event in listed["items"]] == ["fair-a"]


def test_api_key_of_another_organiser_cannot_revoke(db_session: Session) -> None:
    world = make_world(db_session)
    mine = api_keys_of(db_session, world.event.organisers[0].id)[0]
    other_organiser_id = world.other_event.organisers[0].id

    try:
        revoke_api_key(db_session, other_organiser_id, mine.id)
    except ValueError as error:
        refused = str(error)
    else:
        refused = ""

    assert refused == "no such key"
    assert organiser_for_key(db_session, world.key) is not None


def test_api_key_guessed_gets_the_same_answer_as_none(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    guessed = "mmk_" + world.key[4:-4] + "AAAA"

    answers = [
        client.get("/api/v1/events/fair-a", headers=headers)
        for headers in ({}, bearer(guessed), bearer("garbage"), {"Authorization": world.key})
    ]

    assert {(r.status_code, r.get_data(as_text=True)) for r in answers} == {
        (401, answers[0].get_data(as_text=True))
    }


def test_api_keys_page_creates_shows_once_and_revokes(client: FlaskClient, db_session: Session) -> None:
    import re

    from tests.integration.organiser_client import post_form, sign_in

    world = make_world(db_session)
    sign_in(client, "a@example.test")

    created = post_form(client, "/organiser/api-keys/", "/organiser/api-keys/", {"label": "Badge printer"})
    secret = re.search(r'<code class="api-key">([^<]+)</code>', created.get_data(as_text=True))
    assert secret is not None
    works = client.get("/api/v1/events/fair-a", headers=bearer(secret.group(1))).status_code
    listing = client.get("/organiser/api-keys/").get_data(as_text=True)
    key_id = max(key.id for key in api_keys_of(db_session, world.event.organisers[0].id))
    post_form(client, "/organiser/api-keys/", f"/organiser/api-keys/{key_id}/revoke", {})
    revoked = client.get("/api/v1/events/fair-a", headers=bearer(secret.group(1))).status_code

    assert created.headers["Cache-Control"] == "no-store"
    assert works == 200
    assert "Badge printer" in listing
    assert secret.group(1) not in listing
    assert revoked == 401


def test_api_keys_page_needs_a_signed_in_organiser(client: FlaskClient) -> None:
    answer = client.get("/organiser/api-keys/")

    assert answer.status_code == 302
    assert "/organiser/login" in answer.headers["Location"]
