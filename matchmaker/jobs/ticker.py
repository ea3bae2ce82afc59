"""The day tick on a timer, in whichever processes run jobs: each ``matchmaker worker`` (production,
Redis) or each web process (embedded setup, no Redis) runs a :class:`Ticker` thread. Every
``MATCHMAKER_TICK_SECONDS`` each ticker tries to claim the interval's lease in the database
(:func:`claim_interval`: one conditional UPDATE, atomic on SQLite and PostgreSQL); the one that gets it
runs :func:`matchmaker.jobs.day_tick.tick_job`, the others wait for the next interval. So two workers
never both tick, a stopped worker's share is taken by another (or by itself once it is back), and
nothing depends on Redis being up. A tick that fails is logged and the next interval tries again;
whatever a tick sends is claimed in the database first (reminders, digests), so a tick run again after
a crash sends nothing twice.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.db.models import JobLease
from matchmaker.db.types import utcnow

log = logging.getLogger(__name__)
TICK_LEASE = "day_tick"


def claim_interval(
    session: Session, holder: str, seconds: float, now: datetime | None = None, name: str = TICK_LEASE
) -> bool:
    """Claim ``name`` for the interval starting at ``now`` (commits): True for exactly one caller until
    the lease expires. The lease ends a little before the interval does, so the next one is on time."""
    now = now or utcnow()
    until = now + timedelta(seconds=max(1.0, seconds * 0.9))
    result = session.execute(
        update(JobLease)
        .where(JobLease.name == name, JobLease.expires_at <= now)
        .values(holder=holder, expires_at=until)
    )
    claimed = cast("CursorResult[Any]", result).rowcount
    if not claimed and session.get(JobLease, name) is None:
        try:
            session.add(JobLease(name=name, holder=holder, expires_at=until))
            session.flush()
            claimed = 1
        except IntegrityError:  # another process made it a moment ago: theirs
            session.rollback()
            return False
    session.commit()
    return bool(claimed)


class Ticker:
    """A daemon thread that runs ``run`` every ``seconds`` when it holds the interval's lease."""

    def __init__(
        self, seconds: float, database_url: str | None = None, run: Callable[[str | None], str] | None = None
    ) -> None:
        from matchmaker.jobs.day_tick import tick_job

        self.seconds = seconds
        self.database_url = database_url
        self.run = run or tick_job
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick_once(self, now: datetime | None = None) -> str | None:
        """Run the tick if this ticker wins the interval; its report, or None (not ours, or failed)."""
        from matchmaker.jobs.runtime import job_session

        try:
            with job_session(self.database_url) as session:
                if not claim_interval(session, self.holder, self.seconds, now):
                    return None
            report = self.run(self.database_url)
        except Exception:
            log.exception("the day tick failed; the next interval tries again")
            return None
        log.info("day tick: %s", report)
        return report

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="day-tick", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.tick_once()
            self._stop.wait(self.seconds)


_embedded: dict[int, Ticker] = {}
_embedded_lock = threading.Lock()


def ensure_embedded_ticker(seconds: float, database_url: str) -> Ticker:
    """The web process's own ticker (embedded setup), started once per process (after a fork too)."""
    with _embedded_lock:
        ticker = _embedded.get(os.getpid())
        if ticker is None:
            ticker = _embedded[os.getpid()] = Ticker(seconds, database_url)
            ticker.start()
        return ticker
