from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree

from flask import Flask
from icalendar import Calendar
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Meeting,
    MeetingRequest,
    MeetingSource,
    MeetingStatus,
    Recommendation,
    RequestStatus,
)
from tests.integration.attendee_support import (
    attendee_with_link,
    choose_language,
    csrf_client,
    event_with_interests,
)


def _meeting(session: Session, event, a: int, b: int, slot: int = 0, table: int = 0) -> Meeting:  # type: ignore[no-untyped-def]
    meeting = Meeting.between(
        a,
        b,
        event_id=event.id,
        slot_id=event.slots[slot].id,
        table_id=event.tables[table].id,
        source=MeetingSource.AUTO,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _meeting_in(session: Session, year: int) -> tuple[str, Meeting]:
    """Anna's page and her meeting with Boris, with the event moved to ``year``."""
    event = event_with_interests(session)
    for slot in event.slots:
        slot.start = slot.start.replace(year=year)
        slot.end = slot.end.replace(year=year)
    anna, anna_page = attendee_with_link(session, event)
    boris, _ = attendee_with_link(session, event)
    meeting = _meeting(session, event, anna.id, boris.id)
    session.commit()
    return anna_page, meeting


def _past_meeting(session: Session) -> tuple[str, Meeting]:
    """A meeting that has taken place (so feedback is open)."""
    return _meeting_in(session, 2020)


def test_agenda_lists_meetings_in_venue_time_with_table_partner_email_and_reasons(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(
        db_session, event, name="Boris", company="Roastery", email="boris@fair.test"
    )
    _meeting(db_session, event, anna.id, boris.id, slot=1, table=1)
    # Boris asked and Anna accepted: both agreed, so the address is shown.
    db_session.add(
        MeetingRequest(
            event_id=event.id,
            from_attendee_id=boris.id,
            to_attendee_id=anna.id,
            status=RequestStatus.ACCEPTED,
        )
    )
    db_session.add(
        Recommendation(
            attendee_id=anna.id,
            candidate_id=boris.id,
            rank=1,
            score=0.8,
            reasons=[
                {"kind": "shared_interests", "yours": [], "theirs": [], "codes": ["coffee"]},
                {"kind": "they_offer", "yours": ["green beans"], "theirs": ["roasted beans"], "codes": []},
            ],
        )
    )
    db_session.commit()

    page = csrf_client(app).get(f"{anna_page}/agenda?lang=en").get_data(as_text=True)
    polish = csrf_client(app).get(f"{anna_page}/agenda?lang=pl").get_data(as_text=True)

    # Slot 2 starts 07:20 UTC = 09:20 in Warsaw (CEST).
    assert "09:20–09:40" in page
    assert "Table T02" in page
    assert "Boris" in page and "Roastery" in page
    assert "boris@fair.test" in page
    assert "You both work on Coffee" in page
    assert "You seek: green beans — they offer: roasted beans" in page
    assert "Oboje zajmujecie się: Kawa" in polish
    assert "Tuesday, 18 May 2027" in page


def test_agenda_dates_follow_the_chosen_language(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event)
    _meeting(db_session, event, anna.id, boris.id)
    db_session.commit()
    client = csrf_client(app)

    polish = client.get(f"{anna_page}/agenda?lang=pl").get_data(as_text=True)
    russian = client.get(f"{anna_page}/agenda?lang=ru").get_data(as_text=True)

    assert "wtorek, 18 maja 2027" in polish
    assert "вторник, 18 мая 2027" in russian


def test_calendar_download_parses_and_keeps_uids_across_downloads(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event)
    boris, _ = attendee_with_link(db_session, event, name="Boris")
    carla, _ = attendee_with_link(db_session, event, name="Carla")
    _meeting(db_session, event, anna.id, boris.id, slot=0)
    moved = _meeting(db_session, event, anna.id, carla.id, slot=2)
    db_session.commit()
    client = csrf_client(app)

    first = client.get(f"{anna_page}/agenda.ics")
    moved.status = MeetingStatus.CANCELLED
    db_session.commit()
    second = client.get(f"{anna_page}/agenda.ics")

    assert first.mimetype == "text/calendar"
    assert "attachment" in first.headers["Content-Disposition"]
    before = {str(e["UID"]): e for e in Calendar.from_ical(first.data).walk("VEVENT")}
    after = {str(e["UID"]): e for e in Calendar.from_ical(second.data).walk("VEVENT")}
    assert set(before) == set(after) and len(before) == 2
    statuses = sorted(str(e["STATUS"]) for e in after.values())
    assert statuses == ["CANCELLED", "CONFIRMED"]
    starts = sorted(e.decoded("DTSTART") for e in before.values())
    assert starts[0].astimezone(UTC) == datetime(2027, 5, 18, 7, 0, tzinfo=UTC)
    assert all(e["DTSTART"].params["TZID"] == "Europe/Warsaw" for e in before.values())


def test_qr_code_is_an_svg_image(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, anna_page = attendee_with_link(db_session, event)
    db_session.commit()

    response = csrf_client(app).get(f"{anna_page}/qr.svg")

    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    # A browser renders an SVG file in <img> only with its namespace: parse it as a browser would.
    root = ElementTree.fromstring(response.data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_personal_pages_are_not_cached_and_do_not_leak_the_link(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, anna_page = attendee_with_link(db_session, event)
    db_session.commit()

    response = csrf_client(app).get(f"{anna_page}/agenda")

    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_feedback_after_a_meeting_is_saved(app: Flask, db_session: Session) -> None:
    from matchmaker.db.models import MeetingFeedback

    anna_page, meeting = _past_meeting(db_session)
    client = csrf_client(app)

    response = client.post(
        f"{anna_page}/meetings/{meeting.id}/feedback",
        data={"took_place": "yes", "rating": "4", "wants_follow_up": "y", "comment": "Great"},
        follow_redirects=True,
    )

    assert "Thank you for your feedback" in response.get_data(as_text=True)
    saved = db_session.query(MeetingFeedback).one()
    assert (saved.took_place, saved.rating, saved.wants_follow_up, saved.comment) == (True, 4, True, "Great")


def test_feedback_before_the_meeting_is_refused(app: Flask, db_session: Session) -> None:
    anna_page, meeting = _meeting_in(db_session, 2099)

    response = csrf_client(app).post(
        f"{anna_page}/meetings/{meeting.id}/feedback",
        data={"took_place": "yes", "rating": "5"},
        follow_redirects=True,
    )

    assert "once the meeting has started" in response.get_data(as_text=True)


def test_agenda_page_shows_every_change_at_once(app: Flask, db_session: Session) -> None:
    """The page is rendered once per version of its data: each kind of change must make a new version."""
    from matchmaker.db.models import MeetingFeedback

    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(db_session, event, name="Boris", company="Roastery")
    meeting = _meeting(db_session, event, anna.id, boris.id, slot=0, table=0)
    db_session.commit()
    client = csrf_client(app)

    def page() -> str:
        return client.get(f"{anna_page}/agenda?lang=en").get_data(as_text=True)

    assert "Table T01" in page() and "Table T01" in page()  # the second one comes from the cache
    event.tables[0].name = "Blue 1"  # tables have no timestamp: the page must still notice
    db_session.commit()
    assert "Table Blue 1" in page()
    boris.company = "Coffee Lab"
    db_session.commit()
    assert "Coffee Lab" in page() and "Roastery" not in page()
    meeting.slot_id = event.slots[1].id
    db_session.commit()
    assert "09:20–09:40" in page()
    db_session.add(MeetingFeedback(meeting_id=meeting.id, attendee_id=anna.id, took_place=True))
    db_session.commit()
    assert "Your feedback is saved." in page()
    meeting.status = MeetingStatus.CANCELLED
    db_session.commit()
    assert "Boris" not in page() and "No meetings yet" in page()


def test_agreed_meeting_waits_in_its_own_list_until_it_is_scheduled(app: Flask, db_session: Session) -> None:

    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(db_session, event, name="Boris", email="boris@fair.test")
    db_session.add(
        MeetingRequest(
            event_id=event.id,
            from_attendee_id=boris.id,
            to_attendee_id=anna.id,
            status=RequestStatus.ACCEPTED,
            responded_at=datetime.now(UTC),
        )
    )
    db_session.commit()
    client = csrf_client(app)

    waiting = client.get(f"{anna_page}/agenda?lang=en").get_data(as_text=True)
    assert "Agreed, to be scheduled" in waiting and "boris@fair.test" in waiting

    _meeting(db_session, event, anna.id, boris.id, slot=2)
    db_session.commit()
    scheduled = client.get(f"{anna_page}/agenda?lang=en").get_data(as_text=True)
    assert "Agreed, to be scheduled" not in scheduled
    assert "Boris" in scheduled and "Table T01" in scheduled


def test_a_message_on_the_agenda_is_shown_once_although_the_page_is_cached(
    app: Flask, db_session: Session
) -> None:
    anna_page, meeting = _past_meeting(db_session)
    client = csrf_client(app)
    client.get(f"{anna_page}/agenda")

    after_feedback = client.post(
        f"{anna_page}/meetings/{meeting.id}/feedback", data={"took_place": "yes"}, follow_redirects=True
    ).get_data(as_text=True)
    again = client.get(f"{anna_page}/agenda").get_data(as_text=True)

    assert "Thank you for your feedback" in after_feedback
    assert "Thank you for your feedback" not in again and "Your feedback is saved." in again


def test_choosing_a_language_on_the_agenda_is_remembered_for_mails(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, locale="en")
    db_session.commit()

    choose_language(csrf_client(app), f"{anna_page}/agenda", "ru")

    db_session.expire_all()
    assert anna.locale == "ru"


def test_a_wrong_agenda_link_gets_the_lost_link_page(app: Flask, db_session: Session) -> None:
    response = csrf_client(app).get("/me/not-a-real-token/agenda")

    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-store"
    assert "send" in response.get_data(as_text=True).lower()


def test_reading_the_agenda_in_another_language_writes_nothing(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(db_session, event, locale="en")
    db_session.commit()

    page = csrf_client(app).get(f"{anna_page}/agenda?lang=ru")

    assert page.status_code == 200
    assert '<html lang="ru">' in page.get_data(as_text=True)
    db_session.expire_all()
    assert anna.locale == "en"


def test_a_table_named_by_the_default_naming_is_not_called_table_twice(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    event.tables[0].name = "Table 1"  # what the set-up's default naming "Table {n}" makes
    anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(db_session, event, name="Boris")
    _meeting(db_session, event, anna.id, boris.id, slot=0, table=0)
    db_session.commit()
    client = csrf_client(app)

    english = client.get(f"{anna_page}/agenda?lang=en").get_data(as_text=True)
    polish = client.get(f"{anna_page}/agenda?lang=pl").get_data(as_text=True)
    calendar = Calendar.from_ical(client.get(f"{anna_page}/agenda.ics").get_data())

    assert "Table 1" in english and "Table Table" not in english
    assert "Stolik 1" in polish and "Stolik Table" not in polish
    [entry] = [c for c in calendar.walk("VEVENT")]
    assert str(entry["LOCATION"]).startswith("Table 1")
