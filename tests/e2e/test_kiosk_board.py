from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Event, Meeting, RefillOffer
from matchmaker.services import kiosk, refill
from matchmaker.services import meetings as meeting_service
from tests.e2e.conftest import LiveServer
from tests.e2e.organiser_flow import event_running_now
from tests.factories import make_attendee
from tests.integration.day_support import score

pytestmark = pytest.mark.e2e


@pytest.fixture
def screen(browser: Browser) -> Iterator[Page]:
    """A full-HD hall screen."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    kiosk.clear_board_cache()


def _board_with_meetings(db_session: Session) -> str:
    event = event_running_now(db_session)
    anna = make_attendee(db_session, event, name="Anna Kowalska", company="Acme")
    john = make_attendee(db_session, event, name="John Smith", company="Globex")
    eve = make_attendee(db_session, event, name="Eve Adams", company="Initech")
    db_session.add_all(
        [
            Meeting.between(
                anna.id, john.id, event_id=event.id, slot_id=event.slots[1].id, table_id=event.tables[2].id
            ),
            Meeting.between(
                anna.id, eve.id, event_id=event.id, slot_id=event.slots[2].id, table_id=event.tables[0].id
            ),
        ]
    )
    token = kiosk.issue_kiosk_token(db_session, event)
    db_session.commit()
    return f"/kiosk/{event.slug}/{token}"


def test_board_shows_the_running_round_and_the_next_at_full_hd(
    live_server: LiveServer, screen: Page, db_session: Session
) -> None:
    path = _board_with_meetings(db_session)
    failed: list[str] = []
    screen.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    screen.goto(live_server.url + path)

    now = screen.locator('[data-round="current"]')
    expect(now.locator(".meeting")).to_have_text(["Table 3Anna Kowalska (Acme) with John Smith (Globex)"])
    expect(screen.locator('[data-round="next"] .meeting')).to_have_text(
        ["Table 1Anna Kowalska (Acme) with Eve Adams (Initech)"]
    )
    expect(screen.locator('[data-role="countdown"]')).to_have_text(re.compile(r"^\d\d:\d\d$"))
    name_size = float(now.locator(".person").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert name_size >= 28, "names must be readable from three metres"
    assert failed == []  # styles, script and board data all load


def test_find_my_meetings_by_name(live_server: LiveServer, screen: Page, db_session: Session) -> None:
    path = _board_with_meetings(db_session)
    screen.goto(live_server.url + path)

    screen.get_by_label("Find my meetings").fill("Eve")
    screen.get_by_role("button", name="Find", exact=True).click()

    results = screen.get_by_role("dialog", name="Your meetings")
    expect(results).to_contain_text("Eve Adams (Initech)")
    expect(results).to_contain_text("Anna Kowalska")


def test_board_survives_a_stopped_server(live_server: LiveServer, screen: Page, db_session: Session) -> None:
    path = _board_with_meetings(db_session)
    screen.goto(live_server.url + path + "?poll=2")
    expect(screen.locator('[data-round="current"] .meeting')).to_have_count(1)

    live_server.stop()

    notice = screen.locator('[data-role="offline"]')
    expect(notice).to_be_visible(timeout=10000)
    expect(notice).to_contain_text("Connection lost")
    expect(screen.locator('[data-round="current"] .meeting')).to_have_text(
        ["Table 3Anna Kowalska (Acme) with John Smith (Globex)"]
    )
    assert "Anna Kowalska" in screen.content()


def test_board_updates_in_place_when_a_meeting_is_added(
    live_server: LiveServer, screen: Page, db_session: Session
) -> None:
    path = _board_with_meetings(db_session)
    screen.goto(live_server.url + path + "?poll=2")
    screen.evaluate("window.sameDocument = true")
    fair = db_session.scalars(select(Event)).one()
    max_, ida = (
        make_attendee(db_session, fair, name="Max Mayer", company=""),
        make_attendee(db_session, fair, name="Ida Berg", company=""),
    )
    db_session.add(
        Meeting.between(
            max_.id, ida.id, event_id=fair.id, slot_id=fair.slots[1].id, table_id=fair.tables[0].id
        )
    )
    db_session.commit()
    kiosk.clear_board_cache()  # as when the round's cache entry expires

    expect(screen.locator('[data-round="current"] .meeting')).to_have_count(2, timeout=10000)
    expect(screen.locator('[data-round="current"] .meeting').first).to_contain_text("Max Mayer with Ida Berg")
    assert screen.evaluate("window.sameDocument") is True


def test_board_shows_a_refill_offer_and_drops_it_once_booked(
    live_server: LiveServer, screen: Page, db_session: Session
) -> None:
    path = _board_with_meetings(db_session)
    fair = db_session.scalars(select(Event)).one()
    arrived = datetime.now(UTC) - timedelta(hours=1)
    jan, olga, ida = (
        make_attendee(db_session, fair, name=name, company=company, checked_in_at=arrived)
        for name, company in (("Jan Nowak", ""), ("Olga Petrova", "Rosatom"), ("Ida Berg", "Umbrella"))
    )
    later = Meeting.between(
        jan.id, olga.id, event_id=fair.id, slot_id=fair.slots[3].id, table_id=fair.tables[1].id
    )
    db_session.add(later)
    score(db_session, jan, ida, 0.9)
    meeting_service.decline_meeting(db_session, fair, later, olga.id)  # Jan is left alone at Table 2
    offer = db_session.scalars(select(RefillOffer)).one()
    db_session.commit()

    screen.goto(live_server.url + path + "?poll=2")
    offers = screen.locator('[data-role="offers"] .offer')
    expect(offers).to_have_text(
        [
            re.compile(
                r"^Table 2, \d\d:\d\d: a meeting is offered to Jan Nowak and Ida Berg \(Umbrella\) — confirm on "  # noqa: E501
                r"your phone$"
            )
        ]
    )
    assert "@" not in screen.locator('[data-role="offers-section"]').inner_text()  # no addresses

    refill.answer_offer(db_session, jan, offer.id, True)
    refill.answer_offer(db_session, ida, offer.id, True)
    db_session.commit()
    kiosk.clear_board_cache()  # as when the round's cache entry expires
    expect(screen.locator('[data-role="offers-section"]')).to_be_hidden(timeout=10000)
    expect(screen.locator('[data-role="offers"] .offer')).to_have_count(0)


def test_a_revoked_board_stops_showing_meetings_and_says_why(
    live_server: LiveServer, screen: Page, db_session: Session
) -> None:
    # The organisers revoke the screen's link (a screen moved or lost) while it shows the board: the
    # board must not go on showing names under "Connection lost", nor turn into the site's error page.
    path = _board_with_meetings(db_session)
    screen.goto(live_server.url + path + "?poll=2")
    expect(screen.locator('[data-round="current"] .meeting')).to_have_count(1)
    fair = db_session.scalars(select(Event)).one()
    [token] = kiosk.kiosk_tokens(db_session, fair)
    kiosk.revoke_kiosk_token(db_session, fair, token.id)
    db_session.commit()
    kiosk.clear_board_cache()  # as when the token's cache entry expires

    expect(screen.get_by_role("heading", name="This board's link does not work.")).to_be_visible(
        timeout=10000
    )
    assert "Anna Kowalska" not in screen.content()
    assert "Page not found" not in screen.content()
    assert screen.locator('meta[http-equiv="refresh"]').count() == 1  # it looks again by itself
