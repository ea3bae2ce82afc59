"""The personal pages as an installable web app: the agenda, QR code and partners open without a
connection, say when they were last updated and refresh when it is back; the copy is the attendee's
own and leaves the phone when asked, when the link stops working, or when the profile is deleted."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Attendee,
    Event,
    FreedSeat,
    Meeting,
    MeetingParticipant,
    MeetingSource,
    OfferStatus,
    RefillOffer,
)
from matchmaker.services import meetings as meeting_service
from matchmaker.services import refill
from matchmaker.services.tokens import issue_token
from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.organiser_flow import event_running_now
from tests.integration.attendee_support import event_with_interests
from tests.integration.day_support import meet, score

pytestmark = pytest.mark.e2e


def _person(session: Session, event: Event, name: str, **values: object) -> tuple[Attendee, str]:
    person = Attendee(event_id=event.id, name=name, consent_at=datetime.now(UTC), **values)
    session.add(person)
    token = issue_token(person)
    session.flush()
    return person, f"/me/{token}"


def _meet(session: Session, event: Event, a: Attendee, b: Attendee, slot: int) -> None:
    session.add(
        Meeting.between(
            a.id,
            b.id,
            event_id=event.id,
            slot_id=event.slots[slot].id,
            table_id=event.tables[slot % 2].id,
            source=MeetingSource.AUTO,
        )
    )
    session.flush()


def _fair(session: Session) -> tuple[Event, Attendee, str]:
    event = event_with_interests(session)
    anna, anna_page = _person(session, event, "Anna Kowalska", email="anna@ecocup.test", company="EcoCup")
    boris, _ = _person(
        session, event, "Boris Petrov", email="boris@roastery.test", company="Roastery", job_title="Buyer"
    )
    _meet(session, event, anna, boris, slot=1)
    session.commit()
    return event, anna, anna_page


@pytest.fixture
def context(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=PHONE, locale="en-GB", service_workers="allow")
    yield context  # type: ignore[misc]
    context.close()


def _wait_until(page: Page, script: str, arg: object = None, timeout: float = 15) -> None:
    """Poll an async ``script`` until it returns true (``wait_for_function`` takes a promise for true)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout} s: {script}")
        time.sleep(0.1)


NO_WORKERS = "async () => (await navigator.serviceWorker.getRegistrations()).length === 0"


def _kept_offline(page: Page) -> None:
    """Wait until the page's worker controls it and has kept the agenda."""
    _wait_until(
        page,
        """async () => {
        const controller = navigator.serviceWorker.controller;
        if (!controller || controller.state !== 'activated') { return false; }
        const names = (await caches.keys()).filter(n => n.startsWith('matchmaker-me-'));
        for (const name of names) {
            const keys = await (await caches.open(name)).keys();
            if (keys.some(r => r.url.endsWith('/agenda')) && keys.some(r => r.url.endsWith('/qr.svg'))) {
                return true;
            }
        }
        return false;
    }""",
    )


def _kept_urls(page: Page) -> list[str]:
    return page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            if (!name.startsWith('matchmaker-me-')) { continue; }
            for (const request of await (await caches.open(name)).keys()) { urls.push(request.url); }
        }
        return urls;
    }""")


def test_agenda_opens_offline_with_when_it_was_updated_and_refreshes_when_back_online(
    live_server: LiveServer, context: BrowserContext, db_session: Session
) -> None:
    event, anna, anna_page = _fair(db_session)
    page = context.new_page()
    page.goto(f"{live_server.url}{anna_page}/agenda")
    expect(page.get_by_role("heading", name="Boris Petrov")).to_be_visible()
    _kept_offline(page)

    # No Wi-Fi at all: the browser is offline and the server is gone too.
    context.set_offline(True)
    live_server.stop()
    page.reload()

    expect(page.get_by_role("heading", name="Boris Petrov")).to_be_visible()
    expect(page.locator(".meeting", has_text="Boris Petrov")).to_contain_text("Buyer, Roastery")
    banner = page.get_by_role("status").filter(has_text="No connection")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("This page is as it was on")
    # The day and time it was saved, at the venue, in the page's language.
    saved = datetime.now(ZoneInfo(event.timezone))
    expect(banner).to_contain_text(re.compile(rf"{saved:%B} {saved.day}\b.*\d:\d\d"))
    qr_width = page.locator(".qr-card img").evaluate("img => img.complete ? img.naturalWidth : 0")
    assert qr_width > 0
    # A page that is not kept says so instead of the browser's error.
    page.goto(f"{live_server.url}{anna_page}/requests")
    expect(page.get_by_role("heading", name="This page needs a connection")).to_be_visible()
    page.get_by_role("link", name="My agenda").click()
    expect(page.get_by_role("heading", name="Boris Petrov")).to_be_visible()

    # Meanwhile the organisers add a meeting; the connection comes back: the agenda refreshes itself.
    carla, _ = _person(db_session, event, "Carla Nowak", company="Cups")
    _meet(db_session, event, anna, carla, slot=2)
    db_session.commit()
    live_server.start()
    context.set_offline(False)

    expect(page.get_by_role("heading", name="Carla Nowak")).to_be_visible(timeout=20000)
    expect(page.get_by_role("status").filter(has_text="No connection")).to_have_count(0)


def test_the_copy_holds_only_the_attendees_own_pages(
    live_server: LiveServer, context: BrowserContext, db_session: Session
) -> None:
    event, _, anna_page = _fair(db_session)
    _, boris_page = _person(db_session, event, "Someone Else")
    db_session.commit()
    page = context.new_page()
    page.goto(f"{live_server.url}{anna_page}/agenda")
    _kept_offline(page)
    page.goto(f"{live_server.url}{boris_page}/agenda")  # another link, opened on the same phone
    _wait_until(
        page,
        """async (boris) => {
        for (const name of await caches.keys()) {
            const keys = await (await caches.open(name)).keys();
            if (keys.some(r => r.url.endsWith(boris + '/agenda'))) { return true; }
        }
        return false;
    }""",
        boris_page,
    )

    caches = page.evaluate("""async () => {
        const out = [];
        for (const name of await caches.keys()) {
            const urls = (await (await caches.open(name)).keys()).map(r => r.url);
            out.push(urls.filter(u => u.includes('/me/')));
        }
        return out;
    }""")
    other_worker_scopes = page.evaluate(
        "async () => (await navigator.serviceWorker.getRegistrations()).map(r => r.scope)"
    )

    # Two copies, each holding one link's pages only.
    owners = sorted(tuple(sorted({u.split("/me/")[1].split("/")[0] for u in urls})) for urls in caches)
    assert owners == sorted([(anna_page.removeprefix("/me/"),), (boris_page.removeprefix("/me/"),)])
    # Each link has its own worker whose scope is that link: neither sees the other's pages.
    assert sorted(other_worker_scopes) == sorted(
        [f"{live_server.url}{anna_page}", f"{live_server.url}{boris_page}"]
    )


def test_remove_from_this_phone_deletes_the_copy(
    live_server: LiveServer, context: BrowserContext, db_session: Session
) -> None:
    _, _, anna_page = _fair(db_session)
    page = context.new_page()
    page.goto(f"{live_server.url}{anna_page}/agenda")
    _kept_offline(page)

    page.get_by_role("button", name="Remove them from this phone").click()
    expect(page.get_by_text("Nothing of yours is kept on this phone.")).to_be_visible()
    _wait_until(page, NO_WORKERS)
    page.reload()  # the choice sticks on this phone

    expect(page.get_by_role("button", name="Keep my agenda on this phone")).to_be_visible()
    assert _kept_urls(page) == []
    assert page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    # Offline now, the page is gone from the phone: the browser's own error, not the agenda.
    context.set_offline(True)
    with pytest.raises(PlaywrightError):
        page.reload()


def test_a_replaced_link_takes_its_copy_off_the_phone(
    live_server: LiveServer, context: BrowserContext, db_session: Session
) -> None:
    _, anna, anna_page = _fair(db_session)
    page = context.new_page()
    page.goto(f"{live_server.url}{anna_page}/agenda")
    _kept_offline(page)

    issue_token(anna)  # the link is replaced: the old one stops working
    db_session.commit()
    page.reload()
    expect(page.get_by_role("heading", name="This link doesn't work")).to_be_visible()

    _wait_until(page, NO_WORKERS)
    assert all(anna_page not in u for u in _kept_urls(page))


def test_deleting_the_profile_takes_the_copy_off_the_phone(
    live_server: LiveServer, context: BrowserContext, db_session: Session
) -> None:
    _, _, anna_page = _fair(db_session)
    page = context.new_page()
    page.goto(f"{live_server.url}{anna_page}/agenda")
    _kept_offline(page)

    page.goto(f"{live_server.url}{anna_page}/data")
    page.get_by_label("Yes, delete my profile, my requests and my meetings").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete my profile").click()
    expect(page.get_by_role("heading", name="Your profile is deleted")).to_be_visible()

    _wait_until(page, NO_WORKERS)
    assert all(anna_page not in u for u in _kept_urls(page))


def test_pages_are_an_installable_web_app_with_icons_served_by_the_app(
    live_server: LiveServer, context: BrowserContext, db_session: Session
) -> None:
    _, _, anna_page = _fair(db_session)
    page = context.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{live_server.url}{anna_page}/agenda")
    _kept_offline(page)

    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    manifest = cdp.send("Page.getAppManifest")

    # Playwright's browser contexts are incognito ones, where nothing is installable; nothing else may fail.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    assert manifest["url"].endswith(f"{anna_page}/manifest.webmanifest")
    assert manifest["errors"] == []
    for size in (192, 512):
        icon = page.request.get(f"{live_server.url}/static/icons/icon-{size}.png")
        assert icon.ok and icon.headers["content-type"] == "image/png"
    assert failed == []


def _offers_fair(session: Session) -> tuple[Event, dict[str, Attendee], str]:
    """Anna asked about Piotr's freed slot (the third round), and Anna's own freed slot (the fourth)
    offered to Carla, expiring in a few seconds; one candidate at a time."""
    event = event_running_now(session)  # rounds at -25, -5, +15, +35 minutes
    event.refill_fan_out = 1
    now = datetime.now(UTC)
    people: dict[str, Attendee] = {}
    page = ""
    names = ("Anna Kowalska", "Piotr Zielinski", "Carla Nowak", "Zoe Adams", "Olga Ivanova", "Dan Berg")
    names += ("Ewa Lis",)
    for name in names:
        person, link = _person(session, event, name, email=f"{name.split()[0].lower()}@fair.test")
        person.checked_in_at = now - timedelta(minutes=30)
        people[name.split()[0]] = person
        page = page or link
    session.flush()
    score(session, people["Piotr"], people["Anna"], 0.9)
    score(session, people["Anna"], people["Carla"], 0.8)
    mine = meet(session, event, people["Anna"], people["Olga"], event.slots[3], table=0)
    theirs = meet(session, event, people["Piotr"], people["Zoe"], event.slots[2], table=0)
    meet(session, event, people["Piotr"], people["Ewa"], event.slots[3], table=1)  # busy in Anna's slot
    meeting_service.cancel_meeting(session, event, theirs, now=now)
    meeting_service.cancel_meeting(session, event, mine, now=now)
    carla = people["Carla"]
    to_carla = session.scalars(select(RefillOffer).where(RefillOffer.candidate_id == carla.id)).one()
    to_carla.expires_at = now + timedelta(seconds=12)  # runs out while the phone is offline
    session.commit()
    return event, people, page


def _answer_form(page: Page, offer: RefillOffer) -> tuple[str, str]:
    form = page.locator(f'[data-offer="{offer.id}"] form').first
    return str(form.get_attribute("action")), str(form.locator("input[name=key]").input_value())


def test_an_offer_taken_or_expired_while_offline_cannot_be_accepted_and_says_so_when_back(
    live_server: LiveServer, context: BrowserContext, db_session: Session
) -> None:
    event, people, anna_page = _offers_fair(db_session)
    anna, piotr, dan = people["Anna"], people["Piotr"], people["Dan"]
    to_anna = db_session.scalars(select(RefillOffer).where(RefillOffer.candidate_id == anna.id)).one()
    to_carla = db_session.scalars(select(RefillOffer).where(RefillOffer.seeker_id == anna.id)).one()
    page = context.new_page()
    page.goto(f"{live_server.url}{anna_page}/agenda")
    asked, mine = page.locator(f'[data-offer="{to_anna.id}"]'), page.locator(f'[data-offer="{to_carla.id}"]')
    expect(asked.get_by_role("button", name="Yes, meet")).to_be_enabled()
    expect(mine.get_by_role("button", name="Yes, meet")).to_be_enabled()
    yes_to_piotr = _answer_form(page, to_anna)
    _kept_offline(page)

    # Offline, no server: meanwhile Piotr is booked with Dan (Anna's offer is withdrawn), and the offer
    # of Anna's own slot to Carla runs out.
    context.set_offline(True)
    live_server.stop()
    page.reload()
    expect(page.get_by_role("status").filter(has_text="No connection")).to_be_visible()
    for card in (asked, mine):
        expect(card.get_by_role("button", name="Yes, meet")).to_have_count(0)
        expect(card.locator("button", has_text="Yes, meet")).to_be_disabled()
    expect(asked.get_by_text("No connection: you can answer once you are back online")).to_be_visible()
    expect(mine.get_by_text("No connection: you can answer once you are back online")).to_be_visible()
    expect(mine.get_by_text("Expired: this offer was not answered in time")).to_be_visible(timeout=30000)
    expect(mine.get_by_text("No connection: you can answer")).to_be_hidden()
    # A submit forced from the page (no button to tap) is not sent either.
    asked.locator("form").first.evaluate("form => form.requestSubmit()")
    expect(page.get_by_role("status").filter(has_text="No connection")).to_be_visible()

    now = datetime.now(UTC)
    db_session.expire_all()
    seat = db_session.get_one(FreedSeat, to_anna.seat_id)
    to_dan = RefillOffer(
        event_id=event.id,
        seat_id=seat.id,
        slot_id=seat.slot_id,
        seeker_id=piotr.id,
        candidate_id=dan.id,
        score=0.7,
        created_at=now,
        expires_at=now + timedelta(minutes=2),
    )
    db_session.add(to_dan)
    db_session.flush()
    assert refill.answer_offer(db_session, piotr, to_dan.id, True, now).state == "waiting"
    assert refill.answer_offer(db_session, dan, to_dan.id, True, now).state == "booked"
    event = db_session.get_one(Event, event.id)
    assert refill.expire_offers(db_session, event, datetime.now(UTC)) == 1  # Carla's, by the tick
    db_session.commit()

    # Back online: the kept copy reloads itself, and the server says what became of each offer.
    live_server.start()
    context.set_offline(False)
    expect(page.get_by_role("status").filter(has_text="No connection")).to_have_count(0, timeout=30000)
    expect(asked.get_by_text("Taken: Piotr Zielinski is meeting someone else then")).to_be_visible()
    expect(mine.get_by_text("Expired: this offer was not answered in time")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, meet")).to_have_count(0)

    # The answer the kept copy would have sent: the server checks it and books nothing.
    action, key = yes_to_piotr
    answered = page.request.post(f"{live_server.url}{action}", form={"key": key})
    assert answered.ok
    assert "Too late: the table or the person was taken a moment ago." in answered.text()
    db_session.expire_all()
    assert db_session.get_one(RefillOffer, to_anna.id).status == OfferStatus.WITHDRAWN
    assert db_session.get_one(RefillOffer, to_carla.id).status == OfferStatus.EXPIRED
    booked = db_session.scalars(
        select(MeetingParticipant).where(
            MeetingParticipant.attendee_id == anna.id, MeetingParticipant.status == "scheduled"
        )
    ).all()
    assert booked == []
