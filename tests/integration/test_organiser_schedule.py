from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Event,
    Meeting,
    MeetingStatus,
    OutboxMail,
    RunStatus,
    ScheduleRun,
    ScheduleRunLease,
)
from matchmaker.db.types import utcnow
from matchmaker.jobs.scheduling import run_schedule
from matchmaker.services import scheduling
from tests.factories import make_attendee
from tests.integration.organiser_client import csrf_token, sign_in
from tests.organiser_data import make_fair, make_organiser, recommend


def _signed_in_fair(client: FlaskClient, db_session: Session, people: int = 10) -> Event:
    event, _ = make_fair(db_session, people=people)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    return event


def _generate(app: Flask, client: FlaskClient, event: Event, **form: str) -> ScheduleRun:
    page = f"/organiser/events/{event.slug}/schedule"
    response = client.post(
        page + "/runs", data={"csrf_token": csrf_token(client, page), "time_limit": "1", **form}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    app.extensions["matchmaker.jobs"].wait_all(timeout=60)
    run_id = int(response.headers["Location"].rsplit("watch=", 1)[1])
    status = client.get(f"{page}/runs/{run_id}/status").get_json()
    assert status["status"] == "succeeded", status
    with app.app_context():
        from matchmaker.web.database import get_session

        run = get_session().get_one(ScheduleRun, run_id)
        get_session().expunge(run)
    return run


def _publish(client: FlaskClient, event: Event, run: ScheduleRun) -> None:
    page = f"/organiser/events/{event.slug}/schedule/runs/{run.id}"
    response = client.post(page + "/publish", data={"csrf_token": csrf_token(client, page)})
    assert response.status_code == 302


def _live(db_session: Session) -> list[Meeting]:
    db_session.expire_all()
    return list(db_session.scalars(select(Meeting).where(Meeting.status != MeetingStatus.CANCELLED)))


def test_generated_draft_has_figures_and_touches_no_meetings(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in_fair(client, db_session)

    run = _generate(app, client, event)

    assert run.progress == 1.0
    assert run.result is not None
    assert run.stats["meetings"] == len(run.result["meetings"]) > 0
    assert sum(run.stats["score_histogram"]) == run.stats["meetings"]
    assert sum(run.stats["per_slot"].values()) == run.stats["meetings"]
    assert _live(db_session) == []
    html = client.get(f"/organiser/events/{event.slug}/schedule/runs/{run.id}").get_data(as_text=True)
    assert "Score distribution" in html and "Occupancy" in html


def test_publishing_creates_meetings_and_mails_everyone_affected(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in_fair(client, db_session)
    run = _generate(app, client, event)

    _publish(client, event, run)

    meetings = _live(db_session)
    assert len(meetings) == run.stats["meetings"]
    people = {p for m in meetings for p in (m.attendee_a_id, m.attendee_b_id)}
    mails = db_session.scalar(
        select(func.count()).select_from(OutboxMail).where(OutboxMail.kind == "schedule_changed")
    )
    assert mails == len(people)


def test_rerun_after_late_registration_keeps_published_meetings(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in_fair(client, db_session)
    _publish(client, event, _generate(app, client, event))
    before = {(m.id, m.slot_id, m.table_id) for m in _live(db_session)}
    late = [make_attendee(db_session, event) for _ in range(2)]
    recommend(db_session, late, per_person=1, seed=5)
    db_session.commit()

    _publish(client, event, _generate(app, client, event))

    after = {(m.id, m.slot_id, m.table_id) for m in _live(db_session)}
    assert before <= after


def test_stale_draft_cannot_overwrite_a_manual_change(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in_fair(client, db_session)
    _publish(client, event, _generate(app, client, event))
    draft = _generate(app, client, event)
    meeting = _live(db_session)[0]
    meeting.status = MeetingStatus.CANCELLED
    db_session.commit()

    page = f"/organiser/events/{event.slug}/schedule/runs/{draft.id}"
    response = client.post(
        page + "/publish", data={"csrf_token": csrf_token(client, page)}, follow_redirects=True
    )

    assert "meetings changed since this draft was generated" in response.get_data(as_text=True)


def test_only_one_run_at_a_time(db_session: Session) -> None:
    event, _ = make_fair(db_session)
    scheduling.start_run(db_session, event, None)

    try:
        scheduling.start_run(db_session, event, None)
    except scheduling.SchedulingError as exc:
        assert "is still queued" in str(exc)
    else:
        raise AssertionError("two runs were started")


def test_cancel_before_start_means_the_job_does_nothing(database_url: str, db_session: Session) -> None:
    event, _ = make_fair(db_session)
    run = scheduling.start_run(db_session, event, None)
    scheduling.request_cancel(db_session, run)
    db_session.commit()

    assert run_schedule(run.id, database_url) == "skipped"
    db_session.expire_all()
    assert (run.status, run.result) == (RunStatus.CANCELLED, None)


def test_abandoned_run_is_marked_failed_and_can_be_retried(database_url: str, db_session: Session) -> None:
    event, _ = make_fair(db_session)
    run = scheduling.start_run(db_session, event, None)
    run.status, run.started_at = RunStatus.RUNNING, utcnow() - timedelta(minutes=5)
    db_session.add(
        ScheduleRunLease(run_id=run.id, worker="gone:1", heartbeat_at=utcnow() - timedelta(minutes=5))
    )
    db_session.commit()

    swept = scheduling.sweep_abandoned_runs(db_session)
    retry = scheduling.retry_run(db_session, run, None)
    db_session.commit()

    assert swept == [run.id]
    assert run.status == RunStatus.FAILED and "worker stopped" in (run.error or "")
    assert run_schedule(retry.id, database_url) == "succeeded"


def test_compare_page_lists_figures_of_each_draft(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in_fair(client, db_session)
    first = _generate(app, client, event)
    second = _generate(app, client, event, full_replan="on")

    html = client.get(
        f"/organiser/events/{event.slug}/schedule/compare?run={first.id}&run={second.id}"
    ).get_data(as_text=True)

    assert f"Draft #{first.id}" in html and f"Draft #{second.id}" in html
    assert "Attendees without meetings" in html


def test_a_run_whose_worker_died_reads_failed_on_the_page_without_writing_and_retries(
    client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in_fair(client, db_session)
    run = scheduling.start_run(db_session, event, None)
    run.status, run.started_at = RunStatus.RUNNING, utcnow() - timedelta(minutes=5)
    db_session.add(
        ScheduleRunLease(run_id=run.id, worker="gone:1", heartbeat_at=utcnow() - timedelta(minutes=5))
    )
    db_session.commit()
    page_url = f"/organiser/events/{event.slug}/schedule"

    page = client.get(page_url).get_data(as_text=True)
    polled = client.get(f"{page_url}/runs/{run.id}/status").get_json()
    db_session.expire_all()
    stored = db_session.get_one(ScheduleRun, run.id).status
    retried = client.post(
        f"{page_url}/runs/{run.id}/retry", data={"csrf_token": csrf_token(client, page_url)}
    )
    db_session.expire_all()

    assert f'id="retry-{run.id}"' in page and f'data-run="{run.id}" data-status-url' not in page
    assert polled["status"] == RunStatus.FAILED and "worker stopped" in polled["error"]
    assert stored == RunStatus.RUNNING  # reading wrote nothing
    assert retried.status_code == 302
    assert db_session.get_one(ScheduleRun, run.id).status == RunStatus.FAILED
    assert db_session.scalar(select(func.count()).select_from(ScheduleRun)) == 2
