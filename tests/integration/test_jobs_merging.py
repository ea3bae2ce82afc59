"""Jobs don't starve each other: profile saves merge into one pending refresh per event, schedule runs
have their own queue (taken first), and in-process refreshes never hold up the next registration."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.models import Attendee
from matchmaker.jobs.queue import (
    QUEUE_NAME,
    SCHEDULE_QUEUE_NAME,
    InProcessQueue,
    redis_problem,
    worker_queues,
)
from matchmaker.web.app import create_app
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import make_world
from tests.integration.attendee_support import registration_form

REDIS = "redis://127.0.0.1:6379/13"
release = threading.Event()
started: list[str] = []


def blocking_refresh(name: str) -> str:
    started.append(name)
    release.wait(timeout=30)
    return name


def quick(name: str) -> str:
    started.append(name)
    return name


@pytest.fixture
def redis_app(settings: Settings, engine: object) -> Iterator[Flask]:
    if redis_problem(REDIS) is not None:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (`make test` starts it: `make services`)")
    app = create_app(dataclasses.replace(settings, redis_url=REDIS))
    app.config.update(TESTING=True)
    rate_limiter(app).enabled = False
    connection = app.extensions["matchmaker.jobs"].connection
    connection.flushdb()
    yield app
    connection.flushdb()
    app.extensions["matchmaker.db"].engine.dispose()


def test_jobs_two_hundred_saves_queue_one_refresh_and_a_schedule_run_goes_first(
    redis_app: Flask, db_session: Session
) -> None:
    world = make_world(db_session)
    client = redis_app.test_client()

    for n in range(200):
        answer = client.post(
            "/api/v1/events/fair-a/registrations",
            json={
                "name": f"Person {n}",
                "email": f"saver{n}@example.test",
                "offers": "tea",
                "seeks": "cups",
                "consent": True,
            },
        )
        assert answer.status_code == 202
    run = client.post(
        "/api/v1/events/fair-a/schedule-runs", headers=world.organiser(), json={"time_limit": 5}
    )

    queues = worker_queues(redis_app.extensions["matchmaker.jobs"].connection)
    waiting = {queue.name: queue.count for queue in queues}
    assert run.status_code == 202
    assert waiting == {SCHEDULE_QUEUE_NAME: 1, QUEUE_NAME: 1}
    job, _queue = queues[0].dequeue_any(queues, None, connection=queues[0].connection)
    assert job.func_name == "matchmaker.jobs.scheduling.run_schedule"


def test_jobs_in_process_saves_merge_while_a_refresh_runs() -> None:
    queue = InProcessQueue()
    started.clear()
    release.clear()
    path = f"{__name__}.blocking_refresh"
    try:
        first = queue.enqueue_merged("event:1", path, "first")
        while not started:
            time.sleep(0.01)
        merged = [queue.enqueue_merged("event:1", path, f"save {n}") for n in range(200)]
        other_event = queue.enqueue_merged("event:2", path, "other event")

        assert first is not None and other_event is not None
        assert sum(job is not None for job in merged) == 1  # one waits behind the running one
    finally:
        release.set()
        queue.wait_all(timeout=30)
    assert sorted(started) == ["first", "other event", "save 0"]


def test_jobs_in_process_schedule_run_not_behind_refreshes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("matchmaker.jobs.scheduling.run_schedule", quick)
    queue = InProcessQueue(workers=1)
    started.clear()
    release.clear()
    try:
        queue.enqueue_merged("event:1", f"{__name__}.blocking_refresh", "refresh")
        queue.enqueue_merged("event:2", f"{__name__}.blocking_refresh", "refresh 2")
        run = queue.enqueue("matchmaker.jobs.scheduling.run_schedule", "schedule")

        # Both refresh threads are busy: the run has threads of its own.
        assert queue.wait(run, timeout=10) == "schedule"

    finally:
        release.set()
        queue.wait_all(timeout=30)


def test_jobs_in_process_registration_does_not_wait_for_a_running_refresh(
    app: Flask, db_session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite has one writer: a refresh that kept its write open while matching made every registration
    behind it wait (4-10 s each, or "database is locked")."""
    world = make_world(db_session)
    app.config["WTF_CSRF_ENABLED"] = False
    rate_limiter(app).enabled = False
    matching = threading.Event()
    from matchmaker.services import recommendations

    real_match = recommendations.match_profiles

    def slow_match(*args: Any, **kwargs: Any) -> Any:
        matching.set()
        release.wait(timeout=60)
        return real_match(*args, **kwargs)

    monkeypatch.setattr(recommendations, "match_profiles", slow_match)
    release.clear()
    client = app.test_client()
    try:
        first = client.post(
            "/e/fair-a/register", data=registration_form(world.event, email="one@example.test")
        )
        assert matching.wait(timeout=120), "the refresh never reached matching"
        answers = [
            client.post(
                "/e/fair-a/register", data=registration_form(world.event, email=f"next{n}@example.test")
            )
            for n in range(3)
        ]
        still_matching = not release.is_set()
    finally:
        release.set()
        app.extensions["matchmaker.jobs"].wait_all(timeout=120)

    assert first.status_code == 302
    assert [a.status_code for a in answers] == [302, 302, 302]
    assert still_matching
    db_session.expire_all()
    assert len(db_session.scalars(select(Attendee).where(Attendee.email.like("next%"))).all()) == 3
