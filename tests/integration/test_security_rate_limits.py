"""Rate limits on registration, sign-in, link re-sends and the API: one mechanism, clear 429s."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from limits import parse
from sqlalchemy.orm import Session

from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import bearer, make_world


def _limit(app: Flask, rule: str, limit: str) -> None:
    rate_limiter(app).limits[rule] = parse(limit)


def test_security_api_limit_answers_429_with_retry_after(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    _limit(app, "api", "3/minute")

    answers = [client.get("/api/v1/events", headers=world.organiser()) for _ in range(4)]
    other_caller = client.get("/api/v1/events", headers=bearer(world.other_key))

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].get_json()["code"] == "rate_limited"
    assert 1 <= int(answers[3].headers["Retry-After"]) <= 60
    assert other_caller.status_code == 200


def test_security_registration_form_is_rate_limited(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    make_world(db_session)
    _limit(app, "registration", "2/minute")
    app.config["WTF_CSRF_ENABLED"] = False

    answers = [client.post("/e/fair-a/register", data={"name": ""}).status_code for _ in range(3)]
    api = client.post("/api/v1/events/fair-a/registrations", json={}).status_code

    assert answers[2] == 429
    assert answers[:2] != [429, 429]
    assert api == 429


def test_security_link_resends_are_rate_limited(app: Flask, client: FlaskClient, db_session: Session) -> None:
    make_world(db_session)
    _limit(app, "link_resend", "2/hour")
    app.config["WTF_CSRF_ENABLED"] = False

    answers = [client.post("/lost-link", data={"email": "nobody@example.test"}).status_code for _ in range(2)]
    api = client.post("/api/v1/links", json={"email": "nobody@example.test"})

    assert 429 not in answers
    assert api.status_code == 429
    assert api.get_json()["code"] == "rate_limited"


def test_security_login_is_rate_limited_per_address(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    make_world(db_session)
    _limit(app, "login", "3/minute")
    app.config["WTF_CSRF_ENABLED"] = False

    answers = [
        client.post(
            "/organiser/login",
            data={"email": f"x{n}@example.test", "password": "wrong-password"},
            environ_base={"REMOTE_ADDR": "203.0.113.7"},
        ).status_code
        for n in range(4)
    ]
    elsewhere = client.post(
        "/organiser/login",
        data={"email": "y@example.test", "password": "wrong-password"},
        environ_base={"REMOTE_ADDR": "203.0.113.8"},
    ).status_code

    assert answers == [401, 401, 401, 429]
    assert elsewhere == 401


def test_security_rate_limit_counts_never_store_the_token(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)

    client.get("/api/v1/events", headers=world.organiser())
    storage = rate_limiter(app).limiter.storage

    assert world.key not in repr(vars(storage))
