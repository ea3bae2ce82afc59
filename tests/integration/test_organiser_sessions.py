"""Organiser sessions: signing out revokes the session on the server, and the login throttle locks a
client out of an address without locking the owner out, counting parallel attempts exactly."""

from __future__ import annotations

from collections import Counter

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.models import LoginAttempt
from matchmaker.services.organisers import MAX_FAILURES_PER_CLIENT
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.concurrency_support import race
from tests.integration.organiser_client import csrf_token, post_form, sign_in
from tests.organiser_data import PASSWORD, make_organiser


def _cookie(client: FlaskClient) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def test_sessions_cookie_saved_before_sign_out_no_longer_works(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    make_organiser(db_session)
    db_session.commit()
    sign_in(client)
    saved = _cookie(client)

    post_form(client, "/organiser/", "/organiser/logout", {})
    thief = app.test_client()
    thief.set_cookie("session", saved)

    assert thief.get("/organiser/").status_code == 302
    assert thief.get("/organiser/events/new").status_code == 302


def test_sessions_sign_in_again_after_sign_out_works(client: FlaskClient, db_session: Session) -> None:
    make_organiser(db_session)
    db_session.commit()
    sign_in(client)
    post_form(client, "/organiser/", "/organiser/logout", {})

    sign_in(client)

    assert client.get("/organiser/").status_code == 200


def _login(client: FlaskClient, address: str, password: str) -> int:
    token = csrf_token(client, "/organiser/login")
    return client.post(
        "/organiser/login",
        data={"csrf_token": token, "email": "org@example.test", "password": password},
        environ_base={"REMOTE_ADDR": address},
    ).status_code


def test_sessions_wrong_passwords_elsewhere_do_not_lock_the_owner_out(
    app: Flask, db_session: Session
) -> None:
    make_organiser(db_session)
    db_session.commit()
    rate_limiter(app).enabled = False
    attacker, owner = app.test_client(), app.test_client()

    tries = [
        _login(attacker, "198.51.100.9", "guess guess guess") for _ in range(MAX_FAILURES_PER_CLIENT + 1)
    ]
    owners = _login(owner, "203.0.113.20", PASSWORD)

    assert tries == [401] * MAX_FAILURES_PER_CLIENT + [429]
    assert owners == 302


@pytest.fixture
def _postgresql(settings: Settings) -> None:
    if settings.uses_sqlite:
        pytest.skip(
            "SQLite runs one writer at a time: races need PostgreSQL (set MATCHMAKER_TEST_DATABASE_URL)"
        )


@pytest.mark.usefixtures("_postgresql")
def test_sessions_twelve_parallel_wrong_logins_count_against_the_limit(
    app: Flask, db_session: Session
) -> None:
    make_organiser(db_session)
    db_session.commit()
    rate_limiter(app).enabled = False
    app.config["WTF_CSRF_ENABLED"] = False

    def wrong(client: FlaskClient) -> int:
        return client.post(
            "/organiser/login",
            data={"email": "org@example.test", "password": "nope nope"},
            environ_base={"REMOTE_ADDR": "198.51.100.7"},
        ).status_code

    results = race(app, [wrong] * 12)

    assert Counter(results) == {401: MAX_FAILURES_PER_CLIENT, 429: 12 - MAX_FAILURES_PER_CLIENT}, results
    db_session.expire_all()
    recorded = db_session.scalar(
        select(func.count()).select_from(LoginAttempt).where(LoginAttempt.key.like("client:%"))
    )
    assert recorded == MAX_FAILURES_PER_CLIENT
