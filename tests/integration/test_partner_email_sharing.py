"""A partner's e-mail address is shown only once both agreed to be in touch (an accepted request, both
asking to follow up, or both confirming the meeting took place), on every surface that shows partners:
the agenda page, the API's agenda, the .ics download, the calendar feed and the requests page. A
meeting the scheduler or the organisers placed is no agreement. Calendar files never carry the
personal link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Attendee,
    Event,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    RequestStatus,
)
from matchmaker.services import day_outcomes
from matchmaker.services.calendar_links import calendar_token
from tests.integration.api_support import bearer
from tests.integration.attendee_support import attendee_with_link, csrf_client, event_with_interests

BORIS = "boris@roastery.test"


def _pair(session: Session) -> tuple[Event, str, Attendee]:
    """Anna (whose page it is, remembered by event for :func:`_owner_id`) and Boris."""
    event = event_with_interests(session)
    anna, anna_page = attendee_with_link(session, event, name="Anna", email="anna@ecocup.test")
    boris, _ = attendee_with_link(session, event, name="Boris", email=BORIS, job_title="Buyer")
    _ANNA[event.id] = anna.id
    return event, anna_page, boris


def _meeting(
    session: Session,
    event: Event,
    anna_id: int,
    boris_id: int,
    source: MeetingSource,
    status: MeetingStatus = MeetingStatus.SCHEDULED,
) -> Meeting:
    meeting = Meeting.between(
        anna_id,
        boris_id,
        event_id=event.id,
        slot_id=event.slots[0].id,
        table_id=event.tables[0].id,
        source=source,
        status=status,
    )
    session.add(meeting)
    session.flush()
    return meeting


_ANNA: dict[int, int] = {}


def _owner_id(_session: Session, event: Event, _boris: Attendee) -> int:
    return _ANNA[event.id]


def _calendar_texts(client: FlaskClient, session: Session, page: str, owner_id: int) -> dict[str, str]:
    """Every surface that names the partner, as text: pages, the API's agenda and both calendars
    (their DESCRIPTION lines parsed, not grepped, so folding can't hide an address)."""
    owner = session.get_one(Attendee, owner_id)
    feed_token = calendar_token(session, owner, "test-secret")
    session.commit()
    token = page.removeprefix("/me/")
    surfaces = {
        "agenda": client.get(f"{page}/agenda").get_data(as_text=True),
        "requests": client.get(f"{page}/requests").get_data(as_text=True),
        "api": client.get("/api/v1/me/agenda", headers=bearer(token)).get_data(as_text=True),
    }
    for name, path in (("ics", f"{page}/agenda.ics"), ("feed", f"/calendar/{feed_token}.ics")):
        calendar = Calendar.from_ical(client.get(path).data)
        surfaces[name] = "\n".join(str(entry.get("description", "")) for entry in calendar.walk("VEVENT"))
    return surfaces


@pytest.mark.parametrize("source", [MeetingSource.AUTO, MeetingSource.MANUAL])
def test_a_placed_meeting_without_agreement_shows_no_address(
    app: Flask, db_session: Session, source: MeetingSource
) -> None:
    event, anna_page, boris = _pair(db_session)
    _meeting(db_session, event, _owner_id(db_session, event, boris), boris.id, source)
    db_session.commit()

    surfaces = _calendar_texts(csrf_client(app), db_session, anna_page, _owner_id(db_session, event, boris))

    assert "Boris" in surfaces["agenda"]
    assert {name: BORIS in text for name, text in surfaces.items()} == dict.fromkeys(surfaces, False)


def test_an_accepted_request_shows_the_address_where_meetings_are_shown(
    app: Flask, db_session: Session
) -> None:
    event, anna_page, boris = _pair(db_session)
    anna_id = _owner_id(db_session, event, boris)
    request = MeetingRequest(
        event_id=event.id, from_attendee_id=boris.id, to_attendee_id=anna_id, status=RequestStatus.ACCEPTED
    )
    db_session.add(request)
    db_session.flush()
    _meeting(db_session, event, anna_id, boris.id, MeetingSource.REQUEST).request_id = request.id
    db_session.commit()

    surfaces = _calendar_texts(csrf_client(app), db_session, anna_page, anna_id)

    assert BORIS in surfaces["agenda"]
    assert BORIS in surfaces["api"]
    assert BORIS in surfaces["ics"]
    assert BORIS in surfaces["requests"]
    assert BORIS not in surfaces["feed"]  # a feed lives on a calendar service's servers: no contacts


def test_both_asking_to_follow_up_shows_the_address(app: Flask, db_session: Session) -> None:
    event, anna_page, boris = _pair(db_session)
    anna_id = _owner_id(db_session, event, boris)
    meeting = _meeting(db_session, event, anna_id, boris.id, MeetingSource.AUTO)
    db_session.add_all(
        [
            MeetingFeedback(meeting_id=meeting.id, attendee_id=person, took_place=True, wants_follow_up=True)
            for person in (anna_id, boris.id)
        ]
    )
    db_session.commit()

    agenda = csrf_client(app).get(f"{anna_page}/agenda").get_data(as_text=True)

    assert BORIS in agenda


def test_one_side_asking_to_follow_up_shows_nothing(app: Flask, db_session: Session) -> None:
    event, anna_page, boris = _pair(db_session)
    anna_id = _owner_id(db_session, event, boris)
    meeting = _meeting(db_session, event, anna_id, boris.id, MeetingSource.AUTO)
    db_session.add(
        MeetingFeedback(meeting_id=meeting.id, attendee_id=anna_id, took_place=True, wants_follow_up=True)
    )
    db_session.commit()

    agenda = csrf_client(app).get(f"{anna_page}/agenda").get_data(as_text=True)

    assert BORIS not in agenda


def test_a_cancelled_meeting_in_the_calendar_file_carries_no_address(app: Flask, db_session: Session) -> None:
    event, anna_page, boris = _pair(db_session)
    anna_id = _owner_id(db_session, event, boris)
    db_session.add(
        MeetingRequest(
            event_id=event.id,
            from_attendee_id=boris.id,
            to_attendee_id=anna_id,
            status=RequestStatus.ACCEPTED,
        )
    )
    _meeting(db_session, event, anna_id, boris.id, MeetingSource.REQUEST, MeetingStatus.CANCELLED)
    db_session.commit()

    calendar = Calendar.from_ical(csrf_client(app).get(f"{anna_page}/agenda.ics").data)

    [entry] = calendar.walk("VEVENT")
    assert str(entry["status"]) == "CANCELLED"
    assert BORIS not in str(entry.get("description", ""))


def test_the_calendar_file_never_carries_the_personal_link(app: Flask, db_session: Session) -> None:
    event, anna_page, boris = _pair(db_session)
    _meeting(db_session, event, _owner_id(db_session, event, boris), boris.id, MeetingSource.AUTO)
    db_session.commit()
    token = anna_page.removeprefix("/me/")

    body = csrf_client(app).get(f"{anna_page}/agenda.ics").data

    [entry] = Calendar.from_ical(body).walk("VEVENT")
    assert token not in str(entry.get("description", ""))
    assert token.encode() not in body.replace(b"\r\n ", b"")  # unfolded: no property carries it


def test_both_confirming_the_meeting_took_place_shows_the_address_one_side_alone_does_not(
    app: Flask, db_session: Session
) -> None:
    event, anna_page, boris = _pair(db_session)
    anna = db_session.get_one(Attendee, _owner_id(db_session, event, boris))
    meeting = _meeting(db_session, event, anna.id, boris.id, MeetingSource.AUTO)
    db_session.commit()
    during = meeting.slot.start + timedelta(minutes=2)

    day_outcomes.confirm_met(db_session, boris, meeting.id, during)
    db_session.commit()
    after_one = _calendar_texts(csrf_client(app), db_session, anna_page, anna.id)
    day_outcomes.confirm_met(db_session, anna, meeting.id, during)
    db_session.commit()
    after_both = _calendar_texts(csrf_client(app), db_session, anna_page, anna.id)

    assert not any(BORIS in text for text in after_one.values())
    assert BORIS in after_both["agenda"] and BORIS in after_both["api"]
