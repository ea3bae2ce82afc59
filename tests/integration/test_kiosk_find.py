"""Kiosk "find my meetings" and check-in search: names found with or without accents (or typed in
Latin letters), times in the screen's language at the venue; the board knows the event's first round."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting
from matchmaker.services import kiosk
from matchmaker.services.checkin import search_attendees
from tests.factories import make_attendee, make_event
from tests.integration.organiser_client import sign_in
from tests.organiser_data import make_organiser


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    kiosk.clear_board_cache()


def _fair(db_session: Session) -> tuple[Event, str]:
    event = make_event(db_session, slots=3, tables=2)
    jan = make_attendee(db_session, event, name="Jan Wiśniewski", company="Łódzkie Opakowania")
    olga = make_attendee(db_session, event, name="Ольга Ёлкина", company="")
    db_session.add(
        Meeting.between(
            jan.id, olga.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
        )
    )
    token = kiosk.issue_kiosk_token(db_session, event, "Hall A")
    db_session.commit()
    return event, token


@pytest.mark.parametrize("typed", ["wisniewski", "Wiśniewski", "WISNIEWSKI", "jan wisn", "lodzkie"])
def test_find_my_meetings_ignores_accents(client: FlaskClient, db_session: Session, typed: str) -> None:
    event, token = _fair(db_session)

    found = client.get(f"/kiosk/{event.slug}/{token}/find", query_string={"q": typed}).get_json()

    assert [r["person"]["name"] for r in found["results"]] == ["Jan Wiśniewski"]
    assert found["results"][0]["meetings"][0]["with"]["name"] == "Ольга Ёлкина"


@pytest.mark.parametrize("typed", ["елкина", "Ёлкина", "olga elkina"])
def test_cyrillic_names_are_found_as_written_and_in_latin_letters(
    client: FlaskClient, db_session: Session, typed: str
) -> None:
    event, token = _fair(db_session)

    found = client.get(f"/kiosk/{event.slug}/{token}/find", query_string={"q": typed}).get_json()

    assert [r["person"]["name"] for r in found["results"]] == ["Ольга Ёлкина"]


@pytest.mark.parametrize(
    ("language", "time"), [("en", "Tue 09:00"), ("pl", "wt., 09:00"), ("ru", "вт 09:00")]
)
def test_found_meetings_show_the_weekday_in_the_screens_language(
    client: FlaskClient, db_session: Session, language: str, time: str
) -> None:
    event, token = _fair(db_session)

    found = client.get(
        f"/kiosk/{event.slug}/{token}/find", query_string={"q": "wisniewski", "lang": language}
    ).get_json()

    assert found["results"][0]["meetings"][0]["time"] == time


def test_check_in_search_ignores_accents_too(client: FlaskClient, db_session: Session) -> None:
    event, _token = _fair(db_session)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)

    html = client.get(f"/organiser/events/{event.slug}/checkin?q=wisniewski").get_data(as_text=True)

    assert "Jan Wiśniewski" in html
    assert [a.name for a in search_attendees(db_session, event, "ELKINA")] == ["Ольга Ёлкина"]


def test_the_board_carries_the_start_of_the_first_round(db_session: Session) -> None:
    event, _token = _fair(db_session)

    board = kiosk.board_for(db_session, event.id, now=event.slots[0].start - timedelta(days=900))

    assert board.payload["current"] is None
    assert board.payload["event"]["first_start"] == event.slots[0].start.isoformat()
