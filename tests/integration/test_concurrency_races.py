"""Races as people make them: both sides asking at once, double and triple clicks, one e-mail registered
from fifty tabs, a cap hit by parallel requests, ten "generate" clicks. Every race ends in one clear
outcome and never a 500. Real threads released by a barrier, on PostgreSQL
(``MATCHMAKER_TEST_DATABASE_URL``), where requests really run in parallel."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.models import Attendee, MeetingRequest, RequestStatus, RunStatus, ScheduleRun
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import ApiWorld, bearer, make_world
from tests.integration.attendee_support import registration_form
from tests.integration.concurrency_support import race
from tests.integration.organiser_client import csrf_token, sign_in

ROUNDS = 8


@pytest.fixture(autouse=True)
def _postgresql_only(settings: Settings) -> None:
    if settings.uses_sqlite:
        pytest.skip(
            "SQLite runs one writer at a time: races need PostgreSQL (set MATCHMAKER_TEST_DATABASE_URL)"
        )


class _NoJobs:
    """Schedule runs and refreshes are queued but not run: the race is about starting them."""

    def enqueue(self, function_path: str, *args: Any) -> str:
        return "queued"

    def enqueue_merged(self, key: str, function_path: str, *args: Any) -> str | None:
        return "queued"

    def has_workers(self) -> bool:
        return True


@pytest.fixture
def quiet_app(app: Flask) -> Flask:
    app.extensions["matchmaker.jobs"] = _NoJobs()
    rate_limiter(app).enabled = False
    return app


def _ask(world: ApiWorld, sender: int, recipient: int) -> Any:
    def call(client: FlaskClient) -> tuple[int, str]:
        answer = client.post(
            "/api/v1/me/requests",
            headers=world.attendee(sender),
            json={"to_attendee_id": world.people[recipient].id, "message": "hello"},
        )
        return answer.status_code, str(answer.get_json().get("code", ""))

    return call


def _requests_between(session: Session, a: Attendee, b: Attendee) -> list[MeetingRequest]:
    session.expire_all()
    return list(
        session.scalars(
            select(MeetingRequest).where(
                or_(
                    (MeetingRequest.from_attendee_id == a.id) & (MeetingRequest.to_attendee_id == b.id),
                    (MeetingRequest.from_attendee_id == b.id) & (MeetingRequest.to_attendee_id == a.id),
                )
            )
        )
    )


def test_race_both_ask_each_other_at_once_becomes_one_agreement(
    quiet_app: Flask, db_session: Session
) -> None:
    world = make_world(db_session, people=2 * ROUNDS)
    for pair in range(ROUNDS):
        a, b = 2 * pair, 2 * pair + 1

        results = race(quiet_app, [_ask(world, a, b), _ask(world, b, a)])

        assert sorted(status for status, _ in results) == [200, 201], results
        requests = _requests_between(db_session, world.people[a], world.people[b])
        assert [r.status for r in requests] == [RequestStatus.ACCEPTED]


def test_race_five_identical_requests_make_one(quiet_app: Flask, db_session: Session) -> None:
    world = make_world(db_session, people=ROUNDS + 1)
    for recipient in range(1, ROUNDS + 1):
        results = race(quiet_app, [_ask(world, 0, recipient)] * 5)

        assert Counter(results) == {(201, ""): 1, (409, "already_requested"): 4}, results
        assert len(_requests_between(db_session, world.people[0], world.people[recipient])) == 1


def test_race_triple_click_on_request_sends_one(quiet_app: Flask, db_session: Session) -> None:
    world = make_world(db_session, people=ROUNDS + 1)
    quiet_app.config["WTF_CSRF_ENABLED"] = False
    page = f"/me/{world.tokens[world.people[0].id]}"
    for recipient in range(1, ROUNDS + 1):
        action = f"{page}/people/{world.people[recipient].id}/request"

        results = race(
            quiet_app,
            [lambda client, action=action: client.post(action, data={"message": "Coffee?"}).status_code] * 3,
        )

        assert results == [302, 302, 302]
        assert len(_requests_between(db_session, world.people[0], world.people[recipient])) == 1


def test_race_open_request_cap_is_never_exceeded(quiet_app: Flask, db_session: Session) -> None:
    world = make_world(db_session, people=12)
    world.event.request_cap = 4
    db_session.commit()

    results = race(quiet_app, [_ask(world, 0, recipient) for recipient in range(1, 12)])

    assert Counter(results) == {(201, ""): 4, (409, "cap_reached"): 7}, results
    db_session.expire_all()
    sent = db_session.scalar(
        select(func.count())
        .select_from(MeetingRequest)
        .where(MeetingRequest.from_attendee_id == world.people[0].id)
    )
    assert sent == 4


def test_race_fifty_registrations_with_one_email_make_one_attendee(
    quiet_app: Flask, db_session: Session
) -> None:
    world = make_world(db_session)
    quiet_app.config["WTF_CSRF_ENABLED"] = False
    form = registration_form(world.event, email="same@example.test")
    body = {
        "name": "Same Person",
        "email": "same@example.test",
        "offers": "tea",
        "seeks": "cups",
        "consent": True,
    }

    def by_form(client: FlaskClient) -> int:
        return client.post("/e/fair-a/register", data=form).status_code

    def by_api(client: FlaskClient) -> int | str:
        answer = client.post("/api/v1/events/fair-a/registrations", json=body)
        # The link mails to one address are limited (3 an hour): the API says so, the form's page too.
        return answer.status_code if answer.status_code != 429 else answer.get_json()["code"]

    results = race(quiet_app, [by_form, by_api] * 25)

    assert set(results[0::2]) == {302}, results
    assert set(results[1::2]) <= {202, "too_many_link_mails"}, results
    db_session.expire_all()
    assert (
        db_session.scalar(
            select(func.count()).select_from(Attendee).where(Attendee.email == "same@example.test")
        )
        == 1
    )


def _active_runs(session: Session) -> int:
    session.expire_all()
    return int(
        session.scalar(
            select(func.count())
            .select_from(ScheduleRun)
            .where(ScheduleRun.status.in_([RunStatus.QUEUED, RunStatus.RUNNING]))
        )
        or 0
    )


def test_race_ten_generate_calls_start_one_run(quiet_app: Flask, db_session: Session) -> None:
    world = make_world(db_session)

    def generate(client: FlaskClient) -> int:
        return client.post(
            "/api/v1/events/fair-a/schedule-runs", headers=bearer(world.key), json={"time_limit": 5}
        ).status_code

    results = race(quiet_app, [generate] * 10)

    assert Counter(results) == {202: 1, 409: 9}, results
    assert _active_runs(db_session) == 1


def test_race_ten_generate_clicks_start_one_run(quiet_app: Flask, db_session: Session) -> None:
    make_world(db_session)
    clients = []
    for _ in range(10):
        client = quiet_app.test_client()
        sign_in(client, "a@example.test")
        clients.append((client, csrf_token(client, "/organiser/events/fair-a/schedule")))

    def click(index: int) -> Any:
        client, token = clients[index]
        return lambda _unused: (
            client.post(
                "/organiser/events/fair-a/schedule/runs", data={"csrf_token": token, "time_limit": "5"}
            ).status_code
        )

    results = race(quiet_app, [click(i) for i in range(10)])

    assert results == [302] * 10
    assert _active_runs(db_session) == 1
