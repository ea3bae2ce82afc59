"""Proof of life for a running schedule job, so a run whose worker died is found and marked failed."""

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
