from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.db.models import MeetingRequest, RequestStatus
from matchmaker.services import requests as service
from matchmaker.services.requests import RequestError, RequestProblem
from tests.integration.attendee_support import attendee_with_link, csrf_client, event_with_interests, mails_to

NOW = datetime(2027, 5, 10, 9, 0, tzinfo=UTC)


def _help_link(_attendee: object) -> str:
    return "http://fair.test/lost-link"


def test_request_is_stored_with_expiry_and_recipient_is_told(db_session: Session) -> None:
    event = event_with_interests(db_session)
    event.request_expiry_hours = 24
    anna, _ = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(db_session, event, name="Boris")

    outcome = service.send_request(db_session, anna, boris.id, "Let's talk cups", _help_link, now=NOW)

    assert outcome.became_acceptance is False
    assert outcome.request.status == RequestStatus.REQUESTED
    assert outcome.request.expires_at == NOW + timedelta(hours=24)
    [mail] = mails_to(db_session, boris.email or "")
    assert "Anna" in mail.subject
    assert "Let's talk cups" in mail.body


def test_counter_request_becomes_an_acceptance(db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, _ = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)
    first = service.send_request(db_session, anna, boris.id, "", _help_link, now=NOW).request

    outcome = service.send_request(db_session, boris, anna.id, "", _help_link, now=NOW)

    assert outcome.became_acceptance is True
    assert outcome.request.id == first.id
    assert first.status == RequestStatus.ACCEPTED
    assert db_session.query(MeetingRequest).count() == 1
    assert service.agreed_partner_ids(db_session, anna) == {boris.id}


def test_outgoing_requests_are_capped_by_the_event(db_session: Session) -> None:
    event = event_with_interests(db_session)
    event.request_cap = 2
    anna, _ = attendee_with_link(db_session, event)
    others = [attendee_with_link(db_session, event)[0] for _ in range(3)]
    for other in others[:2]:
        service.send_request(db_session, anna, other.id, "", _help_link, now=NOW)

    with pytest.raises(RequestError) as refused:
        service.send_request(db_session, anna, others[2].id, "", _help_link, now=NOW)

    assert refused.value.problem == RequestProblem.CAP_REACHED
    assert refused.value.cap == 2


def test_cancelling_a_request_frees_a_place_under_the_cap(db_session: Session) -> None:
    event = event_with_interests(db_session)
    event.request_cap = 1
    anna, _ = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)
    carla, _ = attendee_with_link(db_session, event)
    sent = service.send_request(db_session, anna, boris.id, "", _help_link, now=NOW).request

    service.cancel(db_session, anna, sent.id, now=NOW)
    again = service.send_request(db_session, anna, carla.id, "", _help_link, now=NOW)

    assert sent.status == RequestStatus.CANCELLED
    assert again.request.to_attendee_id == carla.id


def test_unanswered_request_expires_and_can_no_longer_be_accepted(db_session: Session) -> None:
    event = event_with_interests(db_session)
    event.request_expiry_hours = 48
    anna, _ = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)
    sent = service.send_request(db_session, anna, boris.id, "", _help_link, now=NOW).request

    with pytest.raises(RequestError) as refused:
        service.accept(db_session, boris, sent.id, _help_link, now=NOW + timedelta(hours=49))

    assert refused.value.problem == RequestProblem.NOT_OPEN
    db_session.refresh(sent)
    assert sent.status == RequestStatus.EXPIRED


def test_only_the_recipient_can_accept(db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, _ = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)
    sent = service.send_request(db_session, anna, boris.id, "", _help_link, now=NOW).request

    with pytest.raises(RequestError) as refused:
        service.accept(db_session, anna, sent.id, _help_link, now=NOW)

    assert refused.value.problem == RequestProblem.NOT_FOUND


def test_request_to_someone_who_excluded_my_company_is_refused(db_session: Session) -> None:
    from matchmaker.db.models import Exclusion

    event = event_with_interests(db_session)
    anna, _ = attendee_with_link(db_session, event, company="Rival Cups")
    boris, _ = attendee_with_link(db_session, event)
    db_session.add(Exclusion(event_id=event.id, attendee_id=boris.id, excluded_company="rival cups"))
    db_session.flush()

    with pytest.raises(RequestError) as refused:
        service.send_request(db_session, anna, boris.id, "", _help_link, now=NOW)

    assert refused.value.problem == RequestProblem.NOT_AVAILABLE


def test_request_to_another_events_attendee_is_refused(db_session: Session) -> None:
    anna, _ = attendee_with_link(db_session, event_with_interests(db_session))
    stranger, _ = attendee_with_link(db_session, event_with_interests(db_session))

    with pytest.raises(RequestError) as refused:
        service.send_request(db_session, anna, stranger.id, "", _help_link, now=NOW)

    assert refused.value.problem == RequestProblem.UNKNOWN_PERSON


def test_request_accept_flow_through_the_pages_shows_email_only_after_agreement(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    _, anna_page = attendee_with_link(db_session, event, name="Anna", email="anna@fair.test")
    boris, boris_page = attendee_with_link(db_session, event, name="Boris", email="boris@fair.test")
    db_session.commit()
    client = csrf_client(app)

    client.post(f"{anna_page}/people/{boris.id}/request", data={"message": "Coffee?"})
    before = client.get(f"{boris_page}/requests").get_data(as_text=True)
    [request] = db_session.query(MeetingRequest).all()
    client.post(f"{boris_page}/requests/{request.id}/accept")
    after_for_anna = client.get(f"{anna_page}/requests").get_data(as_text=True)
    agenda_for_anna = client.get(f"{anna_page}/agenda").get_data(as_text=True)

    assert "Coffee?" in before
    assert "anna@fair.test" not in before
    assert "boris@fair.test" in after_for_anna
    assert "Accepted" in after_for_anna
    assert "Agreed, to be scheduled" in agenda_for_anna
    assert "Boris" in agenda_for_anna


def test_cap_message_is_shown_on_the_page(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    event.request_cap = 1
    _, anna_page = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)
    carla, _ = attendee_with_link(db_session, event)
    db_session.commit()
    client = csrf_client(app)
    client.post(f"{anna_page}/people/{boris.id}/request", data={"message": ""})

    response = client.post(
        f"{anna_page}/people/{carla.id}/request", data={"message": ""}, follow_redirects=True
    )

    assert "limit of 1 open meeting requests" in response.get_data(as_text=True)


def test_stale_form_on_a_personal_page_leads_back_to_it(client: FlaskClient, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, anna_page = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)
    db_session.commit()

    response = client.post(f"{anna_page}/people/{boris.id}/request", data={"message": "hi"})

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The form had expired" in page
    assert f'href="{anna_page}"' in page
    assert db_session.query(MeetingRequest).count() == 0


def test_requests_wait_for_the_published_schedule_when_the_event_says_so(db_session: Session) -> None:
    from matchmaker.db.models import ScheduleRun

    event = event_with_interests(db_session)
    event.requests_before_schedule = False
    anna, _ = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)

    with pytest.raises(RequestError) as refused:
        service.send_request(db_session, anna, boris.id, "", _help_link, now=NOW)
    db_session.add(ScheduleRun(event_id=event.id, status="succeeded", progress=1.0, published_at=NOW))
    db_session.flush()
    allowed = service.send_request(db_session, anna, boris.id, "", _help_link, now=NOW)

    assert refused.value.problem == RequestProblem.REQUESTS_CLOSED
    assert allowed.request.status == RequestStatus.REQUESTED


def test_an_overdue_request_reads_as_expired_on_the_page_and_in_the_api_without_a_write(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    event.request_expiry_hours = 48
    anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    boris, boris_page = attendee_with_link(db_session, event, name="Boris")
    two_days_ago = datetime.now(UTC) - timedelta(hours=50)
    sent = service.send_request(db_session, anna, boris.id, "Coffee?", _help_link, now=two_days_ago).request
    db_session.commit()
    client = csrf_client(app)

    boris_sees = client.get(f"{boris_page}/requests").get_data(as_text=True)
    anna_sees = client.get(f"{anna_page}/requests").get_data(as_text=True)
    boris_token = boris_page.rsplit("/", 1)[1]
    from_api = client.get("/api/v1/me/requests", headers={"Authorization": f"Bearer {boris_token}"})
    recommendations = client.get(anna_page)

    assert "Expired without an answer" in boris_sees
    assert f"/requests/{sent.id}/accept" not in boris_sees
    assert "Open requests: 0 of" in anna_sees
    assert [r["status"] for r in from_api.get_json()["incoming"]] == ["expired"]
    assert recommendations.status_code == 200
    db_session.expire_all()
    assert db_session.get_one(MeetingRequest, sent.id).status == RequestStatus.REQUESTED  # nothing written
