"""Proof of life for a running schedule job, so a run whose worker died is found and marked failed; and
the lease of a periodic job, so that of several processes one runs it per interval."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow


class ScheduleRunLease(Base):
    """Held by the process running a schedule run; ``heartbeat_at`` is refreshed every few seconds.

    A run still marked running whose heartbeat is old was abandoned (worker killed, machine gone):
    readers mark it failed and retryable. The published schedule is never touched by a run until
    the organiser publishes it, so such a failure loses nothing.
    """

    __tablename__ = "schedule_run_leases"

    run_id: Mapped[int] = mapped_column(ForeignKey("schedule_runs.id", ondelete="CASCADE"), primary_key=True)
    worker: Mapped[str] = mapped_column(String(200))
    heartbeat_at: Mapped[datetime] = mapped_column(default=utcnow)


class JobLease(Base):
    """Who runs the periodic job ``name`` (the day tick) until ``expires_at``: a process claims an expired
    lease with one conditional UPDATE (see matchmaker/jobs/ticker.py), so two workers never both run
    the same interval's tick."""

    __tablename__ = "job_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]
