"""Reminders before each meeting and the morning digest: in the attendee's language, each sent once,
also when two workers run at once or a worker restarts."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.engine import make_session_factory
from matchmaker.db.models import Event, OutboxMail, SentReminder
from matchmaker.jobs.day_tick import run_tick
from matchmaker.services import reminders
from tests.integration.day_support import before, fair, meet, score


def _mails(session: Session, kind: str) -> list[OutboxMail]:
    return list(session.scalars(select(OutboxMail).where(OutboxMail.kind == kind).order_by(OutboxMail.id)))


def test_a_reminder_goes_out_before_the_meeting_in_the_attendees_language(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    boris.locale = "pl"
    slot = event.slots[1]
    meet(db_session, event, anna, boris, slot)
    score(db_session, anna, boris, 0.8)
    assert reminders.send_meeting_reminders(db_session, event, before(slot, 16)) == 0
    assert reminders.send_meeting_reminders(db_session, event, before(slot, 15)) == 2
    by_address = {m.to_address: m for m in _mails(db_session, "reminder")}
    english, polish = by_address[anna.email], by_address[boris.email]  # type: ignore[index]
    assert "T01" in english.subject and boris.name in english.body and "Oat milk" in english.body
    assert anna.name in polish.body and "stolik" in polish.body.lower()


def test_a_reminder_is_never_sent_twice(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    slot = event.slots[1]
    meet(db_session, event, anna, boris, slot)
    reminders.send_meeting_reminders(db_session, event, before(slot, 15))
    db_session.commit()
    assert reminders.send_meeting_reminders(db_session, event, before(slot, 5)) == 0
    assert len(_mails(db_session, "reminder")) == 2


def test_organisers_switch_reminders_and_digest_off(db_session: Session) -> None:
    event, (anna, boris, *_rest) = fair(db_session)
    event.reminder_minutes, event.digest_time = None, None
    slot = event.slots[1]
    meet(db_session, event, anna, boris, slot)
    assert reminders.send_meeting_reminders(db_session, event, before(slot, 5)) == 0
    assert reminders.send_digests(db_session, event, before(event.slots[0], 30)) == 0


def test_the_morning_digest_lists_the_days_meetings_once(db_session: Session) -> None:
    event, (anna, boris, carla, *_rest) = fair(db_session)
    event.digest_time = "08:00"  # the first slot starts at 09:00 in Warsaw
    meet(db_session, event, anna, boris, event.slots[1])
    meet(db_session, event, anna, carla, event.slots[2])
    seven_thirty = before(event.slots[0], 90)
    assert reminders.send_digests(db_session, event, seven_thirty) == 0
    assert reminders.send_digests(db_session, event, seven_thirty + timedelta(minutes=30)) == 3
    assert reminders.send_digests(db_session, event, seven_thirty + timedelta(minutes=40)) == 0
    digest = next(m for m in _mails(db_session, "digest") if m.to_address == anna.email)
    assert boris.name in digest.body and carla.name in digest.body


def test_a_restarted_tick_resumes_without_duplicates(db_session: Session) -> None:
    event, (anna, boris, carla, dan) = fair(db_session)
    meet(db_session, event, anna, boris, event.slots[1])
    meet(db_session, event, carla, dan, event.slots[2], table=1)
    db_session.commit()
    moments = [before(event.slots[1], 14), before(event.slots[1], 13), before(event.slots[2], 14)]
    for moment in moments:
        run_tick(db_session, moment)
    # "Restarted": the same moments again, as a worker that lost track of where it was.
    for moment in moments:
        run_tick(db_session, moment)
    assert len(_mails(db_session, "reminder")) == 4
    assert len(db_session.scalars(select(SentReminder).where(SentReminder.kind == "meeting")).all()) == 4


def test_two_workers_at_once_send_each_reminder_once(
    settings: Settings, engine: Engine, db_session: Session
) -> None:
    if settings.uses_sqlite:
        pytest.skip("SQLite runs one writer at a time: races need PostgreSQL (MATCHMAKER_TEST_DATABASE_URL)")
    event, people = fair(db_session, people=12, tables=6)
    for i in range(0, 12, 2):
        meet(db_session, event, people[i], people[i + 1], event.slots[1], table=i // 2)
    db_session.commit()
    moment: datetime = before(event.slots[1], 10)
    factory = make_session_factory(engine)
    barrier = threading.Barrier(3)

    def worker() -> None:
        with factory() as session:
            barrier.wait()
            reminders.send_meeting_reminders(session, session.get_one(Event, event.id), moment)
            session.commit()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db_session.expire_all()
    addresses = [m.to_address for m in _mails(db_session, "reminder")]
    assert sorted(addresses) == sorted(p.email for p in people)


def test_the_tick_command_runs_once_and_says_what_it_did(runner: object, engine: Engine) -> None:
    from click.testing import CliRunner

    from matchmaker.cli import main

    assert isinstance(runner, CliRunner)
    result = runner.invoke(main, ["tick"])
    assert result.exit_code == 0, result.output
    assert "no-show(s)" in result.output and "reminder(s)" in result.output


def test_the_tick_command_refuses_a_pause_longer_than_a_day(runner: object, engine: Engine) -> None:
    from click.testing import CliRunner

    from matchmaker.cli import main

    assert isinstance(runner, CliRunner)
    result = runner.invoke(main, ["tick", "--every", "99999999999999999999"])

    assert result.exit_code == 2
    assert "Invalid value for '--every'" in result.output
    assert "no-show(s)" not in result.output  # refused before any tick
