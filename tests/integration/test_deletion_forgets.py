"""Deleting an attendee (themselves, or an organiser removing them) keeps what their partners said about
shared meetings, naming nobody, and leaves no mail in the outbox that names them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, MeetingFeedback, MeetingSource, OutboxMail
from matchmaker.services.feedback_figures import feedback_figures
from matchmaker.services.requests import send_request
from tests.integration.attendee_support import attendee_with_link, csrf_client, event_with_interests
from tests.integration.organiser_client import post_form, sign_in
from tests.organiser_data import make_organiser


def _met_yesterday(session: Session) -> tuple[Event, Attendee, str, Attendee, str]:
    """Anna and Boris met in the event's first slot (yesterday); both answered the feedback form, and
    Anna's request to Boris is in his outbox."""
    event = event_with_interests(session)
    first = event.slots[0]
    first.start = datetime.now(UTC) - timedelta(days=1)
    first.end = first.start + timedelta(minutes=20)
    anna, anna_page = attendee_with_link(
        session, event, name="Anna Kowalska", company="EcoCup", email="anna@ecocup.test"
    )
    boris, boris_page = attendee_with_link(session, event, name="Boris", email="boris@roastery.test")
    send_request(session, anna, boris.id, "Hello from Anna Kowalska", lambda _a: "http://x/lost-link")
    meeting = Meeting.between(
        anna.id,
        boris.id,
        event_id=event.id,
        slot_id=first.id,
        table_id=event.tables[0].id,
        source=MeetingSource.AUTO,
    )
    session.add(meeting)
    session.flush()
    session.add_all(
        [
            MeetingFeedback(
                meeting_id=meeting.id,
                attendee_id=anna.id,
                took_place=True,
                rating=2,
                comment="Boris was late",
            ),
            MeetingFeedback(
                meeting_id=meeting.id,
                attendee_id=boris.id,
                took_place=True,
                rating=5,
                wants_follow_up=True,
                comment="Anna Kowalska knows cups; Annabel too",
            ),
        ]
    )
    session.commit()
    return event, anna, anna_page, boris, boris_page


def _delete_by_herself(
    app: Flask, _client: FlaskClient, _event: Event, anna_page: str, _anna_id: int
) -> None:
    assert csrf_client(app).post(f"{anna_page}/data", data={"confirm": "y"}).status_code == 200


def _remove_by_organiser(_app: Flask, client: FlaskClient, event: Event, _page: str, anna_id: int) -> None:
    sign_in(client)
    page = f"/organiser/events/{event.slug}/attendees/{anna_id}"
    assert post_form(client, page, f"{page}/remove", {}).status_code == 302


DELETIONS = [
    pytest.param(_delete_by_herself, id="by-herself"),
    pytest.param(_remove_by_organiser, id="by-organiser"),
]


@pytest.mark.parametrize("deletion", DELETIONS)
def test_partners_feedback_on_a_shared_meeting_is_kept_anonymised(
    app: Flask, client: FlaskClient, db_session: Session, deletion: object
) -> None:
    event, anna, anna_page, _boris, boris_page = _met_yesterday(db_session)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    before = feedback_figures(db_session, event)

    deletion(app, client, event, anna_page, anna.id)  # type: ignore[operator]

    db_session.expire_all()
    after = feedback_figures(db_session, event)
    assert (after.answers, after.ratings[5], after.ratings[2]) == (before.answers - 1, 1, 0)
    assert after.took_place == before.took_place - 1
    export = json.loads(csrf_client(app).get(f"{boris_page}/data.json").data)
    [kept] = export["feedback_on_meetings_with_people_who_left"]
    assert (kept["rating"], kept["took_place"], kept["wants_follow_up"]) == (5, True, True)
    assert kept["comment"] == "[…] knows cups; Annabel too"
    assert "Anna" not in json.dumps(kept).replace("Annabel", "")


@pytest.mark.parametrize("deletion", DELETIONS)
def test_no_mail_to_others_names_the_deleted_person(
    app: Flask, client: FlaskClient, db_session: Session, deletion: object
) -> None:
    event, anna, anna_page, _boris, _ = _met_yesterday(db_session)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    assert any("Anna Kowalska" in m.subject + m.body for m in db_session.scalars(select(OutboxMail)))

    deletion(app, client, event, anna_page, anna.id)  # type: ignore[operator]

    db_session.expire_all()
    mails = db_session.scalars(select(OutboxMail)).all()
    assert mails, "Boris's mails stay, scrubbed"
    for mail in mails:
        text = mail.to_address + mail.subject + mail.body
        assert "Anna Kowalska" not in text
        assert "anna@ecocup.test" not in text
        assert "EcoCup" not in text
