"""A schedule run that fails or is killed mid-solve leaves the published schedule and every request as
they were, and the run is marked failed (retryable) once its lease goes stale."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Meeting, MeetingRequest, RequestStatus, RunStatus, ScheduleRun
from matchmaker.db.types import utcnow
from matchmaker.services.scheduling import LEASE_TIMEOUT, retry_run, start_run, sweep_abandoned_runs
from tests.organiser_data import make_fair

WORKER = (
    "import sys; from matchmaker.jobs.scheduling import run_schedule; "
    "run_schedule(int(sys.argv[1]), sys.argv[2])"
)


def _state(session: Session) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    session.expire_all()
    meetings = [
        tuple(r)
        for r in session.execute(
            select(
                Meeting.id,
                Meeting.attendee_a_id,
                Meeting.attendee_b_id,
                Meeting.slot_id,
                Meeting.table_id,
                Meeting.status,
            ).order_by(Meeting.id)
        )
    ]
    requests = [
        tuple(r)
        for r in session.execute(select(MeetingRequest.id, MeetingRequest.status).order_by(MeetingRequest.id))
    ]
    return meetings, requests


def _published_fair(session: Session) -> ScheduleRun:
    event, people = make_fair(session, people=80, slots=10, tables=12, slug="killed")
    for index in range(0, 20, 2):
        session.add(
            MeetingRequest(
                event_id=event.id,
                from_attendee_id=people[index].id,
                to_attendee_id=people[index + 1].id,
                status=RequestStatus.ACCEPTED,
            )
        )
    for index in range(30, 40, 2):
        session.add(
            Meeting.between(
                people[index].id,
                people[index + 1].id,
                event_id=event.id,
                slot_id=event.slots[index % 10].id,
                table_id=event.tables[0].id,
            )
        )
    run = start_run(session, event, None, full_replan=True, time_limit=60)
    session.commit()
    return run


def test_concurrency_killed_run_leaves_schedule_and_requests_intact(
    db_session: Session, database_url: str
) -> None:
    run = _published_fair(db_session)
    before = _state(db_session)
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(run.id), database_url], env=os.environ | {"MATCHMAKER_DEBUG": "1"}
    )
    deadline, seen = time.monotonic() + 60, RunStatus.QUEUED
    while time.monotonic() < deadline and seen == RunStatus.QUEUED:
        time.sleep(0.05)
        db_session.expire_all()
        seen = RunStatus(db_session.get_one(ScheduleRun, run.id).status)
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=30)

    swept = sweep_abandoned_runs(db_session, now=utcnow() + LEASE_TIMEOUT + timedelta(seconds=1))
    db_session.commit()
    after = _state(db_session)
    killed = db_session.get_one(ScheduleRun, run.id)
    retried = retry_run(db_session, killed, None)

    assert seen == RunStatus.RUNNING  # killed mid-solve, not before or after
    assert worker.returncode == -signal.SIGKILL
    assert swept == [run.id]
    assert killed.status == RunStatus.FAILED
    assert killed.published_at is None
    assert "published schedule is unchanged" in (killed.error or "")
    assert after == before
    assert retried.status == RunStatus.QUEUED
