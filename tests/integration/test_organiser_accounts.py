from __future__ import annotations

from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.cli import main
from matchmaker.db.models import Organiser
from matchmaker.services.organisers import MAX_FAILURES_PER_EMAIL
from tests.factories import make_event
from tests.integration.organiser_client import post_form, sign_in
from tests.organiser_data import PASSWORD, make_organiser


def test_create_organiser_command_stores_a_hashed_password(runner: CliRunner, db_session: Session) -> None:
    result = runner.invoke(
        main, ["create-organiser", "Olga@Example.TEST", "--password-stdin"], input="a long enough secret\n"
    )

    assert result.exit_code == 0, result.output
    organiser = db_session.scalars(select(Organiser)).one()
    assert organiser.email == "olga@example.test"
    assert "a long enough secret" not in organiser.password_hash


def test_create_organiser_command_rejects_a_short_password(runner: CliRunner, db_session: Session) -> None:
    result = runner.invoke(
        main, ["create-organiser", "olga@example.test", "--password-stdin"], input="short\n"
    )

    assert result.exit_code == 2
    assert "error: the password must have at least 10 characters" in result.output
    assert db_session.scalars(select(Organiser)).all() == []


def test_dashboard_sends_anonymous_visitors_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/organiser/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/organiser/login")


def test_sign_in_with_the_right_password_shows_own_events(client: FlaskClient, db_session: Session) -> None:
    mine = make_event(db_session)
    theirs = make_event(db_session)
    make_organiser(db_session, "org@example.test", mine)
    make_organiser(db_session, "other@example.test", theirs)
    db_session.commit()

    response = sign_in(client)
    dashboard = client.get("/organiser/").get_data(as_text=True)

    assert response.status_code == 302
    assert mine.name in dashboard
    assert theirs.name not in dashboard


def test_other_organisers_events_are_not_found(client: FlaskClient, db_session: Session) -> None:
    theirs = make_event(db_session)
    make_organiser(db_session, "org@example.test")
    make_organiser(db_session, "other@example.test", theirs)
    db_session.commit()
    sign_in(client)

    assert client.get(f"/organiser/events/{theirs.slug}").status_code == 404
    assert client.get(f"/organiser/events/{theirs.slug}/attendees.csv").status_code == 404


def test_wrong_password_is_refused(client: FlaskClient, db_session: Session) -> None:
    make_organiser(db_session)
    db_session.commit()

    response = sign_in(client, password="not the password")

    assert response.status_code == 401
    assert "Wrong e-mail or password." in response.get_data(as_text=True)
    assert client.get("/organiser/").status_code == 302


def test_repeated_failures_lock_the_address_even_for_the_right_password(
    client: FlaskClient, db_session: Session
) -> None:
    make_organiser(db_session)
    db_session.commit()
    for _ in range(MAX_FAILURES_PER_EMAIL):
        sign_in(client, password="guess guess guess")

    response = sign_in(client, password=PASSWORD)

    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)


def test_forms_without_csrf_token_are_refused(client: FlaskClient, db_session: Session) -> None:
    make_organiser(db_session)
    db_session.commit()

    response = client.post("/organiser/login", data={"email": "org@example.test", "password": PASSWORD})

    assert response.status_code == 400
    assert client.get("/organiser/").status_code == 302


def test_sign_out_ends_the_session(client: FlaskClient, db_session: Session) -> None:
    make_organiser(db_session)
    db_session.commit()
    sign_in(client)

    post_form(client, "/organiser/", "/organiser/logout", {})

    assert client.get("/organiser/").status_code == 302


def test_session_cookie_is_secure_and_hidden_from_scripts(client: FlaskClient, db_session: Session) -> None:
    make_organiser(db_session)
    db_session.commit()

    response = sign_in(client)

    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_demo_organiser_gets_a_password_once(db_session: Session) -> None:
    from matchmaker.services.organisers import (
        DEMO_ORGANISER_EMAIL,
        LoginRequest,
        authenticate,
        ensure_demo_organiser,
    )

    event = make_event(db_session)

    password = ensure_demo_organiser(db_session, event)
    again = ensure_demo_organiser(db_session, event)

    assert password is not None and again is None
    organiser = authenticate(db_session, LoginRequest(DEMO_ORGANISER_EMAIL, password, "127.0.0.1"))
    assert organiser is not None and organiser.events == [event]


def test_create_organiser_command_grants_events(runner: CliRunner, db_session: Session) -> None:
    event = make_event(db_session)
    db_session.commit()

    result = runner.invoke(
        main,
        ["create-organiser", "olga@example.test", "--password-stdin", "--event", event.slug],
        input="a long enough secret\n",
    )

    assert result.exit_code == 0, result.output
    assert f"with access to {event.slug}" in result.output
    assert [e.slug for e in db_session.scalars(select(Organiser)).one().events] == [event.slug]
