"""Large attendee files as background jobs: the dry run, the import and the export, with progress.

Progress goes through the database, so the organiser's page reads it the same way in both modes of the
queue. The import writes inside one transaction and commits once at the end, so a failure anywhere
leaves nothing behind; while it writes (and while the export reads), progress goes through a second
connection. A heartbeat marks the job alive while it runs; a job whose process died is failed by the
next job's start or the day tick (:func:`~matchmaker.services.data_jobs.sweep_abandoned_data_jobs`). On
SQLite, which locks the file for the writer, the bar then waits until the end: writing
and exporting are the short parts.
"""

from __future__ import annotations

import logging
import time

from sqlalchemy import update
from sqlalchemy.orm import Session

from matchmaker.db.models import DataJob, DataJobKind, DataJobStatus, Event
from matchmaker.db.types import utcnow
from matchmaker.jobs.heartbeat import Heartbeat
from matchmaker.jobs.runtime import job_session
from matchmaker.services.data_jobs import sweep_abandoned_data_jobs
from matchmaker.services.large_files import OnProgress, check_file, export_file, import_file

log = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 0.5


def run_data_job(job_id: int, database_url: str | None = None) -> str:
    """Run data job ``job_id``; returns its final status ("skipped" if it wasn't waiting)."""
    with job_session(database_url) as session:
        sweep_abandoned_data_jobs(session)
        job = session.get(DataJob, job_id)
        if job is None or job.status != DataJobStatus.QUEUED:
            return "skipped"
        job.status, job.started_at, job.progress, job.error = DataJobStatus.RUNNING, utcnow(), 0.0, None
        job.heartbeat_at = job.started_at
        session.commit()
        kind, event_id = job.kind, job.event_id
        try:
            with _heartbeat(job_id, database_url):
                outcome = _run(
                    session,
                    job,
                    session.get_one(Event, event_id),
                    _progress(session, job_id, kind, database_url),
                )
        except Exception as exc:
            session.rollback()
            log.exception("data job %s (%s) failed", job_id, kind)
            return _finish(
                session,
                job_id,
                DataJobStatus.FAILED,
                f"internal error ({type(exc).__name__}); nothing was written, try again",
            )
        return outcome


def _heartbeat(job_id: int, database_url: str | None) -> Heartbeat:
    """Tells :func:`matchmaker.services.data_jobs.sweep_abandoned_data_jobs` the job is still alive."""
    return Heartbeat(
        f"data-job-{job_id}",
        lambda: update(DataJob).where(DataJob.id == job_id).values(heartbeat_at=utcnow()),
        database_url,
    )


def _run(session: Session, job: DataJob, event: Event, on_progress: OnProgress) -> str:
    if job.kind == DataJobKind.EXPORT:
        data = export_file(session, event, on_progress)
        job = session.get_one(DataJob, job.id)
        job.payload, job.filename = data, f"{event.slug}-attendees.csv"
        return _finish(session, job.id, DataJobStatus.SUCCEEDED, None)
    data = job.payload or b""
    if job.kind == DataJobKind.CHECK:
        report = check_file(session, event, data, on_progress)
        session.get_one(DataJob, job.id).report = report.as_json()
        return _finish(session, job.id, DataJobStatus.SUCCEEDED, None)
    report = import_file(session, event, data, on_progress)
    if not report.ok:  # the event changed since the dry run (an address registered meanwhile)
        session.rollback()
        session.get_one(DataJob, job.id).report = report.as_json()
        return _finish(session, job.id, DataJobStatus.FAILED, "problems")
    job = session.get_one(DataJob, job.id)
    job.report = report.as_json() | {"imported": report.rows}
    job.payload = None  # imported: the upload isn't needed any more
    return _finish(session, job.id, DataJobStatus.SUCCEEDED, None)


def _progress(session: Session, job_id: int, kind: str, database_url: str | None) -> OnProgress:
    last = [0.0]
    sqlite = session.get_bind().dialect.name == "sqlite"

    def write(share: float) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY_SECONDS:
            return
        last[0] = now
        statement = update(DataJob).where(DataJob.id == job_id).values(progress=round(min(1.0, share), 4))
        if kind == DataJobKind.CHECK or (kind == DataJobKind.IMPORT and share <= 0.5):
            session.execute(statement)  # nothing else is pending: committing keeps nothing half-done
            session.commit()
        elif not sqlite:
            # The import's rows stay uncommitted in `session`; the export reads through an open cursor.
            with job_session(database_url) as own:
                own.execute(statement)
                own.commit()

    return write


def _finish(session: Session, job_id: int, status: DataJobStatus, error: str | None) -> str:
    job = session.get_one(DataJob, job_id)
    job.status, job.error, job.finished_at = status, error, utcnow()
    if status == DataJobStatus.SUCCEEDED:
        job.progress = 1.0
    session.commit()
    return str(status)
