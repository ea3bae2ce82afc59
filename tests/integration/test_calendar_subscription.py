"""The calendar subscription follows the schedule: a moved meeting keeps its UID with a higher SEQUENCE,
a cancelled one leaves the feed, nothing is duplicated; its address is a secret of its own."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, MeetingSource, MeetingStatus
from matchmaker.services import meetings as meeting_changes
from tests.integration.attendee_support import attendee_with_link, csrf_client, event_with_interests

_FEED = re.compile(r'value="(https?://[^"]+/calendar/[^"]+\.ics)"')


def _meeting(session: Session, event: Event, a: Attendee, b: Attendee, slot: int, table: int = 0) -> Meeting:
    meeting = Meeting.between(
        a.id,
        b.id,
        event_id=event.id,
        slot_id=event.slots[slot].id,
        table_id=event.tables[table].id,
        source=MeetingSource.AUTO,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _feed_path(client: FlaskClient, personal_page: str) -> str:
    page = client.get(f"{personal_page}/calendar?lang=en").get_data(as_text=True)
    found = _FEED.search(page)
    assert found is not None, page
    return "/" + found.group(1).split("/", 3)[3]


def _events(client: FlaskClient, feed: str) -> dict[str, object]:
    response = client.get(feed)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    return {str(e["UID"]): e for e in Calendar.from_ical(response.data).walk("VEVENT")}


def _fair(session: Session) -> tuple[Event, Attendee, str, Attendee, Attendee]:
    event = event_with_interests(session)
    anna, anna_page = attendee_with_link(session, event, name="Anna")
    boris, _ = attendee_with_link(
        session, event, name="Boris", company="Roastery", job_title="Buyer", email="boris@roastery.test"
    )
    carla, _ = attendee_with_link(session, event, name="Carla", email="carla@cups.test")
    return event, anna, anna_page, boris, carla


def test_subscription_follows_a_move_and_a_cancellation_without_duplicates(
    app: Flask, db_session: Session
) -> None:
    event, anna, anna_page, boris, carla = _fair(db_session)
    with_boris = _meeting(db_session, event, anna, boris, slot=0)
    with_carla = _meeting(db_session, event, anna, carla, slot=2, table=1)
    db_session.commit()
    client = csrf_client(app)
    feed = _feed_path(client, anna_page)

    first = _events(client, feed)
    meeting_changes.move_meeting(
        db_session, event, with_boris, meeting_changes.Placement(event.slots[3], event.tables[1])
    )
    db_session.commit()
    moved = _events(client, feed)
    meeting_changes.cancel_meeting(db_session, event, with_carla)
    db_session.commit()
    cancelled = _events(client, feed)

    assert len(first) == 2
    # The move: same UIDs, one entry per meeting, the new time and table, a higher SEQUENCE.
    assert set(moved) == set(first)
    boris_uid = next(uid for uid, e in moved.items() if "Boris" in str(e["SUMMARY"]))  # type: ignore[index]
    carla_uid = next(uid for uid in moved if uid != boris_uid)
    before, after = first[boris_uid], moved[boris_uid]
    assert after.decoded("DTSTART").astimezone(UTC) == datetime(2027, 5, 18, 8, 0, tzinfo=UTC)  # type: ignore[attr-defined]
    assert "T02" in str(after["LOCATION"])  # type: ignore[index]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])  # type: ignore[index]
    assert int(moved[carla_uid]["SEQUENCE"]) == int(first[carla_uid]["SEQUENCE"])  # type: ignore[index]
    # The cancellation: the meeting leaves the feed (subscribed apps mirror it), the other stays.
    assert set(cancelled) == {boris_uid}
    assert str(cancelled[boris_uid]["STATUS"]) == "CONFIRMED"  # type: ignore[index]


def test_subscription_drops_no_shows_and_the_download_keeps_cancellations_marked(
    app: Flask, db_session: Session
) -> None:
    event, anna, anna_page, boris, carla = _fair(db_session)
    _meeting(db_session, event, anna, boris, slot=0).status = MeetingStatus.NO_SHOW
    _meeting(db_session, event, anna, carla, slot=1).status = MeetingStatus.CANCELLED
    db_session.commit()
    client = csrf_client(app)

    subscribed = _events(client, _feed_path(client, anna_page))
    downloaded = Calendar.from_ical(client.get(f"{anna_page}/agenda.ics").data).walk("VEVENT")

    assert subscribed == {}
    assert sorted(str(e["STATUS"]) for e in downloaded) == ["CANCELLED", "CONFIRMED"]


def test_subscription_is_marked_as_one_with_a_refresh_interval(app: Flask, db_session: Session) -> None:
    event, anna, anna_page, boris, _ = _fair(db_session)
    _meeting(db_session, event, anna, boris, slot=0)
    db_session.commit()
    client = csrf_client(app)

    calendar = Calendar.from_ical(client.get(_feed_path(client, anna_page)).data)

    assert str(calendar["REFRESH-INTERVAL"].to_ical().decode()) == "PT15M"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar["X-PUBLISHED-TTL"].to_ical().decode() == "PT15M"
    assert "Meetings at" in str(calendar["X-WR-CALNAME"])


def test_subscription_holds_neither_the_personal_link_nor_contact_details(
    app: Flask, db_session: Session
) -> None:
    event, anna, anna_page, boris, _ = _fair(db_session)
    _meeting(db_session, event, anna, boris, slot=0)
    db_session.commit()
    client = csrf_client(app)
    feed = _feed_path(client, anna_page)

    body = client.get(feed).get_data(as_text=True)
    personal_token = anna_page.rsplit("/", 1)[1]
    calendar_token = feed.rsplit("/", 1)[1].removesuffix(".ics")

    assert "Boris" in body and "Buyer" in body
    assert personal_token not in body
    assert calendar_token not in body
    assert personal_token != calendar_token
    assert "@roastery.test" not in body
    assert "/me/" not in body


def test_calendar_address_stays_the_same_until_replaced_and_the_old_one_then_stops(
    app: Flask, db_session: Session
) -> None:
    _, _, anna_page, _, _ = _fair(db_session)
    db_session.commit()
    client = csrf_client(app)

    first = _feed_path(client, anna_page)
    again = _feed_path(client, anna_page)
    page = client.post(f"{anna_page}/calendar/replace", follow_redirects=True).get_data(as_text=True)
    replaced = _feed_path(client, anna_page)

    assert first == again
    assert "new address" in page
    assert replaced != first
    assert client.get(first).status_code == 404
    assert client.get(replaced).status_code == 200


def test_calendar_address_is_not_found_by_the_personal_token_or_a_wrong_one(
    app: Flask, db_session: Session
) -> None:
    _, _, anna_page, _, _ = _fair(db_session)
    db_session.commit()
    client = csrf_client(app)
    _feed_path(client, anna_page)

    personal = client.get(f"/calendar/{anna_page.rsplit('/', 1)[1]}.ics")
    wrong = client.get("/calendar/not-a-calendar-token.ics")

    assert personal.status_code == 404
    assert wrong.status_code == 404
    assert wrong.headers["Cache-Control"] == "no-store"


def test_calendar_address_survives_a_replaced_secret_key_by_showing_a_working_one(
    app: Flask, db_session: Session
) -> None:
    _, _, anna_page, _, _ = _fair(db_session)
    db_session.commit()
    client = csrf_client(app)
    before = _feed_path(client, anna_page)

    app.config["SECRET_KEY"] = "a-replaced-secret-key"
    stale = client.get(f"{anna_page}/calendar?lang=en").get_data(as_text=True)
    client.post(f"{anna_page}/calendar/address")  # the page offers a new one; the GET wrote nothing
    after = _feed_path(client, anna_page)

    assert after != before
    assert client.get(after).status_code == 200
    assert client.get(before).status_code == 404
    assert "no working calendar address" in stale and before not in stale


def test_replacing_the_calendar_address_needs_the_form_token(app: Flask, db_session: Session) -> None:
    _, _, anna_page, _, _ = _fair(db_session)
    db_session.commit()
    client = app.test_client()
    before = _feed_path(client, anna_page)

    response = client.post(f"{anna_page}/calendar/replace")

    assert response.status_code in (400, 302)
    assert _feed_path(client, anna_page) == before


def test_an_attendee_without_a_calendar_address_gets_one_on_request_and_the_page_only_reads(
    app: Flask, db_session: Session
) -> None:
    _, anna, anna_page, _, _ = _fair(db_session)
    anna.calendar_nonce = anna.calendar_token_hash = None  # made before addresses came with the link
    db_session.commit()
    client = csrf_client(app)

    first = client.get(f"{anna_page}/calendar?lang=en").get_data(as_text=True)
    db_session.expire_all()
    unchanged = db_session.get_one(Attendee, anna.id).calendar_token_hash
    client.post(f"{anna_page}/calendar/address")
    feed = _feed_path(client, anna_page)

    assert "Make my calendar address" in first
    assert unchanged is None
    assert client.get(feed).status_code == 200
    assert _feed_path(client, anna_page) == feed
