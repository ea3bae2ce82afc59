from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting
from matchmaker.services.checkin import attendee_from_badge, badge_code, live_tables, round_at
from matchmaker.services.tokens import issue_token
from tests.factories import make_attendee, make_event
from tests.integration.organiser_client import csrf_token, sign_in
from tests.organiser_data import make_organiser

SECRET = "test-secret-key"  # the app fixture's secret key


def _signed_in(client: FlaskClient, db_session: Session) -> Event:
    event = make_event(db_session)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    return event


def test_badge_code_finds_its_attendee_and_forgeries_find_nobody(db_session: Session) -> None:
    event = make_event(db_session)
    anna = make_attendee(db_session, event)
    code = badge_code(SECRET, anna)

    assert attendee_from_badge(db_session, event, SECRET, code) == anna
    assert (
        attendee_from_badge(db_session, event, SECRET, code[:-1] + ("0" if code[-1] != "0" else "1")) is None
    )
    assert attendee_from_badge(db_session, event, "another secret", code) is None


def test_personal_link_qr_is_accepted_at_check_in(db_session: Session) -> None:
    event = make_event(db_session)
    anna = make_attendee(db_session, event)
    token = issue_token(anna)
    db_session.flush()

    assert attendee_from_badge(db_session, event, SECRET, f"http://fair.test/me/{token}/agenda") == anna


def test_check_in_by_scanned_badge(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)
    anna = make_attendee(db_session, event, name="Anna Kowalska")
    db_session.commit()
    page = f"/organiser/events/{event.slug}/checkin"

    found = client.get(page + "?q=" + badge_code(SECRET, anna)).get_data(as_text=True)
    client.post(page, data={"csrf_token": csrf_token(client, page), "attendee_id": anna.id})

    assert "Anna Kowalska" in found
    db_session.expire_all()
    assert anna.checked_in_at is not None
    assert "1 of 1 checked in" in client.get(page).get_data(as_text=True)


def test_live_view_shows_busy_tables_of_the_running_round(db_session: Session) -> None:
    event = make_event(db_session, tables=2)
    anna, john = make_attendee(db_session, event), make_attendee(db_session, event)
    anna.checked_in_at = datetime.now(UTC)
    db_session.add(
        Meeting.between(
            anna.id, john.id, event_id=event.id, slot_id=event.slots[1].id, table_id=event.tables[1].id
        )
    )
    db_session.flush()
    during = event.slots[1].start + timedelta(minutes=5)

    current, upcoming = round_at(event, during)
    rows = live_tables(db_session, event, current)

    assert (current, upcoming) == (event.slots[1], event.slots[2])
    assert [(r.table.name, r.meeting is not None, r.present) for r in rows] == [
        ("T01", False, 0),
        ("T02", True, 1),
    ]


def test_printable_agenda_lists_the_attendees_meetings(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)
    anna, john = (
        make_attendee(db_session, event, name="Anna"),
        make_attendee(db_session, event, name="John Smith"),
    )
    db_session.add(
        Meeting.between(
            anna.id, john.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[1].id
        )
    )
    db_session.commit()

    html = client.get(f"/organiser/events/{event.slug}/print/agendas?attendee={anna.id}").get_data(
        as_text=True
    )

    assert "John Smith" in html and "T02" in html
    assert "print.css" in html


def test_badges_carry_a_qr_code_of_the_badge_code(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)
    anna = make_attendee(db_session, event, name="Anna")
    db_session.commit()

    html = client.get(f"/organiser/events/{event.slug}/print/badges").get_data(as_text=True)

    assert badge_code(SECRET, anna) in html
    assert 'src="data:image/svg+xml' in html


def test_table_sheets_have_one_sheet_per_table(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)

    html = client.get(f"/organiser/events/{event.slug}/print/tables").get_data(as_text=True)

    assert html.count('class="sheet"') == len(event.tables)


def test_live_page_and_its_data_name_the_round(client: FlaskClient, db_session: Session) -> None:
    event = _signed_in(client, db_session)

    page = client.get(f"/organiser/events/{event.slug}/live").get_data(as_text=True)
    data = client.get(f"/organiser/events/{event.slug}/live.json").get_json()

    # The test event is in 2027: its first round is the next one.
    assert "Between rounds. Next: d1-01" in page
    assert data["caption"].startswith("Between rounds. Next: d1-01")
    assert [t["table"] for t in data["tables"]] == ["T01", "T02"]


def test_a_no_show_the_organiser_marks_is_refilled_and_the_live_view_shows_it(
    client: FlaskClient, db_session: Session
) -> None:
    from sqlalchemy import select

    from matchmaker.db.models import RefillOffer
    from matchmaker.services import refill
    from tests.e2e.organiser_flow import event_running_now
    from tests.integration.day_support import meet, score

    event = event_running_now(db_session)
    make_organiser(db_session, "org@example.test", event)
    arrived = datetime.now(UTC) - timedelta(hours=1)
    anna, carla, dan = (make_attendee(db_session, event, checked_in_at=arrived) for _ in range(3))
    boris = make_attendee(db_session, event)  # never came
    meeting = meet(db_session, event, anna, boris, event.slots[2])  # starts in 15 minutes
    score(db_session, anna, carla, 0.9)
    score(db_session, anna, dan, 0.6, rank=2)
    db_session.commit()
    sign_in(client)
    token = csrf_token(client, f"/organiser/events/{event.slug}/live")
    answer = client.post(
        f"/organiser/events/{event.slug}/meetings/no_show",
        data={"meeting_id": meeting.id, "csrf_token": token},
    )
    assert answer.status_code == 302

    offers = db_session.scalars(select(RefillOffer).order_by(RefillOffer.id)).all()
    assert [(o.seeker_id, o.candidate_id) for o in offers] == [(anna.id, carla.id), (anna.id, dan.id)]
    refill.answer_offer(db_session, anna, offers[1].id, True)
    refill.answer_offer(db_session, dan, offers[1].id, True)
    db_session.commit()
    live = client.get(f"/organiser/events/{event.slug}/live").get_data(as_text=True)
    assert live.count('data-offer-status="booked"') == 1
    assert live.count('data-offer-status="withdrawn"') == 1
    assert "another candidate was booked" in live


def test_the_fan_out_is_an_organiser_setting_checked_for_range(
    client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)
    live = f"/organiser/events/{event.slug}/live"
    page = client.get(live).get_data(as_text=True)
    assert 'name="refill_fan_out" type="number" min="1" max="10" value="3"' in page
    form = {
        "csrf_token": csrf_token(client, live),
        "no_show_minutes": "10",
        "refill_enabled": "on",
        "refill_offer_minutes": "2",
        "refill_fan_out": "5",
        "reminders_on": "on",
        "reminder_minutes": "15",
    }
    client.post(f"{live}/settings", data=form)
    db_session.expire_all()
    assert db_session.get_one(Event, event.id).refill_fan_out == 5
    answer = client.post(f"{live}/settings", data=form | {"refill_fan_out": "11"}, follow_redirects=True)
    assert "Between 1 and 10 people can be asked at once about a freed slot." in answer.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.get_one(Event, event.id).refill_fan_out == 5
