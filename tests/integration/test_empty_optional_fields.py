"""People who leave optional fields empty (no company, no job title, no address) use every path: meeting
requests through the page and the API in both directions, and their data export. On PostgreSQL a
stand-in value for "empty" (such as a NUL character) is refused by the database, so these run on both."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Exclusion, MeetingRequest, RequestStatus
from matchmaker.services.tokens import issue_token
from tests.integration.api_support import bearer
from tests.integration.attendee_support import attendee_with_link, csrf_client, event_with_interests

# (sender's company, recipient's company): either side, or both, without one.
COMPANIES = [("", "Acme"), ("Acme", ""), ("", "")]


@pytest.mark.parametrize(("sender_company", "recipient_company"), COMPANIES)
def test_request_on_the_page_works_without_a_company(
    app: Flask, db_session: Session, sender_company: str, recipient_company: str
) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, company=sender_company, job_title="")
    boris, boris_page = attendee_with_link(db_session, event, company=recipient_company, job_title="")
    db_session.commit()
    client = csrf_client(app)

    sent = client.post(f"{anna_page}/people/{boris.id}/request", data={"message": "Coffee?"})
    answered = client.post(f"{boris_page}/people/{anna.id}/request", data={"message": ""})

    assert sent.status_code == 302
    assert answered.status_code == 302
    db_session.expire_all()
    [request] = db_session.scalars(select(MeetingRequest)).all()
    assert (request.from_attendee_id, request.status) == (anna.id, RequestStatus.ACCEPTED)


@pytest.mark.parametrize(("sender_company", "recipient_company"), COMPANIES)
def test_request_through_the_api_works_without_a_company(
    app: Flask, db_session: Session, sender_company: str, recipient_company: str
) -> None:
    event = event_with_interests(db_session)
    anna, _ = attendee_with_link(db_session, event, company=sender_company)
    boris, _ = attendee_with_link(db_session, event, company=recipient_company)
    anna_token, boris_token = issue_token(anna), issue_token(boris)
    db_session.commit()
    client = app.test_client()

    sent = client.post("/api/v1/me/requests", headers=bearer(anna_token), json={"to_attendee_id": boris.id})
    back = client.post("/api/v1/me/requests", headers=bearer(boris_token), json={"to_attendee_id": anna.id})

    assert sent.status_code == 201, sent.get_data(as_text=True)
    assert back.status_code == 200, back.get_data(as_text=True)
    assert back.get_json()["became_acceptance"] is True


def test_company_rule_still_refuses_when_the_sender_has_no_company(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, _ = attendee_with_link(db_session, event, company="")
    boris, _ = attendee_with_link(db_session, event, company="Rival Cups")
    db_session.add(Exclusion(event_id=event.id, attendee_id=anna.id, excluded_company="rival cups"))
    anna_token = issue_token(anna)
    db_session.commit()

    refused = app.test_client().post(
        "/api/v1/me/requests", headers=bearer(anna_token), json={"to_attendee_id": boris.id}
    )

    assert refused.status_code == 409
    assert db_session.scalars(select(MeetingRequest)).all() == []


def test_data_export_works_for_an_attendee_without_an_address(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _walk_in, page = attendee_with_link(
        db_session,
        event,
        name="Walk-in",
        email=None,
        company="",
        job_title="",
        sector="",
        country="",
        languages=[],
    )
    db_session.commit()

    response = csrf_client(app).get(f"{page}/data.json")

    assert response.status_code == 200
    document = json.loads(response.data)
    assert document["profile"]["email"] is None
    assert document["profile"]["company"] == ""
    assert document["mails"] == []
