"""Hypothesis drives the organiser's forms, the CSV import, search boxes and URL paths with hostile
text (NUL, control characters, line breaks, oversized, markup): every answer is a page, a redirect or a
JSON error (never a server error), and what is refused writes nothing. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import ApiKey, Attendee, Event, KioskToken, MeetingRequest, VenueTable
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import ApiWorld, make_world
from tests.integration.organiser_client import sign_in

HOSTILE = st.one_of(
    st.text(max_size=80),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp", "So"]), max_size=30),
    st.sampled_from(
        [
            "\x00",
            "a\x00b",
            "N" * 250,
            "x" * 6000,
            "\r\nSet-Cookie: x=1",
            "<script>alert(1)</script>",
            "{{ 7*7 }}",
            "Table {n}\x00",
            "Hall A: 1-9999999999",
            "12:30-",
            "99:99",
            "-1",
            "1" * 40,
            "xx",
            "Mars/Olympus",
            "\u202e\ufeff",
        ]
    ),
)
FUZZ = settings(
    max_examples=30, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
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
    client = app.test_client()
    sign_in(client, "a@example.test")
    return client, world


def _state(session: Session) -> tuple[int, ...]:
    session.expire_all()
    return tuple(
        int(session.scalar(select(func.count()).select_from(model)) or 0)
        for model in (Event, Attendee, VenueTable, KioskToken, ApiKey, MeetingRequest)
    )


def _form(value: str) -> str:
    # A browser sends what was typed as UTF-8: lone surrogates can't be sent at all.
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def test_fuzz_organiser_forms_never_fail(app: Flask, db_session: Session) -> None:
    client, world = _prepare(app, db_session)
    person = world.people[0].id
    forms = {
        "/organiser/events/new": (
            "name",
            "venue",
            "timezone",
            "start_date",
            "end_date",
            "languages",
            "description",
        ),
        "/organiser/events/fair-a/setup/details": ("name", "venue", "timezone", "start_date", "languages"),
        "/organiser/events/fair-a/setup/slots": ("day_start", "day_end", "meeting_minutes", "breaks"),
        "/organiser/events/fair-a/setup/tables": ("count", "naming", "zones"),
        "/organiser/events/fair-a/setup/rules": ("request_cap", "request_expiry_hours"),
        "/organiser/events/fair-a/setup/interests": ("interests",),
        "/organiser/events/fair-a/kiosks": ("label",),
        "/organiser/api-keys/": ("label",),
        "/organiser/login": ("email", "password", "next"),
        f"/me/{world.tokens[person]}/people/{world.people[1].id}/request": ("message",),
        f"/organiser/events/fair-a/attendees/{person}": (
            "name",
            "email",
            "company",
            "country",
            "offers",
            "avoids",
            "free_tags",
            "max_meetings",
            "languages",
        ),
    }

    @given(path=st.sampled_from(sorted(forms)), values=st.lists(HOSTILE, min_size=9, max_size=9))
    @FUZZ
    def submit(path: str, values: list[str]) -> None:
        before = _state(db_session)
        data = {name: _form(value) for name, value in zip(forms[path], values, strict=False)}

        answer = client.post(path, data=data)

        # 401 and 429: the sign-in form's wrong password and its throttle.
        assert answer.status_code in (200, 302, 400, 401, 429), (path, data, answer.status_code)
        if answer.status_code == 400:
            assert _state(db_session) == before

    submit()


def test_fuzz_csv_import_never_fails(app: Flask, db_session: Session) -> None:
    client, _world = _prepare(app, db_session)

    @given(cells=st.lists(HOSTILE, min_size=6, max_size=6), dry=st.booleans())
    @FUZZ
    def upload(cells: list[str], dry: bool) -> None:
        before = _state(db_session)
        row = ",".join('"' + _form(cell).replace('"', '""') + '"' for cell in cells)
        text = "id,name,email,company,offers,avoids\n" + row + "\n"
        data = {"csv_text": text} | ({} if dry else {"action": "import"})

        answer = client.post("/organiser/events/fair-a/attendees/import", data=data)

        assert answer.status_code in (200, 302, 400), answer.status_code
        if answer.status_code != 302:
            assert _state(db_session) == before

    upload()


def test_fuzz_search_boxes_and_paths_never_fail(app: Flask, db_session: Session) -> None:
    client, world = _prepare(app, db_session)
    token = world.tokens[world.people[0].id]
    searches = [
        "/organiser/events/fair-a/attendees?q=",
        "/organiser/events/fair-a/checkin?q=",
        f"/kiosk/fair-a/{world.kiosk}/find?q=",
        "/organiser/login?next=",
    ]
    paths = [
        "/e/{}/register",
        "/organiser/events/{}",
        f"/me/{token}/{{}}",
        "/kiosk/fair-a/{}",
        "/api/v1/events/{}",
    ]

    @given(text=HOSTILE, search=st.sampled_from(searches), path=st.sampled_from(paths))
    @FUZZ
    def visit(text: str, search: str, path: str) -> None:
        before = _state(db_session)
        typed = quote(_form(text), safe="")

        found = client.get(search + typed)
        page = client.get(path.format(typed or "x"))

        assert found.status_code in (200, 400, 422), (search, text, found.status_code)
        if "/find?" in search:  # the kiosk reads anything but an answer as "offline"
            assert found.status_code == 200, (text, found.status_code)
        assert page.status_code < 500, (path, text, page.status_code)
        assert _state(db_session) == before

    visit()
