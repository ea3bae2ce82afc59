from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.web.app import create_app
from tests.factories import make_attendee, make_event


def test_home_page_lists_events_with_attendee_counts(client: FlaskClient, db_session: Session) -> None:
    event = make_event(db_session)
    make_attendee(db_session, event)
    make_attendee(db_session, event)
    db_session.commit()

    response = client.get("/")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert event.name in page
    assert "2 attendees" in page


def test_home_page_in_polish_when_the_browser_asks(client: FlaskClient) -> None:
    response = client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9"})

    assert response.status_code == 200
    assert '<html lang="pl">' in response.get_data(as_text=True)


def test_healthz_reports_a_reachable_database(client: FlaskClient) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": {"ok": True}}


def test_healthz_reports_an_unreachable_database_without_details(tmp_path: object) -> None:
    settings = Settings(secret_key="k", database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    app = create_app(settings)

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json == {"status": "error", "database": {"ok": False, "error": "unreachable"}}


def test_unknown_page_gets_the_product_404_page(client: FlaskClient) -> None:
    response = client.get("/no/such/page")

    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
    assert "matchmaker" in response.get_data(as_text=True)


def test_crashing_view_shows_a_friendly_page_without_a_traceback(app: Flask) -> None:
    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")

    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "secret internals" not in page
    assert "Traceback" not in page


def test_unknown_api_path_gets_a_json_error(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")

    assert response.status_code == 404
    assert response.json is not None
    assert response.json["code"] == "not_found"


def test_pages_carry_security_headers(client: FlaskClient) -> None:
    response = client.get("/")

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"
