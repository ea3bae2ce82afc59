"""Secrets never reach the logs: personal tokens, API keys and kiosk tokens travel in headers and mails
only, and nothing the app logs while using them contains them."""

from __future__ import annotations

import logging

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import OutboxMail
from tests.integration.api_support import bearer, make_world


def test_security_tokens_and_keys_never_logged(
    app: Flask, client: FlaskClient, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    world = make_world(db_session)
    app.extensions["matchmaker.jobs"].enqueue = lambda *args: "not run"  # the model load logs a lot

    client.post(
        "/api/v1/events/fair-a/registrations",
        json={"name": "Lena", "email": "lena@example.test", "offers": "Jars", "consent": True},
    )
    client.post("/api/v1/links", json={"email": "lena@example.test"})
    client.get("/api/v1/me/agenda", headers=world.attendee(0))
    client.post("/api/v1/me/requests", headers=world.attendee(0), json={"to_attendee_id": world.people[1].id})
    client.get("/api/v1/kiosk/fair-a/board", headers=bearer(world.kiosk))
    client.get("/api/v1/events/fair-a/attendees", headers=world.organiser())
    client.get("/api/v1/events/fair-a/attendees", headers=bearer(world.key + "x"))
    mailed = [mail.body for mail in db_session.scalars(select(OutboxMail))]

    secrets = [world.key, world.kiosk, *world.tokens.values()]
    secrets += [body.split("/me/", 1)[1].split()[0] for body in mailed if "/me/" in body]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert caplog.records, "nothing was logged: the test would prove nothing"
    assert len(secrets) > len(world.tokens) + 2, "the registration mails carry fresh links"
    assert [secret for secret in secrets if secret in logged] == []
