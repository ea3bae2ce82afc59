"""One transaction per unit of work: actions that wait for the commit, rollbacks that drop them, and the
web edge that commits a successful request and rolls back a refused one."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from matchmaker.db.engine import make_session_factory
from matchmaker.db.models import Event, LoginAttempt, ScheduleRun
from matchmaker.db.unit_of_work import commit, rollback, unit_of_work, when_committed
from tests.factories import make_event
from tests.integration.api_support import make_world
from tests.integration.organiser_client import post_form, sign_in
from tests.organiser_data import make_fair, make_organiser


def _events_named(engine: Engine, name: str) -> int:
    """Counted on a connection of its own: what another process (a worker) would see."""
    with make_session_factory(engine)() as other:
        return int(other.scalar(select(func.count()).select_from(Event).where(Event.name == name)) or 0)


def test_an_action_runs_after_the_commit_and_sees_the_committed_rows(engine: Engine) -> None:
    seen: list[int] = []
    with unit_of_work(make_session_factory(engine)) as session:
        event = make_event(session)
        event.name = "Committed Fair"
        when_committed(session, lambda: seen.append(_events_named(engine, "Committed Fair")))
        assert seen == []

    assert seen == [1]


def test_a_rollback_drops_the_actions_waiting_for_the_commit(engine: Engine) -> None:
    ran: list[str] = []
    with make_session_factory(engine)() as session:
        make_event(session)
        when_committed(session, lambda: ran.append("enqueued"))
        rollback(session)
        make_event(session)
        commit(session)

    assert ran == []


def test_what_an_action_records_on_the_session_is_committed_too(engine: Engine) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        event = make_event(session)

        def record() -> None:
            event.name = "Named After Commit"

        when_committed(session, record)

    assert _events_named(engine, "Named After Commit") == 1


def test_an_exception_in_the_unit_of_work_leaves_nothing_and_runs_no_action(engine: Engine) -> None:
    ran: list[str] = []
    with pytest.raises(RuntimeError), unit_of_work(make_session_factory(engine)) as session:
        event = make_event(session)
        event.name = "Half Written Fair"
        when_committed(session, lambda: ran.append("enqueued"))
        raise RuntimeError("the command failed halfway")

    assert (_events_named(engine, "Half Written Fair"), ran) == (0, [])


def test_a_schedule_run_started_through_the_api_is_enqueued_once_with_its_job_id_recorded(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)

    started = client.post(
        "/api/v1/events/fair-a/schedule-runs", headers=world.organiser(), json={"time_limit": 1}
    )
    app.extensions["matchmaker.jobs"].wait_all(timeout=120)

    assert started.status_code == 202
    db_session.expire_all()
    [run] = db_session.scalars(select(ScheduleRun).where(ScheduleRun.event_id == world.event.id)).all()
    assert run.id == started.get_json()["id"]
    assert run.job_id  # the queue's id, recorded after the run's row was committed


def test_a_refused_start_on_the_schedule_page_keeps_nothing_it_wrote_before_the_refusal(
    client: FlaskClient, db_session: Session
) -> None:
    event, _ = make_fair(db_session, people=2, slots=0, tables=0)  # no grid: a run can't start
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)

    page = f"/organiser/events/{event.slug}/schedule"
    refused = post_form(client, page, f"{page}/runs", {"match_floor": "0.75", "time_limit": "5"})

    assert refused.status_code == 302
    db_session.expire_all()
    assert db_session.get_one(Event, event.id).match_floor is None  # saved first, then rolled back
    assert db_session.scalar(select(func.count()).select_from(ScheduleRun)) == 0


def test_a_failed_sign_in_is_counted_although_the_answer_is_an_error(
    client: FlaskClient, db_session: Session
) -> None:
    make_organiser(db_session, "org@example.test")
    db_session.commit()

    wrong = sign_in(client, password="not the password at all")

    assert wrong.status_code == 401
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(LoginAttempt)) >= 1
