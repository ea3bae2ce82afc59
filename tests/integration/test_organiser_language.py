"""Venue time and the organiser's language on every organiser page: times at the venue in the locale's
format, statuses and weekdays in words of the page's language, refusals flashed translated."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, KioskToken, Meeting, MeetingSource, RunStatus, ScheduleRun
from matchmaker.services.kiosk import issue_kiosk_token
from tests.factories import make_attendee, make_event
from tests.integration.organiser_client import csrf_token, post_form, sign_in
from tests.organiser_data import make_organiser

# 07:20 UTC is 09:20 in Warsaw in May (the test fair's venue time).
MOMENT = datetime(2027, 5, 18, 7, 20, tzinfo=UTC)


def _event(db_session: Session) -> Event:
    event = make_event(db_session, slots=3, tables=2)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    return event


def _signed_in(client: FlaskClient, language: str) -> None:
    sign_in(client)
    client.get(f"/organiser/?lang={language}")  # the switch sticks in a cookie


@pytest.mark.parametrize(
    ("language", "started", "status"),
    [
        ("en", "18 May 2027, 09:20", "succeeded"),
        ("pl", "18 maj 2027, 09:20", "ukończono"),
        ("ru", "18 мая 2027\u202fг., 09:20", "готово"),
    ],
)
def test_run_times_are_venue_time_in_the_locales_format_with_the_status_in_words(
    client: FlaskClient, db_session: Session, language: str, started: str, status: str
) -> None:
    event = _event(db_session)
    db_session.add(
        ScheduleRun(
            event_id=event.id,
            status=RunStatus.SUCCEEDED,
            created_at=MOMENT,
            progress=1.0,
            stats={"meetings": 0},
        )
    )
    db_session.commit()
    _signed_in(client, language)

    html = client.get(f"/organiser/events/{event.slug}/schedule").get_data(as_text=True)
    overview = client.get(f"/organiser/events/{event.slug}").get_data(as_text=True)

    assert started in html
    assert "5/18/27" not in html and "7:20" not in html
    assert f'data-role="status">{status}</span>' in html
    assert status in overview


@pytest.mark.parametrize(
    ("language", "created"),
    [
        ("en", "created 18 May 2027, 09:20"),
        ("pl", "utworzony 18 maj 2027, 09:20"),
        ("ru", "создан 18 мая 2027\u202fг., 09:20"),
    ],
)
def test_kiosk_creation_times_are_venue_time(
    client: FlaskClient, db_session: Session, language: str, created: str
) -> None:
    event = _event(db_session)
    issue_kiosk_token(db_session, event, "Hall A")
    db_session.query(KioskToken).update({KioskToken.created_at: MOMENT})
    db_session.commit()
    _signed_in(client, language)

    html = client.get(f"/organiser/events/{event.slug}/setup").get_data(as_text=True)

    assert created in html


@pytest.mark.parametrize(
    ("language", "weekday", "status", "source"),
    [
        ("en", "Tue 09:00", "scheduled", "scheduled automatically"),
        ("pl", "wt., 09:00", "zaplanowane", "zaplanowane automatycznie"),
        ("ru", "вт 09:00", "запланирована", "запланирована автоматически"),
    ],
)
def test_meetings_show_weekdays_statuses_and_sources_in_the_pages_language(
    client: FlaskClient, db_session: Session, language: str, weekday: str, status: str, source: str
) -> None:
    event = _event(db_session)
    a, b = make_attendee(db_session, event), make_attendee(db_session, event)
    db_session.add(
        Meeting.between(
            a.id,
            b.id,
            event_id=event.id,
            slot_id=event.slots[0].id,
            table_id=event.tables[0].id,
            source=MeetingSource.AUTO,
        )
    )
    db_session.commit()
    _signed_in(client, language)

    html = client.get(f"/organiser/events/{event.slug}/meetings").get_data(as_text=True)

    assert f'<td class="when">{weekday}</td>' in html
    assert f">{status}</span>" in html
    assert source in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        # Worded by the slot plan's declaration (matchmaker.shapes.event), beside the field.
        ("en", "The day must end after it starts."),
        ("pl", "Dzień musi kończyć się po rozpoczęciu."),
        ("ru", "День должен заканчиваться позже, чем начинается."),
    ],
)
def test_setup_refusals_are_shown_in_the_organisers_language(
    client: FlaskClient, db_session: Session, language: str, message: str
) -> None:
    event = _event(db_session)
    _signed_in(client, language)
    page = f"/organiser/events/{event.slug}/setup"

    response = post_form(
        client,
        page,
        page + "/slots",
        {"day_start": "17:00", "day_end": "09:00", "meeting_minutes": "20", "changeover_minutes": "5"},
    )

    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "T01 is taken at 09:20 (d1-02) by Eve and Max"),
        ("pl", "T01 jest zajęty o 09:20 (d1-02) przez: Eve i Max"),
        ("ru", "T01 занят в 09:20 (d1-02): там Eve и Max"),
    ],
)
def test_meeting_conflicts_are_worded_in_the_organisers_language(
    client: FlaskClient, db_session: Session, language: str, message: str
) -> None:
    event = make_event(db_session, slots=3, tables=2)
    anna, john, eve, max_ = (
        make_attendee(db_session, event, name=n, company="") for n in ("Anna", "John", "Eve", "Max")
    )
    meeting = Meeting.between(
        anna.id, john.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
    )
    db_session.add_all(
        [
            meeting,
            Meeting.between(
                eve.id, max_.id, event_id=event.id, slot_id=event.slots[1].id, table_id=event.tables[0].id
            ),
        ]
    )
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    _signed_in(client, language)
    page = f"/organiser/events/{event.slug}/meetings"

    response = client.post(
        page + "/move",
        data={
            "csrf_token": csrf_token(client, page),
            "meeting_id": meeting.id,
            "slot_id": event.slots[1].id,
            "table_id": event.tables[0].id,
        },
    )

    assert response.status_code == 409
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "the event has no slots or no tables yet: finish the set-up first"),
        ("pl", "wydarzenie nie ma jeszcze slotów albo stolików: najpierw dokończ konfigurację"),
        ("ru", "у мероприятия ещё нет слотов или столов: сначала завершите настройку"),
    ],
)
def test_scheduling_refusals_are_flashed_in_the_organisers_language(
    client: FlaskClient, db_session: Session, language: str, message: str
) -> None:
    event = make_event(db_session, slots=0, tables=0)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    _signed_in(client, language)
    page = f"/organiser/events/{event.slug}/schedule"

    response = post_form(client, page, page + "/runs", {"time_limit": "5"})
    shown = client.get(response.headers["Location"]).get_data(as_text=True)

    assert message in shown


def test_check_in_times_are_venue_time(client: FlaskClient, db_session: Session) -> None:
    event = _event(db_session)
    make_attendee(db_session, event, name="Anna Nowak", checked_in_at=MOMENT)
    db_session.commit()
    _signed_in(client, "en")

    listing = client.get(f"/organiser/events/{event.slug}/attendees").get_data(as_text=True)
    checkin = client.get(f"/organiser/events/{event.slug}/checkin?q=Anna").get_data(as_text=True)

    assert "✓ 09:20" in listing
    assert "checked in 09:20" in checkin


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "interests line 2: tag coffee appears twice"),
        ("pl", "zainteresowania, wiersz 2: znacznik coffee występuje dwa razy"),
        ("ru", "интересы, строка 2: метка coffee встречается дважды"),
    ],
)
def test_an_interests_refusal_is_beside_the_field_with_the_text_kept(
    client: FlaskClient, db_session: Session, language: str, message: str
) -> None:
    event = _event(db_session)
    _signed_in(client, language)
    page = f"/organiser/events/{event.slug}/setup"
    typed = "coffee | Coffee\ncoffee | Kawa again"

    response = post_form(client, page, page + "/interests", {"interests": typed})

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<span class="error" id="interests-error">{message}</span>' in html
    assert f">{typed}</textarea>" in html


def test_a_refused_slot_edit_is_shown_beside_that_slot_with_the_times_typed(
    client: FlaskClient, db_session: Session
) -> None:
    event = _event(db_session)
    _signed_in(client, "pl")
    page = f"/organiser/events/{event.slug}/setup"
    slot = event.slots[1]
    day = slot.start.astimezone(event.zone).date().isoformat()

    response = post_form(
        client, page, page + "/slot", {"slot_id": slot.id, "day": day, "start": "11:00", "end": "10:30"}
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    row = html[html.index(f'name="slot_id" value="{slot.id}"') :]
    row = row[: row.index("</form>")]
    assert f'<span class="error" id="slot-{slot.id}-error">' in row
    assert 'value="11:00"' in row and 'value="10:30"' in row
    assert "flash-error" not in html.split('id="slots"')[1].split("</details>")[0]
