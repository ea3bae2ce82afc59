"""Organiser pages in a real browser, in English, Polish and Russian: invitations and the outbox, the
meetings list on a phone with swapping by choice, set-up showing what was saved, and the kiosk before
the event and with a name typed without its accents."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting, Slot, VenueTable
from matchmaker.services import kiosk, mail
from tests.e2e.conftest import LiveServer
from tests.e2e.organiser_flow import sign_in
from tests.factories import make_attendee, make_event
from tests.organiser_data import make_organiser

pytestmark = pytest.mark.e2e

WORDS = {
    "en": {
        "invite": "Invite 2 attendees not yet invited",
        "sent": "2 invitations sent",
        "mail": "Mail",
        "stored": "in the outbox (no SMTP)",
        "scheduled": "scheduled",
        "swap": "Swap",
        "swapped": "Meetings swapped",
        "first": "First round",
        "month": "May",
    },
    "pl": {
        "invite": "Zaproś 2 uczestników bez zaproszenia",
        "sent": "Wysłane zaproszenia: 2",
        "mail": "Poczta",
        "stored": "w skrzynce nadawczej (bez SMTP)",
        "scheduled": "zaplanowane",
        "swap": "Zamień",
        "swapped": "Spotkania zamienione",
        "first": "Pierwsza runda",
        "month": "maja",
    },
    "ru": {
        "invite": "Пригласить 2 ещё не приглашённых участников",
        "sent": "Отправлено приглашений: 2",
        "mail": "Почта",
        "stored": "в исходящих (без SMTP)",
        "scheduled": "запланирована",
        "swap": "Поменять",
        "swapped": "Встречи поменяны местами",
        "first": "Первый раунд",
        "month": "мая",
    },
}


@pytest.fixture(autouse=True)
def _no_smtp() -> None:
    mail.configure("", "matchmaker@localhost")
    kiosk.clear_board_cache()


def _in(page: Page, base_url: str, language: str) -> None:
    sign_in(page, base_url)
    page.goto(f"{base_url}/organiser/?lang={language}")


@pytest.mark.parametrize("language", ["en", "pl", "ru"])
def test_inviting_imported_attendees_and_reading_the_mail_in_the_outbox(
    live_server: LiveServer, page: Page, db_session: Session, language: str
) -> None:
    event = make_event(db_session)
    make_attendee(db_session, event, name="Anna Nowak")
    make_attendee(db_session, event, name="Jan Kos")
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    words = WORDS[language]
    _in(page, live_server.url, language)

    page.goto(f"{live_server.url}/organiser/events/{event.slug}/attendees")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=words["invite"]).click()
    expect(page.get_by_role("status").first).to_contain_text(words["sent"])
    page.get_by_role("navigation").get_by_role("link", name=words["mail"], exact=True).click()
    rows = page.locator(".mail-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(words["stored"])
    rows.first.locator("a").first.click()
    link = re.search(r"http://127\.0\.0\.1:\d+/me/\S+", page.locator(".mail-body").inner_text())

    assert link is not None
    personal = page.context.new_page()
    response = personal.goto(link.group(0))
    assert response is not None and response.status == 200


@pytest.mark.parametrize("language", ["en", "pl", "ru"])
def test_meetings_list_reads_on_a_phone_and_a_swap_is_chosen_not_typed(
    live_server: LiveServer, page: Page, db_session: Session, language: str
) -> None:
    event = make_event(db_session, slots=3, tables=2)
    anna, john, eve, max_ = (make_attendee(db_session, event, name=n) for n in ("Anna", "John", "Eve", "Max"))
    first = Meeting.between(
        anna.id, john.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
    )
    db_session.add_all(
        [
            first,
            Meeting.between(
                eve.id, max_.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[1].id
            ),
        ]
    )
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    words = WORDS[language]
    _in(page, live_server.url, language)  # the phone-sized page of the fixture

    page.goto(f"{live_server.url}/organiser/events/{event.slug}/meetings")
    expect(page.locator("tr.meeting")).to_have_count(2)
    expect(page.locator("tr.meeting").first).to_contain_text(words["scheduled"])
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{wide}px of sideways scrolling on a phone"
    page.locator(f'tr[data-meeting="{first.id}"] a.button').click()
    choice = page.locator("#swap .swap-candidate")
    expect(choice).to_contain_text("Eve")  # the other meeting, by its people, not an internal number
    expect(choice.get_by_role("button")).to_have_text(words["swap"])
    choice.get_by_role("button").click()

    expect(page.get_by_role("status").first).to_contain_text(words["swapped"])
    db_session.expire_all()
    assert first.table_id == event.tables[1].id


@pytest.mark.parametrize("language", ["en", "pl", "ru"])
def test_setup_shows_the_saved_slot_plan_after_generating(
    live_server: LiveServer, page: Page, db_session: Session, language: str
) -> None:
    event = Event(
        slug="plan-fair",
        name="Plan Fair",
        timezone="Europe/Warsaw",
        start_date=date(2027, 5, 18),
        end_date=date(2027, 5, 18),
    )
    db_session.add(event)
    db_session.flush()
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    _in(page, live_server.url, language)

    page.goto(f"{live_server.url}/organiser/events/{event.slug}/setup")
    page.locator("#day_start").fill("10:00")
    page.locator("#day_end").fill("15:30")
    page.locator("#meeting_minutes").fill("30")
    page.locator("#changeover_minutes").fill("0")
    page.locator("#breaks").fill("12:00-13:00")
    page.locator("#slots button[type=submit]").click()

    expect(page.locator("#day_start")).to_have_value("10:00")
    expect(page.locator("#day_end")).to_have_value("15:30")
    expect(page.locator("#meeting_minutes")).to_have_value("30")
    expect(page.locator("#changeover_minutes")).to_have_value("0")
    expect(page.locator("#breaks")).to_have_value("12:00-13:00")


def _future_fair(db_session: Session) -> str:
    """A fair in Warsaw whose first round starts on Tuesday 20 May 2031 at 09:00; returns the board's path."""
    first = datetime(2031, 5, 20, 7, 0, tzinfo=UTC)
    event = Event(
        slug="future-fair",
        name="Future Fair",
        timezone="Europe/Warsaw",
        start_date=date(2031, 5, 20),
        end_date=date(2031, 5, 20),
        slots=[
            Slot(
                code=f"d1-{i + 1:02d}",
                start=first + timedelta(minutes=20 * i),
                end=first + timedelta(minutes=20 * (i + 1)),
            )
            for i in range(3)
        ],
        tables=[VenueTable(name="Table 1", position=0)],
    )
    db_session.add(event)
    db_session.flush()
    jan = make_attendee(db_session, event, name="Jan Wiśniewski", company="")
    olga = make_attendee(db_session, event, name="Olga Nowak", company="")
    db_session.add(
        Meeting.between(
            jan.id, olga.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
        )
    )
    token = kiosk.issue_kiosk_token(db_session, event)
    db_session.commit()
    return f"/kiosk/{event.slug}/{token}"


@pytest.mark.parametrize("language", ["en", "pl", "ru"])
def test_kiosk_before_the_event_shows_the_day_and_time_of_the_first_round(
    live_server: LiveServer, page: Page, db_session: Session, language: str
) -> None:
    path = _future_fair(db_session)
    words = WORDS[language]

    page.goto(f"{live_server.url}{path}?lang={language}")

    countdown = page.locator('[data-role="countdown"]')
    expect(page.locator('[data-role="countdown-label"]')).to_have_text(words["first"])
    expect(countdown).to_contain_text("09:00")
    expect(countdown).to_contain_text(words["month"])
    expect(countdown).to_contain_text("20")
    assert not re.fullmatch(r"\d+:\d\d:\d\d", countdown.inner_text())


def test_kiosk_finds_a_name_typed_without_its_accents(
    live_server: LiveServer, page: Page, db_session: Session
) -> None:
    path = _future_fair(db_session)
    page.goto(live_server.url + path)

    page.get_by_label("Find my meetings").fill("wisniewski")
    page.get_by_role("button", name="Find", exact=True).click()

    results = page.get_by_role("dialog", name="Your meetings")
    expect(results).to_contain_text("Jan Wiśniewski")
    expect(results).to_contain_text("Olga Nowak")
