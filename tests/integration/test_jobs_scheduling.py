"""The schedule-run job in both modes: in-process threads, and a Redis queue with `matchmaker worker`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.models import Meeting, MeetingStatus, RunStatus, ScheduleRun
from matchmaker.db.types import utcnow
from matchmaker.services import scheduling
from matchmaker.web.app import create_app
from tests.organiser_data import make_fair


def _redis_url(database_url: str) -> str:
    """A Redis database of its own per test database: a SQLite run and a PostgreSQL run going at the
    same time must not take each other's jobs (a worker runs them against its own database)."""
    return f"redis://127.0.0.1:6379/{12 + zlib.crc32(database_url.encode()) % 4}"


MATCHMAKER = str(Path(sys.executable).with_name("matchmaker"))


def _empty_redis(url: str) -> None:
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        Redis.from_url(url).flushdb()
    except RedisError as exc:  # pragma: no cover - the CI and this machine run Redis
        pytest.fail(f"Redis is required for the queue tests: {exc}")


@pytest.fixture
def redis_app(settings: Settings, database_url: str) -> Iterator[Flask]:
    _empty_redis(_redis_url(database_url))
    from dataclasses import replace

    app = create_app(replace(settings, redis_url=_redis_url(database_url)))
    yield app
    app.extensions["matchmaker.db"].engine.dispose()


@contextmanager
def _worker(database_url: str, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """``matchmaker worker --burst``; killed (with its work-horse) if still running when the test ends."""
    env = {
        **os.environ,
        "MATCHMAKER_DATABASE_URL": database_url,
        "MATCHMAKER_REDIS_URL": _redis_url(database_url),
        "MATCHMAKER_INSTANCE_PATH": str(tmp_path / "instance"),
    }
    # A session of its own, so the test can kill the worker and its work-horse child together.
    process = subprocess.Popen(
        [MATCHMAKER, "worker", "--burst"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _enqueue(app: Flask, run: ScheduleRun) -> None:
    """What the app does once a started run is committed (``services/schedule_launch.py``)."""
    with app.test_request_context():
        from matchmaker.services.background import job_args
        from matchmaker.services.schedule_launch import RUN_JOB
        from matchmaker.web.jobs import job_database_url, job_queue

        run.job_id = job_queue().enqueue(RUN_JOB, *job_args(run.id, job_database_url()))


def _status(db_session: Session, run_id: int) -> ScheduleRun:
    db_session.expire_all()
    return db_session.get_one(ScheduleRun, run_id)


def _published(db_session: Session) -> list[tuple[int, int, int, str]]:
    db_session.expire_all()
    return sorted((m.id, m.slot_id, m.table_id, m.status) for m in db_session.scalars(select(Meeting)))


def test_in_process_job_reaches_full_progress(app: Flask, db_session: Session) -> None:
    event, _ = make_fair(db_session)
    run = scheduling.start_run(db_session, event, None, time_limit=1)
    db_session.commit()

    _enqueue(app, run)
    app.extensions["matchmaker.jobs"].wait_all(timeout=60)

    finished = _status(db_session, run.id)
    assert (finished.status, finished.progress) == (RunStatus.SUCCEEDED, 1.0)


def test_redis_job_runs_in_a_worker_process(
    redis_app: Flask, db_session: Session, database_url: str, tmp_path: Path
) -> None:
    event, _ = make_fair(db_session)
    run = scheduling.start_run(db_session, event, None, time_limit=1)
    db_session.commit()
    _enqueue(redis_app, run)
    db_session.commit()

    with _worker(database_url, tmp_path) as worker:
        assert worker.wait(timeout=120) == 0

    finished = _status(db_session, run.id)
    assert finished.status == RunStatus.SUCCEEDED
    assert finished.stats["meetings"] > 0


def test_killed_worker_leaves_the_schedule_untouched_and_the_run_retryable(
    redis_app: Flask, db_session: Session, database_url: str, tmp_path: Path
) -> None:
    event, people = make_fair(db_session, people=40, slots=8, tables=6)
    db_session.add(
        Meeting.between(
            people[0].id,
            people[1].id,
            event_id=event.id,
            slot_id=event.slots[0].id,
            table_id=event.tables[0].id,
            status=MeetingStatus.SCHEDULED,
        )
    )
    db_session.commit()
    before = _published(db_session)
    run = scheduling.start_run(db_session, event, None, full_replan=True, time_limit=30)
    db_session.commit()
    _enqueue(redis_app, run)
    with _worker(database_url, tmp_path) as worker:
        deadline = time.monotonic() + 60
        while _status(db_session, run.id).status != RunStatus.RUNNING and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _status(db_session, run.id).status == RunStatus.RUNNING

        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    swept = scheduling.sweep_abandoned_runs(db_session, now=utcnow() + timedelta(minutes=2))
    db_session.commit()

    failed = _status(db_session, run.id)
    assert swept == [run.id]
    assert failed.status == RunStatus.FAILED and "published schedule is unchanged" in (failed.error or "")
    assert _published(db_session) == before
    retry = scheduling.retry_run(db_session, failed, None)
    db_session.commit()
    assert retry.parameters == failed.parameters and retry.status == RunStatus.QUEUED


def test_run_can_recompute_matches_before_scheduling(database_url: str, db_session: Session) -> None:
    from matchmaker.jobs.scheduling import run_schedule
    from tests.factories import make_attendee, make_event

    event = make_event(db_session, slots=4, tables=2)
    offers = ["Compostable cups", "Coffee roasting", "Cold chain logistics", "Cargo insurance"]
    seeks = ["Coffee roasters", "Cup suppliers", "Insurance for cargo", "Refrigerated transport"]
    for offer, seek in zip(offers, seeks, strict=True):
        make_attendee(db_session, event, offers=offer, seeks=seek)
    run = scheduling.start_run(db_session, event, None, time_limit=1, refresh_matches=True)
    db_session.commit()
    assert scheduling.attendees_without_matches(db_session, event) == 4

    assert run_schedule(run.id, database_url) == "succeeded"

    assert scheduling.attendees_without_matches(db_session, event) == 0
    assert _status(db_session, run.id).stats["meetings"] > 0
