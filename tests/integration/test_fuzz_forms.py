"""Hypothesis drives the web forms with hostile text: oversized, markup, control characters, broken
encodings. Every answer is a page or a redirect (never a server error), and refused input writes nothing."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import ApiWorld, make_world

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "So"]), max_size=50),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            '"><img src=x onerror=alert(1)>',
            "\x00",
            "A" * 5000,
            "Robert'); DROP TABLE attendees;--",
            "{{ 7*7 }}",
            "%s%n",
            "\u202e\u0000\ufeff",
        ]
    ),
)
RAW_BYTES = st.binary(max_size=400)
FUZZ = settings(
    max_examples=40, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


class _NoJobs:
    def enqueue(self, function_path: str, *args: Any) -> str:
        return "skipped"

    def enqueue_merged(self, key: str, function_path: str, *args: Any) -> str | None:
        return "skipped"

    def has_workers(self) -> bool:
        return True


def _prepare(app: Flask, session: Session) -> tuple[FlaskClient, ApiWorld]:
    world = make_world(session)
    app.config["WTF_CSRF_ENABLED"] = False
    rate_limiter(app).enabled = False
    app.extensions["matchmaker.jobs"] = _NoJobs()
    return app.test_client(), world


def _attendees(session: Session) -> int:
    session.expire_all()
    return int(session.scalar(select(func.count()).select_from(Attendee)) or 0)


def test_fuzz_registration_form_never_errors(app: Flask, db_session: Session) -> None:
    client, _world = _prepare(app, db_session)

    @given(name=HOSTILE, email=HOSTILE, company=HOSTILE, offers=HOSTILE, seeks=HOSTILE, dont_match=HOSTILE)
    @FUZZ
    def submit(**fields: str) -> None:
        before = _attendees(db_session)
        data = {
            key: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            for key, value in fields.items()
        } | {"consent": "y"}
        answer = client.post("/e/fair-a/register", data=data)

        assert answer.status_code in (200, 302, 422), answer.status_code
        if answer.status_code != 302:
            assert _attendees(db_session) == before

    submit()


def test_fuzz_forms_with_raw_bytes_never_error(app: Flask, db_session: Session) -> None:
    client, world = _prepare(app, db_session)
    token = world.tokens[world.people[0].id]
    forms = ["/e/fair-a/register", "/lost-link", f"/me/{token}/profile", "/organiser/login"]

    @given(body=RAW_BYTES, form=st.sampled_from(forms))
    @FUZZ
    def submit(body: bytes, form: str) -> None:
        before = _attendees(db_session)
        answer = client.post(form, data=body, content_type="application/x-www-form-urlencoded")

        assert answer.status_code < 500, (form, answer.status_code)
        assert _attendees(db_session) == before

    submit()


def test_fuzz_profile_form_never_errors(app: Flask, db_session: Session) -> None:
    client, world = _prepare(app, db_session)
    token = world.tokens[world.people[0].id]

    @given(name=HOSTILE, company=HOSTILE, offers=HOSTILE, free_tags=HOSTILE, dont_match=HOSTILE)
    @FUZZ
    def submit(**fields: str) -> None:
        data = {
            key: value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
            for key, value in fields.items()
        } | {"email": world.people[0].email or "", "consent": "y"}
        answer = client.post(f"/me/{token}/profile", data=data)

        assert answer.status_code in (200, 302, 422), answer.status_code

    submit()
