"""A data job whose worker is killed mid-import writes nothing and is failed (retryable by uploading
again) once its heartbeat goes silent, by the next job's start or by the day tick; a live job is not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, DataJob, DataJobKind, DataJobStatus, Event
from matchmaker.db.types import utcnow
from matchmaker.jobs.day_tick import run_tick
from matchmaker.services.data_jobs import LEASE_TIMEOUT, QUEUE_TIMEOUT, sweep_abandoned_data_jobs
from tests.factories import make_event

WORKER = (
    "import sys; from matchmaker.jobs.data_jobs import run_data_job; "
    "run_data_job(int(sys.argv[1]), sys.argv[2])"
)
HEADER = "id,name,email,company,offers,seeks,unavailable\n"


def _file(rows: int) -> bytes:
    lines = (
        f"p{i},Person {i},p{i}@killed.test,Firma {i % 40 or ''},Cups; lids,Coffee beans,\n"
        for i in range(1, rows + 1)
    )
    return (HEADER + "".join(lines)).encode()


def _attendees(session: Session, event: Event) -> int:
    session.expire_all()
    return int(
        session.scalar(select(func.count()).select_from(Attendee).where(Attendee.event_id == event.id)) or 0
    )


def test_a_killed_import_writes_nothing_and_is_failed_once_silent(
    db_session: Session, database_url: str
) -> None:
    event = make_event(db_session)
    job = DataJob(event_id=event.id, kind=DataJobKind.IMPORT, payload=_file(20_000), filename="big.csv")
    db_session.add(job)
    db_session.commit()
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(job.id), database_url], env=os.environ | {"MATCHMAKER_DEBUG": "1"}
    )
    deadline, seen = time.monotonic() + 60, DataJobStatus.QUEUED
    while time.monotonic() < deadline and seen == DataJobStatus.QUEUED:
        time.sleep(0.05)
        db_session.expire_all()
        seen = DataJobStatus(db_session.get_one(DataJob, job.id).status)
    time.sleep(0.5)  # well into the rows
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)

    db_session.expire_all()
    still_running = db_session.get_one(DataJob, job.id).status
    not_yet = sweep_abandoned_data_jobs(db_session)  # its last beat was moments ago
    swept = sweep_abandoned_data_jobs(db_session, now=utcnow() + LEASE_TIMEOUT + timedelta(seconds=1))
    db_session.commit()
    failed = db_session.get_one(DataJob, job.id)

    assert seen == DataJobStatus.RUNNING and worker.returncode == -signal.SIGKILL
    assert still_running == DataJobStatus.RUNNING
    assert not_yet == []
    assert swept == [job.id]
    assert failed.status == DataJobStatus.FAILED and "nothing was written" in (failed.error or "")
    assert _attendees(db_session, event) == 0


def test_the_day_tick_fails_silent_and_forgotten_jobs_and_leaves_live_ones(db_session: Session) -> None:
    event = make_event(db_session)
    now = utcnow()
    silent = DataJob(
        event_id=event.id,
        kind=DataJobKind.CHECK,
        status=DataJobStatus.RUNNING,
        started_at=now - LEASE_TIMEOUT * 3,
        heartbeat_at=now - LEASE_TIMEOUT * 2,
    )
    alive = DataJob(
        event_id=event.id,
        kind=DataJobKind.CHECK,
        status=DataJobStatus.RUNNING,
        started_at=now - LEASE_TIMEOUT * 3,
        heartbeat_at=now - timedelta(seconds=5),
    )
    forgotten = DataJob(event_id=event.id, kind=DataJobKind.EXPORT, created_at=now - QUEUE_TIMEOUT * 2)
    waiting = DataJob(event_id=event.id, kind=DataJobKind.EXPORT, created_at=now - timedelta(minutes=1))
    done = DataJob(
        event_id=event.id,
        kind=DataJobKind.EXPORT,
        status=DataJobStatus.SUCCEEDED,
        created_at=now - QUEUE_TIMEOUT * 2,
        finished_at=now - QUEUE_TIMEOUT,
    )
    db_session.add_all([silent, alive, forgotten, waiting, done])
    db_session.commit()

    report = run_tick(db_session, now=now)
    db_session.expire_all()

    assert report.abandoned_jobs == 2
    assert [j.status for j in (silent, alive, forgotten, waiting, done)] == [
        DataJobStatus.FAILED,
        DataJobStatus.RUNNING,
        DataJobStatus.FAILED,
        DataJobStatus.QUEUED,
        DataJobStatus.SUCCEEDED,
    ]
