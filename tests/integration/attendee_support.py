"""Helpers for the attendee tests: an event with interests, registration form data, the outbox."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, OutboxMail
from matchmaker.services.tokens import issue_token
from tests.factories import make_attendee, make_event

INTERESTS = [
    {"tag": "packaging", "en": "Packaging", "pl": "Opakowania", "ru": "Упаковка"},
    {"tag": "coffee", "en": "Coffee", "pl": "Kawa", "ru": "Кофе"},
]
LINK = re.compile(r"https?://[^\s]+/me/[A-Za-z0-9_\-]+")


def event_with_interests(session: Session, **values: Any) -> Event:
    event = make_event(session, **values)
    event.interests = INTERESTS
    session.flush()
    return event


def registration_form(event: Event, **overrides: Any) -> dict[str, Any]:
    """What a person fills in: every slot available except the first."""
    data: dict[str, Any] = {
        "name": "Anna Kowalska",
        "email": "Anna@Example.test",
        "company": "EcoCup",
        "job_title": "Head of sales",
        "sector": "Packaging",
        "country": "PL",
        "languages": ["pl", "en"],
        "offers": "We make compostable cups and lids for cafés.",
        "seeks": "Coffee roasters and café chains as customers.",
        "interests": ["packaging"],
        "free_tags": "recycling, cold chain",
        "intents": ["find_clients"],
        "available_slots": [str(slot.id) for slot in event.slots[1:]],
        "max_meetings": "8",
        "dont_match": "Rival Cups Ltd",
        "consent": "y",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def mails_to(session: Session, address: str) -> list[OutboxMail]:
    session.expire_all()
    return list(
        session.scalars(select(OutboxMail).where(OutboxMail.to_address == address).order_by(OutboxMail.id))
    )


def link_in(mail: OutboxMail) -> str:
    found = LINK.search(mail.body)
    assert found is not None, mail.body
    return found.group(0)


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def attendee_with_link(session: Session, event: Event, **values: Any) -> tuple[Attendee, str]:
    """An attendee who consented, and the path of their personal page."""
    from datetime import UTC, datetime

    attendee = make_attendee(session, event, consent_at=datetime.now(UTC), **values)
    token = issue_token(attendee)
    session.flush()
    return attendee, f"/me/{token}"


def wait_for_jobs(app: Flask) -> None:
    app.extensions["matchmaker.jobs"].wait_all(timeout=120)


def csrf_client(app: Flask) -> FlaskClient:
    """A client for an app with CSRF checks off (tests of CSRF itself use the normal client)."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()


def choose_language(client: FlaskClient, page: str, code: str) -> Any:
    """Press the language button ``code`` in the header of the personal ``page``, as a visitor does."""
    html = client.get(page).get_data(as_text=True)
    form = re.search(r'<form method="post" action="([^"]+/language)">(.*?)</form>', html, re.S)
    assert form is not None, "the page has no language form"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form.group(2)))
    assert f'name="lang" value="{code}"' in form.group(2)
    return client.post(form.group(1), data=fields | {"lang": code})
