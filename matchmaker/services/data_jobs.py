"""Attendee files as background jobs: store one (a dry run, an import, an export), confirm a checked
import, read one back. The job itself is :mod:`matchmaker.jobs.data_jobs`; it is enqueued once the
job's row is committed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from matchmaker.db.models import DataJob, DataJobKind, DataJobStatus, Event
from matchmaker.services.background import JobQueue, enqueue_after_commit, job_args

DATA_JOB = "matchmaker.jobs.data_jobs.run_data_job"


class NotConfirmable(ValueError):
    """Only a finished dry run that found no problem can be imported."""


def start_data_job(session: Session, event: Event, kind: DataJobKind, queue: JobQueue,
                   database_url: str | None, payload: bytes | None = None, filename: str = "") -> DataJob:
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
