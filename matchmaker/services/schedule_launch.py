"""Starting a schedule run, as one use case: the run's row, then its job, enqueued once the row is
committed (the job reads the row, perhaps in another process, at once) and its queue id recorded on it.

The web pages and the API start runs through here alone; :mod:`matchmaker.services.scheduling` holds
the rules (one active run per event, a grid to schedule on).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, ScheduleRun
from matchmaker.services.background import JobQueue, enqueue_after_commit, job_args
from matchmaker.services.notices import N_, NoticeKind
from matchmaker.services.scheduling import SchedulingError, retry_run, start_run

RUN_JOB = "matchmaker.jobs.scheduling.run_schedule"
STARTED_MEANWHILE = NoticeKind(
    "started_meanwhile",
    N_("Another schedule run of this event was started at the same moment: watch it below."),
)


class RunStartedMeanwhile(SchedulingError):
    """Another run of the event was started at the same moment (the one-active-run index refused this
    one); the caller's transaction must be rolled back."""


def launch_run(
    session: Session,
    event: Event,
    organiser_id: int | None,
    queue: JobQueue,
    database_url: str | None,
    **parameters: Any,
) -> ScheduleRun:
    """Start a run of ``event`` with ``parameters`` (see :func:`start_run`) and enqueue its job after
    the commit. ``database_url`` goes to in-process jobs; Redis workers read their own (None)."""
    return _launched(
        session, queue, database_url, lambda: start_run(session, event, organiser_id, **parameters)
    )


def relaunch_run(
    session: Session, run: ScheduleRun, organiser_id: int | None, queue: JobQueue, database_url: str | None
) -> ScheduleRun:
    """A new run with the parameters of a failed or cancelled ``run``, enqueued after the commit."""
    return _launched(session, queue, database_url, lambda: retry_run(session, run, organiser_id))


def _launched(
    session: Session, queue: JobQueue, database_url: str | None, start: Callable[[], ScheduleRun]
) -> ScheduleRun:
    try:
        run = start()
    except IntegrityError:
        raise RunStartedMeanwhile(STARTED_MEANWHILE()) from None

    def record(job_id: str) -> None:
        run.job_id = job_id

    enqueue_after_commit(session, queue, RUN_JOB, job_args(run.id, database_url), record)
    return run
