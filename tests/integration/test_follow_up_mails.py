"""After the event each side of a connection gets one short mail with the other's contact details:
in their language, only once the event is over, never twice (also with two senders at once)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.engine import make_session_factory
from matchmaker.db.models import Attendee, Event, Meeting, MeetingFeedback, MeetingSource, OutboxMail
from matchmaker.jobs.follow_up import send_due, send_due_follow_up_mails
from matchmaker.services.follow_up import MAIL_KIND, event_over_at, send_follow_up_mails
from tests.factories import make_event
from tests.integration.attendee_support import attendee_with_link, csrf_client, mails_to
from tests.integration.organiser_client import sign_in
from tests.organiser_data import make_organiser

LOST_LINK = "https://fair.test/lost-link"


def _connected(
    session: Session, event: Event, a: Attendee, b: Attendee, slot: int = 0, b_wants: bool = True
) -> Meeting:
    meeting = Meeting.between(
        a.id,
        b.id,
        event_id=event.id,
        slot_id=event.slots[slot].id,
        table_id=event.tables[0].id,
        source=MeetingSource.AUTO,
    )
    session.add(meeting)
    session.flush()
    session.add_all(
        [
            MeetingFeedback(meeting_id=meeting.id, attendee_id=a.id, took_place=True, wants_follow_up=True),
            MeetingFeedback(
                meeting_id=meeting.id, attendee_id=b.id, took_place=True, wants_follow_up=b_wants
            ),
        ]
    )
    session.flush()
    return meeting


def _just_over(event: Event) -> None:
    """Move the event's slots so that its last one ended an hour ago."""
    shift = datetime.now(UTC) - timedelta(hours=1) - max(slot.end for slot in event.slots)
    for slot in event.slots:
        slot.start, slot.end = slot.start + shift, slot.end + shift


def _fair(session: Session) -> tuple[Event, Attendee, Attendee]:
    event = make_event(session)
    anna, _ = attendee_with_link(
        session,
        event,
        name="Anna",
        email="anna@ecocup.test",
        company="EcoCup",
        job_title="Head of sales",
        locale="pl",
    )
    boris, _ = attendee_with_link(
        session,
        event,
        name="Boris",
        email="boris@roastery.test",
        company="Roastery",
        job_title="Buyer",
        locale="en",
    )
    _connected(session, event, anna, boris)
    session.commit()
    return event, anna, boris


def test_follow_up_mail_goes_to_both_after_the_event_with_the_others_details(db_session: Session) -> None:
    event, _, _ = _fair(db_session)
    after = event_over_at(db_session, event) + timedelta(minutes=5)

    sent = send_follow_up_mails(db_session, event, LOST_LINK, now=after)
    db_session.commit()

    assert sent == 2
    [to_anna] = mails_to(db_session, "anna@ecocup.test")
    [to_boris] = mails_to(db_session, "boris@roastery.test")
    assert to_anna.kind == MAIL_KIND
    assert "Boris, Buyer, Roastery" in to_anna.body and "boris@roastery.test" in to_anna.body
    assert "Anna, Head of sales, EcoCup" in to_boris.body and "anna@ecocup.test" in to_boris.body
    assert LOST_LINK in to_boris.body
    # Each in their own language: Anna reads Polish, Boris English.
    assert "Your new contacts" in to_boris.subject
    assert "Your new contacts" not in to_anna.subject


def test_no_follow_up_mail_before_the_event_is_over_or_long_after(db_session: Session) -> None:
    event, _, _ = _fair(db_session)
    over = event_over_at(db_session, event)

    during = send_follow_up_mails(db_session, event, LOST_LINK, now=over - timedelta(minutes=1))
    season_later = send_follow_up_mails(db_session, event, LOST_LINK, now=over + timedelta(days=45))

    assert (during, season_later) == (0, 0)
    assert db_session.scalars(select(OutboxMail)).all() == []


def test_follow_up_mail_is_never_sent_twice_and_late_feedback_is_mailed_later(db_session: Session) -> None:
    event, anna, _ = _fair(db_session)
    after = event_over_at(db_session, event) + timedelta(minutes=5)
    send_follow_up_mails(db_session, event, LOST_LINK, now=after)
    db_session.commit()

    again = send_due_follow_up_mails(db_session, LOST_LINK, now=after + timedelta(minutes=5))
    carla, _ = attendee_with_link(db_session, event, name="Carla", email="carla@cups.test")
    _connected(db_session, event, anna, carla, slot=1)
    db_session.commit()
    later = send_due_follow_up_mails(db_session, LOST_LINK, now=after + timedelta(hours=3))

    assert again == 0
    assert later == 2  # Anna (about Carla only) and Carla
    to_anna = mails_to(db_session, "anna@ecocup.test")
    assert len(to_anna) == 2
    assert "Carla" in to_anna[1].body and "Boris" not in to_anna[1].body


def test_one_sided_wishes_and_attendees_without_an_address_get_no_mail(db_session: Session) -> None:
    event = make_event(db_session)
    anna, _ = attendee_with_link(db_session, event, name="Anna", email="anna@ecocup.test")
    boris, _ = attendee_with_link(db_session, event, name="Boris", email="boris@roastery.test")
    walk_in, _ = attendee_with_link(db_session, event, name="Walk-in", email=None)
    _connected(db_session, event, anna, boris, b_wants=False)
    _connected(db_session, event, anna, walk_in, slot=1)
    db_session.commit()

    sent = send_follow_up_mails(
        db_session, event, LOST_LINK, now=event_over_at(db_session, event) + timedelta(minutes=1)
    )

    assert sent == 1
    [to_anna] = mails_to(db_session, "anna@ecocup.test")
    assert "Walk-in" in to_anna.body and "Boris" not in to_anna.body
    assert mails_to(db_session, "boris@roastery.test") == []


def test_two_senders_at_once_write_each_mail_once(engine: Engine, db_session: Session) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("real concurrent transactions: runs on PostgreSQL (SQLite serialises writers)")
    event = make_event(db_session)
    people = [
        attendee_with_link(db_session, event, name=f"P{i}", email=f"p{i}@fair.test")[0] for i in range(8)
    ]
    for i in range(0, 8, 2):
        _connected(db_session, event, people[i], people[i + 1], slot=i // 2)
    db_session.commit()
    after = event_over_at(db_session, event) + timedelta(minutes=1)
    factory = make_session_factory(engine)
    start = threading.Barrier(4)
    counts: list[int] = []

    def run() -> None:
        with factory() as session:
            start.wait()
            counts.append(send_due_follow_up_mails(session, LOST_LINK, now=after))

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(counts) == 8
    db_session.expire_all()
    addresses = [m.to_address for m in db_session.scalars(select(OutboxMail))]
    assert sorted(addresses) == sorted(f"p{i}@fair.test" for i in range(8))


def test_second_follow_up_after_the_event_mails_the_pair_at_once(app: Flask, db_session: Session) -> None:
    event = make_event(db_session)
    _just_over(event)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna", email="anna@ecocup.test")
    boris, _ = attendee_with_link(db_session, event, name="Boris", email="boris@roastery.test")
    meeting = _connected(db_session, event, anna, boris, b_wants=True)
    db_session.execute(MeetingFeedback.__table__.delete().where(MeetingFeedback.attendee_id == anna.id))
    db_session.commit()

    response = csrf_client(app).post(
        f"{anna_page}/meetings/{meeting.id}/feedback",
        data={"took_place": "yes", "rating": "5", "wants_follow_up": "y"},
    )

    assert response.status_code == 302
    assert [m.kind for m in mails_to(db_session, "anna@ecocup.test")] == [MAIL_KIND]
    assert [m.kind for m in mails_to(db_session, "boris@roastery.test")] == [MAIL_KIND]


def test_organiser_overview_shows_the_feedback_figures(client: FlaskClient, db_session: Session) -> None:
    event, _, _ = _fair(db_session)
    for slot in event.slots:
        slot.start, slot.end = slot.start.replace(year=2020), slot.end.replace(year=2020)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)

    page = client.get(f"/organiser/events/{event.slug}?lang=en").get_data(as_text=True)

    assert "Feedback after meetings" in page
    assert "connections: both asked to follow up" in page
    assert "answers, 100% of the 2 possible" in page


def test_cli_sends_due_follow_ups_once(runner, db_session: Session) -> None:  # type: ignore[no-untyped-def]
    from matchmaker.cli import main

    event, _, _ = _fair(db_session)
    _just_over(event)
    db_session.commit()

    first = runner.invoke(main, ["send-follow-ups"])
    second = runner.invoke(main, ["send-follow-ups"])

    assert first.exit_code == 0, first.output
    assert "2 follow-up mail(s) written" in first.output
    assert "0 follow-up mail(s) written" in second.output


@dataclass(frozen=True)
class _Tick:
    now: datetime
    settings: Settings


def test_periodic_task_sends_due_follow_ups_with_the_lost_link_page(
    db_session: Session, settings: Settings
) -> None:
    event, _, _ = _fair(db_session)
    after = event_over_at(db_session, event) + timedelta(minutes=1)

    sent = send_due(db_session, _Tick(after, settings))
    again = send_due(db_session, _Tick(after + timedelta(minutes=10), settings))

    assert (sent, again) == (2, 0)
    [mail] = mails_to(db_session, "boris@roastery.test")
    assert settings.base_url + "/lost-link" in mail.body
