"""An attendee's avoids ("what I don't want to be offered") can be entered wherever a profile is, and
travels wherever a profile goes: forms, organiser edit, CSV import and export, the JSON API, the data
download, export-event and ``matchmaker match``'s input."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee
from matchmaker.formats.attendee_csv import read_attendee_csv
from matchmaker.services.event_transfer import export_event
from matchmaker.services.tokens import issue_token
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import ApiWorld, make_world
from tests.integration.organiser_client import sign_in

AVOIDS = "cold sales pitches; freight forwarders"


class _NoJobs:
    def enqueue(self, function_path: str, *args: Any) -> str:
        return "skipped"

    def enqueue_merged(self, key: str, function_path: str, *args: Any) -> str | None:
        return "skipped"


def _world(app: Flask, session: Session) -> tuple[FlaskClient, ApiWorld]:
    world = make_world(session)
    world.event.interests = [{"tag": "packaging", "en": "Packaging"}]
    session.commit()
    app.config["WTF_CSRF_ENABLED"] = False
    rate_limiter(app).enabled = False
    app.extensions["matchmaker.jobs"] = _NoJobs()
    return app.test_client(), world


def _stored(session: Session, email: str) -> Attendee:
    session.expire_all()
    return session.scalars(select(Attendee).where(Attendee.email == email)).one()


def test_avoids_entered_at_registration_is_on_the_profile_page_and_in_the_data_download(
    app: Flask, db_session: Session
) -> None:
    client, _ = _world(app, db_session)

    client.post(
        "/e/fair-a/register",
        data={
            "name": "Anna",
            "email": "anna@ecocup.test",
            "offers": "Cups",
            "avoids": AVOIDS,
            "consent": "y",
        },
    )

    anna = _stored(db_session, "anna@ecocup.test")
    token = issue_token(anna)
    db_session.commit()
    assert anna.avoids == AVOIDS
    assert AVOIDS in client.get(f"/me/{token}/profile").get_data(as_text=True)
    assert client.get(f"/me/{token}/data.json").get_json()["profile"]["avoids"] == AVOIDS


def test_avoids_changed_on_the_profile_page_and_by_the_organiser_is_saved(
    app: Flask, db_session: Session
) -> None:
    client, world = _world(app, db_session)
    person = world.people[0]
    token = world.tokens[person.id]

    client.post(
        f"/me/{token}/profile",
        data={
            "name": person.name,
            "email": person.email,
            "offers": "Cups",
            "avoids": "agencies",
            "consent": "y",
        },
    )
    first = _stored(db_session, str(person.email)).avoids
    sign_in(client, "a@example.test")
    client.post(
        f"/organiser/events/fair-a/attendees/{person.id}",
        data={"name": person.name, "email": person.email, "offers": "Cups", "avoids": AVOIDS},
    )

    assert (first, _stored(db_session, str(person.email)).avoids) == ("agencies", AVOIDS)


def test_avoids_travels_through_the_api(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)

    created = client.post(
        "/api/v1/events/fair-a/attendees",
        headers=world.organiser(),
        json={"id": "R1", "name": "Ren", "offers": "Cups", "avoids": AVOIDS},
    ).get_json()
    changed = client.patch("/api/v1/me", headers=world.attendee(0), json={"avoids": "agencies"}).get_json()

    assert created["avoids"] == AVOIDS
    assert (
        client.get(f"/api/v1/events/fair-a/attendees/{created['id']}", headers=world.organiser()).get_json()[
            "avoids"
        ]
        == AVOIDS
    )
    assert changed["avoids"] == "agencies"
    assert client.get("/api/v1/me", headers=world.attendee(0)).get_json()["avoids"] == "agencies"


def test_avoids_and_free_tags_survive_csv_import_export_and_import_again(
    app: Flask, db_session: Session
) -> None:
    client, world = _world(app, db_session)
    sign_in(client, "a@example.test")
    text = (
        "id,name,email,offers,seeks,avoids,interests,free_tags\n"
        f'X1,Xenia,xenia@x.test,Cups,Roasters,"{AVOIDS}",packaging,recycling;cold chain\n'
    )

    client.post("/organiser/events/fair-a/attendees/import", data={"csv_text": text, "action": "import"})
    exported = client.get("/organiser/events/fair-a/attendees.csv").get_data(as_text=True)
    row = next(r for r in csv.DictReader(io.StringIO(exported)) if r["id"] == "X1")
    again = client.post(
        "/api/v1/events/fair-b/attendees/import?dry_run=true",
        headers={"Authorization": f"Bearer {world.other_key}", "Content-Type": "text/csv"},
        data=exported.replace("packaging", ""),
    )

    xenia = _stored(db_session, "xenia@x.test")
    assert (xenia.avoids, xenia.interests) == (AVOIDS, ["packaging", "recycling", "cold chain"])
    assert (row["avoids"], row["interests"]) == (AVOIDS, "packaging")
    assert row["free_tags"] == "recycling;cold chain"
    assert again.status_code == 200, again.get_json()


def test_avoids_is_in_the_event_export_and_the_match_csv(db_session: Session, tmp_path: Any) -> None:
    world = make_world(db_session)
    world.people[0].avoids = AVOIDS
    db_session.commit()
    source = tmp_path / "a.csv"
    source.write_text(f'id,name,offers,seeks,avoids\n1,Ann,Cups,Roasters,"{AVOIDS}"\n', encoding="utf-8")

    document = export_event(db_session, "fair-a")

    assert AVOIDS in [row["avoids"] for row in document["tables"]["attendees"]]
    assert read_attendee_csv(source).records[0].to_profile().avoids == AVOIDS
