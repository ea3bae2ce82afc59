"""A large attendee import (its dry run, then the import) or export, run as a background job.

Like a schedule run, its status and progress live in the database, so the organiser's page reads them
the same way whether the job runs in a thread of the web process or in a ``matchmaker worker``. The
uploaded file and the finished export are kept here too (a worker on another machine can't read the
web server's disk); the file is dropped once it has been imported.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow


class DataJobKind(StrEnum):
    CHECK = "check"  # the dry run of an uploaded file: a report by line and column, nothing written
    IMPORT = "import"  # the import of a checked file: every row or none
    EXPORT = "export"  # the event's attendees as attendee CSV


class DataJobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class DataJob(Base):
    __tablename__ = "data_jobs"
    __table_args__ = (
        CheckConstraint("kind IN ('check', 'import', 'export')", name="kind_known"),
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="status_known"),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_fraction"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default=DataJobStatus.QUEUED)
    progress: Mapped[float] = mapped_column(default=0.0)
    rows_done: Mapped[int] = mapped_column(default=0)
    # The dry run's report (rows, problems by line and column, warnings) or the import's count.
    report: Mapped[dict[str, Any]] = mapped_column(default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    # The uploaded file (check, import) or the finished export.
    payload: Mapped[bytes | None] = mapped_column(LargeBinary)
    filename: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]
    # Refreshed every few seconds by the running job's heartbeat; silence means its process died.
    heartbeat_at: Mapped[datetime | None]
    job_id: Mapped[str | None] = mapped_column(String(64))
