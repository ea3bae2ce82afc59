"""A real ``matchmaker worker`` (Redis-backed, ticking every second) killed with SIGKILL while it runs
and started again: every reminder goes out exactly once, and refill offers go on being expired and made
by the restarted worker. A worker pointed at a Redis that is not there stops at once with one clear line
(the web app then runs jobs itself: tests/integration/test_faults_redis_down.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, OfferStatus, OutboxMail, RefillOffer
from matchmaker.jobs.queue import redis_problem
from matchmaker.services import meetings as meeting_service
from matchmaker.services import refill
from tests.e2e.organiser_flow import event_running_now
from tests.factories import make_attendee
from tests.integration.day_support import meet, present, score

REDIS = "redis://127.0.0.1:6379/14"
NOWHERE = "redis://127.0.0.1:6390/0"
MATCHMAKER = str(Path(sys.executable).parent / "matchmaker")


def _env(cli_env: dict[str, str], redis_url: str) -> dict[str, str]:
    return (
        os.environ
        | cli_env
        | {
            "MATCHMAKER_REDIS_URL": redis_url,
            "MATCHMAKER_TICK_SECONDS": "1",
            "MATCHMAKER_SECRET_KEY": "worker-test-key",
            "MATCHMAKER_BASE_URL": "http://fair.test",
        }
    )


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [MATCHMAKER, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _until(check: Callable[[], bool], what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"the worker did not get there within {seconds:.0f} s: {what}")


@pytest.fixture
def redis_db() -> Iterator[None]:
    if redis_problem(REDIS) is not None:
        pytest.skip("Redis is not running on 127.0.0.1:6379 (`make test` starts it: `make services`)")
    from redis import Redis

    with Redis.from_url(REDIS) as connection:
        connection.flushdb()
        yield
        connection.flushdb()


def test_a_killed_and_restarted_worker_reminds_once_and_goes_on_refilling(
    db_session: Session, cli_env: dict[str, str], redis_db: None
) -> None:
    event = event_running_now(db_session)  # rounds at -25, -5, +15, +35 minutes
    event.reminder_minutes = 120  # the two coming rounds are due a reminder now
    event.digest_time = None
    event.refill_fan_out = 1  # one candidate at a time: each expiry visibly asks the next
    anna, boris, carla, dan, erik, gus = (make_attendee(db_session, event) for _ in range(6))
    now = datetime.now(UTC)
    present(db_session, anna, boris, carla, dan, erik, gus, at=now - timedelta(minutes=30))
    third, fourth = event.slots[2], event.slots[3]
    meet(db_session, event, anna, boris, third, table=0)
    meet(db_session, event, carla, dan, third, table=1)
    cancelled = meet(db_session, event, anna, erik, fourth, table=0)
    for rank, (other, value) in enumerate(((carla, 0.9), (dan, 0.8), (gus, 0.7)), 1):
        score(db_session, anna, other, value, rank)
    meeting_service.cancel_meeting(db_session, event, cancelled, now=now)
    (first,) = db_session.scalars(select(RefillOffer)).all()
    assert first.candidate_id == carla.id
    first.expires_at = now - timedelta(seconds=1)  # its time is up: the worker's tick closes it
    db_session.commit()

    def reminders() -> list[tuple[str, str]]:
        db_session.expire_all()
        rows = db_session.execute(
            select(OutboxMail.to_address, OutboxMail.subject).where(OutboxMail.kind == "reminder")
        )
        return [(to, subject) for to, subject in rows]

    def offers() -> list[RefillOffer]:
        db_session.expire_all()
        return list(db_session.scalars(select(RefillOffer).order_by(RefillOffer.id)))

    env = _env(cli_env, REDIS)
    worker = _worker(env)
    try:
        _until(lambda: len(offers()) == 2 and len(reminders()) == 4, "first offer expired, reminders")
        worker.send_signal(signal.SIGKILL)  # mid-run: it ticks every second
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=30)
    assert worker.returncode == -signal.SIGKILL
    second = offers()[1]
    assert (offers()[0].status, second.status, second.candidate_id) == (OfferStatus.EXPIRED, "open", dan.id)

    # While it is down: the second offer's time runs out, and a new meeting becomes due a reminder.
    second.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    meet(db_session, event, boris, erik, fourth, table=1)
    db_session.commit()
    restarted_at = datetime.now(UTC)
    worker = _worker(env)
    try:
        _until(lambda: len(offers()) == 3 and len(reminders()) == 6, "second offer expired, new reminder")
        time.sleep(3)  # a few more ticks of the restarted worker: nothing is sent again
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=30)

    sent = reminders()
    assert len(sent) == len(set(sent)) == 6
    addresses = {
        person.id: person.email for person in db_session.scalars(select(Attendee)) if person.email is not None
    }
    assert sorted(to for to, _subject in sent) == sorted(
        addresses[p.id] for p in (anna, boris, carla, dan, boris, erik)
    )
    _done, expired, third_offer = offers()
    assert expired.status == OfferStatus.EXPIRED and expired.closed_at is not None
    assert expired.closed_at >= restarted_at
    assert third_offer.candidate_id == gus.id and third_offer.status == OfferStatus.OPEN
    assert third_offer.created_at >= restarted_at
    assert refill.open_offers_for(db_session, gus)[0].id == third_offer.id
    assert (
        db_session.scalar(
            select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == refill.OFFER_MAIL)
        )
        == 6  # each offer: one mail to the one asked, one to anna
    )


def test_a_worker_pointed_at_a_redis_that_is_not_there_stops_with_one_clear_line(
    cli_env: dict[str, str], engine: object
) -> None:
    began = time.monotonic()
    result = subprocess.run(
        [MATCHMAKER, "worker"], env=_env(cli_env, NOWHERE), capture_output=True, text=True, timeout=60
    )
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: cannot reach Redis at MATCHMAKER_REDIS_URL: ")
    assert time.monotonic() - began < 30
