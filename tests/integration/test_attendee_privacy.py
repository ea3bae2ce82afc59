from __future__ import annotations

import json

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Meeting, MeetingRequest, MeetingSource, OutboxMail
from matchmaker.services.requests import send_request
from tests.integration.attendee_support import attendee_with_link, csrf_client, event_with_interests, mails_to


def test_my_data_download_holds_profile_requests_and_meetings(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna", offers="Cups")
    boris, _ = attendee_with_link(db_session, event, name="Boris")
    send_request(db_session, anna, boris.id, "Hello Boris", lambda _a: "http://x/lost-link")
    db_session.add(
        Meeting.between(
            anna.id,
            boris.id,
            event_id=event.id,
            slot_id=event.slots[0].id,
            table_id=event.tables[0].id,
            source=MeetingSource.AUTO,
        )
    )
    db_session.commit()

    response = csrf_client(app).get(f"{anna_page}/data.json")

    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    document = json.loads(response.data)
    assert document["profile"]["name"] == "Anna"
    assert document["profile"]["offers"] == "Cups"
    assert document["profile"]["consent_at"] is not None
    assert document["meeting_requests"][0]["message"] == "Hello Boris"
    assert document["meeting_requests"][0]["other_person"] == "Boris"
    assert document["meetings"][0]["with"] == "Boris"
    assert "token_hash" not in json.dumps(document)


def test_deleting_my_profile_cancels_meetings_and_tells_partners(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(db_session, event, name="Boris", email="boris@fair.test")
    send_request(db_session, boris, anna.id, "", lambda _a: "http://x/lost-link")
    db_session.add(
        Meeting.between(
            anna.id,
            boris.id,
            event_id=event.id,
            slot_id=event.slots[0].id,
            table_id=event.tables[0].id,
            source=MeetingSource.AUTO,
        )
    )
    db_session.commit()
    anna_id, anna_email = anna.id, anna.email

    response = csrf_client(app).post(f"{anna_page}/data", data={"confirm": "y"})

    assert response.status_code == 200
    assert "Your profile is deleted" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Attendee, anna_id) is None
    assert db_session.scalars(select(Meeting)).all() == []
    assert db_session.scalars(select(MeetingRequest)).all() == []
    told = [m for m in mails_to(db_session, "boris@fair.test") if m.kind == "meeting_cancelled"]
    assert len(told) == 1 and event.tables[0].name in told[0].body
    assert "Anna" not in told[0].subject + told[0].body  # the outbox keeps no trace of who left
    assert db_session.scalars(select(OutboxMail).where(OutboxMail.to_address == anna_email)).all() == []
    assert csrf_client(app).get(anna_page).status_code == 404


def test_deleting_needs_the_confirmation_box(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event)
    db_session.commit()

    for data in ({}, {"confirm": "n"}, {"confirm": "0"}, {"confirm": "no"}):
        response = csrf_client(app).post(f"{anna_page}/data", data=data)

        assert response.status_code == 422
        assert "Tick the box" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get(Attendee, anna.id) is not None
