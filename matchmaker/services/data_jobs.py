"""Attendee files as background jobs: store one (a dry run, an import, an export), confirm a checked
import, read one back. The job itself is :mod:`matchmaker.jobs.data_jobs`; it is enqueued once the
job's row is committed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import DataJob, DataJobKind, DataJobStatus, Event
from matchmaker.db.types import utcnow
from matchmaker.services.background import JobQueue, enqueue_after_commit, job_args

DATA_JOB = "matchmaker.jobs.data_jobs.run_data_job"
# A running job's heartbeat writes every few seconds. On SQLite the import holds the database's one
# write lock while it writes, so its beats wait; silence this long still means the process is gone.
LEASE_TIMEOUT = timedelta(minutes=5)
# A queued job nobody picked up for this long (no worker running in Redis mode) is failed too.
QUEUE_TIMEOUT = timedelta(hours=2)
ABANDONED = "the worker stopped before finishing (killed or crashed); nothing was written, try again"


class NotConfirmable(ValueError):
    """Only a finished dry run that found no problem can be imported."""


def start_data_job(
    session: Session,
    event: Event,
    kind: DataJobKind,
    queue: JobQueue,
    database_url: str | None,
    payload: bytes | None = None,
    filename: str = "",
) -> DataJob:
    """Store a job of ``kind`` for ``event`` (flushes) and enqueue it after the commit."""
    job = DataJob(event_id=event.id, kind=kind, payload=payload, filename=filename[:200])
    session.add(job)
    session.flush()
    _enqueue(session, job, queue, database_url)
    return job


def confirm_import(session: Session, job: DataJob, queue: JobQueue, database_url: str | None) -> DataJob:
    """Turn a clean dry run into the import (checked again by it: all rows or none), enqueued after the
    commit. Raises :class:`NotConfirmable`."""
    if job.kind != DataJobKind.CHECK or job.status != DataJobStatus.SUCCEEDED or job.report.get("problems"):
        raise NotConfirmable(job.id)
    job.kind, job.status, job.progress = DataJobKind.IMPORT, DataJobStatus.QUEUED, 0.0
    job.started_at = job.finished_at = None
    session.flush()
    _enqueue(session, job, queue, database_url)
    return job


def data_job_of(session: Session, event: Event, job_id: int) -> DataJob | None:
    """The job as the database has it now (its progress is written by another session)."""
    job = session.get(DataJob, job_id)
    if job is None or job.event_id != event.id:
        return None
    session.refresh(job)
    return job


def _enqueue(session: Session, job: DataJob, queue: JobQueue, database_url: str | None) -> None:
    def record(job_id: str) -> None:
        job.job_id = job_id

    enqueue_after_commit(session, queue, DATA_JOB, job_args(job.id, database_url), record)


def sweep_abandoned_data_jobs(session: Session, now: datetime | None = None) -> list[int]:
    """Fail the jobs whose worker went silent or that nobody picked up; returns their ids (flushes).

    The import commits once at its end, so a job whose process died wrote nothing: trying again is safe.
    """
    now = now or utcnow()
    waiting = session.scalars(
        select(DataJob)
        .where(DataJob.status.in_((DataJobStatus.QUEUED, DataJobStatus.RUNNING)))
        .order_by(DataJob.id)
    )
    swept = []
    for job in waiting:
        if job.status == DataJobStatus.RUNNING:
            stale = now - (job.heartbeat_at or job.started_at or job.created_at) > LEASE_TIMEOUT
        else:
            stale = now - job.created_at > QUEUE_TIMEOUT
        if stale:
            job.status, job.error, job.finished_at = DataJobStatus.FAILED, ABANDONED, now
            swept.append(job.id)
    session.flush()
    return swept
