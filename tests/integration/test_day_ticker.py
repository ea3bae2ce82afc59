"""The day tick on a timer: one ticker per interval wins the lease, a failed or stopped ticker's
interval is taken by the next, Redis not being there changes nothing, and reminders go out once."""

from __future__ import annotations

import dataclasses
import os
import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.models import JobLease, OutboxMail
from matchmaker.jobs import ticker as ticker_module
from matchmaker.jobs.ticker import Ticker
from matchmaker.web.app import create_app
from tests.e2e.organiser_flow import event_running_now
from tests.factories import make_attendee
from tests.integration.day_support import meet

NOWHERE = "redis://127.0.0.1:6390/0"
NOON = datetime(2027, 5, 18, 12, 0, tzinfo=UTC)


class _Counting:
    def __init__(self, fail_first: bool = False) -> None:
        self.calls = 0
        self.fail_first = fail_first
        self._lock = threading.Lock()

    def __call__(self, database_url: str | None) -> str:
        with self._lock:
            self.calls += 1
            if self.fail_first and self.calls == 1:
                raise RuntimeError("database went away")
        return "ticked"


def test_two_workers_ticking_at_the_same_instant_tick_once_per_interval(
    database_url: str, engine: Engine
) -> None:
    run = _Counting()
    workers = [Ticker(60, database_url, run) for _ in range(2)]
    barrier = threading.Barrier(2)
    reports: list[str | None] = [None, None]

    def tick(index: int, at: datetime) -> None:
        barrier.wait()
        reports[index] = workers[index].tick_once(at)

    for interval in range(3):
        at = NOON + timedelta(seconds=60 * interval)
        threads = [threading.Thread(target=tick, args=(i, at)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(reports, key=str) == [None, "ticked"]
    assert run.calls == 3


def test_a_failed_tick_is_retried_at_the_next_interval_by_whoever_holds_it(
    database_url: str, engine: Engine
) -> None:
    run = _Counting(fail_first=True)
    first, second = Ticker(60, database_url, run), Ticker(60, database_url, run)
    assert first.tick_once(NOON) is None  # failed: logged, not raised
    assert second.tick_once(NOON + timedelta(seconds=10)) is None  # the interval is still first's
    # The first worker stopped; the next interval is the other's.
    assert second.tick_once(NOON + timedelta(seconds=60)) == "ticked"
    assert run.calls == 2


def test_with_redis_not_there_the_app_serves_and_restarted_tickers_remind_once(
    settings: Settings,
    database_url: str,
    engine: Engine,
    db_session: Session,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MATCHMAKER_DATABASE_URL", database_url)
    event = event_running_now(db_session)
    event.reminder_minutes = 120
    event.digest_time = None
    anna, boris = make_attendee(db_session, event), make_attendee(db_session, event)
    meet(db_session, event, anna, boris, event.slots[3])  # an hour from now
    db_session.commit()
    app = create_app(dataclasses.replace(settings, redis_url=NOWHERE))
    app.config.update(TESTING=True)
    try:
        assert app.test_client().get("/").status_code == 200
    finally:
        app.extensions["matchmaker.db"].engine.dispose()
    now = datetime.now(UTC)
    reports = [Ticker(60, database_url).tick_once(now + timedelta(seconds=61 * i)) for i in range(3)]
    assert all(report is not None for report in reports)  # each a new worker, each its own interval
    reminders = db_session.scalar(
        select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == "reminder")
    )
    assert reminders == 2


def test_without_redis_the_web_process_starts_its_own_ticker_on_the_first_request(
    settings: Settings, database_url: str, engine: Engine, db_session: Session
) -> None:
    app = create_app(dataclasses.replace(settings, tick_seconds=3600))  # not TESTING: like production
    try:
        assert app.test_client().get("/").status_code == 200
        started = ticker_module._embedded.pop(os.getpid())
        started.stop(timeout=10)
    finally:
        app.extensions["matchmaker.db"].engine.dispose()
    db_session.expire_all()
    assert db_session.get(JobLease, ticker_module.TICK_LEASE) is not None
