"""Redis configured but not there (nothing listens on port 6390): every door still works.

Rate limits count in the web process, jobs run in the web process, `/healthz` says "degraded" and
`matchmaker serve` warns at start. A registration is never lost behind an error page.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from limits import parse
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.cli import serve as serve_command
from matchmaker.config import Settings
from matchmaker.db.models import Attendee
from matchmaker.web.app import create_app
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import make_world
from tests.integration.attendee_support import registration_form, wait_for_jobs
from tests.integration.organiser_client import sign_in

NOWHERE = "redis://127.0.0.1:6390/0"
refreshed: list[tuple[Any, ...]] = []


def record_refresh(*args: Any) -> bool:
    refreshed.append(args)
    return True


@pytest.fixture
def redis_down_app(settings: Settings, engine: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    # The real refresh embeds with a model; what matters here is that the job ran, and where.
    monkeypatch.setattr("matchmaker.jobs.recommendations.refresh_for_attendee", record_refresh)
    refreshed.clear()
    app = create_app(dataclasses.replace(settings, redis_url=NOWHERE))
    app.config.update(TESTING=True)
    yield app
    app.extensions["matchmaker.db"].engine.dispose()


def test_faults_redis_down_registration_is_saved_and_its_job_runs_in_process(
    redis_down_app: Flask, db_session: Session, caplog: pytest.LogCaptureFixture
) -> None:
    world = make_world(db_session)
    redis_down_app.config["WTF_CSRF_ENABLED"] = False
    client = redis_down_app.test_client()
    caplog.set_level(logging.WARNING)

    answers = [
        client.post("/e/fair-a/register", data=registration_form(world.event, email=f"down{n}@example.test"))
        for n in range(3)
    ]
    wait_for_jobs(redis_down_app)

    assert [a.status_code for a in answers] == [302, 302, 302]
    assert all("/e/fair-a/registered" in a.headers["Location"] for a in answers)
    db_session.expire_all()
    saved = db_session.scalars(select(Attendee.email).where(Attendee.email.like("down%@example.test"))).all()
    assert sorted(saved) == ["down0@example.test", "down1@example.test", "down2@example.test"]
    assert refreshed, "the recommendations refresh did not run"
    limiter_warnings = [r for r in caplog.records if "rate limits" in r.getMessage()]
    job_warnings = [r for r in caplog.records if r.getMessage().startswith("jobs: Redis is unreachable")]
    assert len(limiter_warnings) == 1 and len(job_warnings) == 1


def test_faults_redis_down_api_registration_and_calls_answer(
    redis_down_app: Flask, db_session: Session
) -> None:
    world = make_world(db_session)
    client = redis_down_app.test_client()

    events = client.get("/api/v1/events", headers=world.organiser())
    registered = client.post(
        "/api/v1/events/fair-a/registrations",
        json={
            "name": "Api Person",
            "email": "api@example.test",
            "offers": "tea",
            "seeks": "cups",
            "consent": True,
        },
    )
    wait_for_jobs(redis_down_app)

    assert events.status_code == 200
    assert registered.status_code == 202
    db_session.expire_all()
    assert db_session.scalar(select(Attendee.id).where(Attendee.email == "api@example.test")) is not None


def test_faults_redis_down_organiser_signs_in(redis_down_app: Flask, db_session: Session) -> None:
    make_world(db_session)
    client = redis_down_app.test_client()

    response = sign_in(client, "a@example.test")

    assert response.status_code == 302
    assert client.get("/organiser/").status_code == 200


def test_faults_redis_down_rate_limits_still_hold_per_process(
    redis_down_app: Flask, db_session: Session
) -> None:
    world = make_world(db_session)
    rate_limiter(redis_down_app).limits["api"] = parse("3/minute")
    client = redis_down_app.test_client()

    answers = [client.get("/api/v1/events", headers=world.organiser()).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]


def test_faults_redis_down_healthz_says_degraded(redis_down_app: Flask) -> None:
    response = redis_down_app.test_client().get("/healthz")

    assert response.status_code == 200
    assert response.json == {
        "status": "degraded",
        "database": {"ok": True},
        "redis": {"ok": False, "error": "unreachable"},
    }


def test_faults_redis_up_healthz_says_ok(app: Flask, settings: Settings) -> None:
    live = create_app(dataclasses.replace(settings, redis_url="redis://127.0.0.1:6379/0"))
    try:
        response = live.test_client().get("/healthz")
    finally:
        live.extensions["matchmaker.db"].engine.dispose()

    if response.json.get("redis", {}).get("ok") is not True:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (`make test` starts it: `make services`)")
    assert response.json == {"status": "ok", "database": {"ok": True}, "redis": {"ok": True}}


def test_faults_redis_down_serve_warns_at_start(
    cli_env: dict[str, str], engine: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[dict[str, Any]] = []
    monkeypatch.setattr(serve_command.GunicornServer, "run", lambda self: started.append(self._options))
    runner = CliRunner(env=cli_env | {"MATCHMAKER_SECRET_KEY": "k", "MATCHMAKER_REDIS_URL": NOWHERE})

    result = runner.invoke(serve_command.serve, ["--port", "8791", "--workers", "1"])

    assert result.exit_code == 0, result.output
    assert "warning: cannot reach Redis at MATCHMAKER_REDIS_URL" in result.output
    assert len(started) == 1


# A Redis database no test starts a worker on.
NO_WORKER = "redis://127.0.0.1:6379/11"


@pytest.fixture
def no_worker_app(settings: Settings, engine: object) -> Iterator[Flask]:
    from redis import Redis
    from redis.exceptions import RedisError

    redis = Redis.from_url(NO_WORKER, socket_connect_timeout=1)
    try:
        redis.flushdb()
    except RedisError:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (`make test` starts it: `make services`)")
    app = create_app(dataclasses.replace(settings, redis_url=NO_WORKER))
    app.config.update(TESTING=True)
    yield app
    redis.flushdb()  # the jobs nobody took
    app.extensions["matchmaker.db"].engine.dispose()


def test_faults_worker_stopped_the_organiser_is_told_why_a_run_and_an_import_wait(
    no_worker_app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from matchmaker.web.organiser import data_jobs
    from tests.integration.organiser_client import csrf_token, post_form

    monkeypatch.setattr(data_jobs, "INLINE_IMPORT_BYTES", 50)  # this file is checked by a job too
    make_world(db_session)
    client = no_worker_app.test_client()
    sign_in(client, "a@example.test")
    schedule, upload = "/organiser/events/fair-a/schedule", "/organiser/events/fair-a/attendees/import"
    csv = b"id,name,offers,seeks\nx1,Person One,machining services for the automotive industry,distributors\n"

    started = post_form(client, schedule, "/organiser/events/fair-a/schedule/runs", {"time_limit": "5"})
    page = client.get(started.headers["Location"]).get_data(as_text=True)
    checked = client.post(
        upload,
        data={
            "csrf_token": csrf_token(client, upload),
            "action": "check",
            "file": (io.BytesIO(csv), "a.csv"),
        },
    )
    assert checked.status_code == 302, checked.get_data(as_text=True)[-3000:]
    job_page = client.get(checked.headers["Location"]).get_data(as_text=True)

    assert started.status_code == 302 and "queued" in page
    assert "No worker is running" in page  # not a "queued 0%" that never moves, unexplained
    assert checked.status_code == 302 and "/data-jobs/" in checked.headers["Location"]
    assert "No worker is running" in job_page
