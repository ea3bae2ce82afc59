"""Every attendee page and the kiosk pass axe-core at WCAG 2.2 AA with zero violations, on a phone, in
English, Polish and Russian.

axe-core is vendored (tests/e2e/vendor/axe-core, pinned, with its licence) and evaluated in the page
through the browser's debugging protocol, so the pages keep their real Content-Security-Policy.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page
from sqlalchemy.orm import Session

from matchmaker.db.models import (
    Attendee,
    Event,
    FreedSeat,
    Meeting,
    MeetingFeedback,
    MeetingRequest,
    MeetingSource,
    Recommendation,
    RefillOffer,
    RequestStatus,
)
from matchmaker.services import kiosk
from matchmaker.services.tokens import issue_token
from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.organiser_flow import event_running_now
from tests.integration.attendee_support import INTERESTS

pytestmark = pytest.mark.e2e

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_VERSION = "4.14.1"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LANGUAGES = ("en", "pl", "ru")
FULL_HD = {"width": 1920, "height": 1080}


@dataclass
class Fair:
    event: Event
    anna: str  # personal page paths
    fresh: str  # an attendee with nothing yet (empty states)
    feedback_meeting: int
    kiosk: str
    eve: str = ""  # asked about a freed slot: a refill offer on her agenda
    greg: str = ""  # left alone in that slot: the seat's "find me another partner" on his agenda


def _person(session: Session, event: Event, name: str, **values: Any) -> tuple[Attendee, str]:
    person = Attendee(
        event_id=event.id,
        name=name,
        consent_at=datetime.now(UTC),
        locale="en",
        offers="Compostable cups and lids",
        seeks="Coffee roasters",
        **values,
    )
    session.add(person)
    token = issue_token(person)
    session.flush()
    return person, f"/me/{token}"


def _fair(session: Session) -> Fair:
    event = event_running_now(session)
    event.interests = INTERESTS
    event.languages = ["en", "pl", "ru"]
    anna, anna_page = _person(
        session,
        event,
        "Anna Kowalska",
        company="EcoCup",
        job_title="Head of sales",
        email="anna@ecocup.test",
        country="PL",
        languages=["pl", "en"],
        interests=["packaging"],
        intents=["find_clients"],
    )
    others = {
        name: _person(
            session,
            event,
            name,
            company=company,
            job_title="Buyer",
            email=email,
            country="DE",
            languages=["de", "en"],
            interests=["coffee"],
        )[0]
        for name, company, email in [
            ("Boris Petrov", "Roastery", "boris@roastery.test"),
            ("Carla Nowak", "Cups", None),
            ("Dan Weber", "Beans", "dan@beans.test"),
            ("Eve Adams", "Initech", "eve@initech.test"),
            ("Fred Ray", "Globex", "fred@globex.test"),
            ("Greg Lis", "Leaf", "greg@leaf.test"),
            ("Hana Kim", "Tea Co", "hana@tea.test"),
        ]
    }
    _, fresh = _person(session, event, "Zoe New")
    meetings = []
    for slot, name in enumerate(["Boris Petrov", "Carla Nowak", "Dan Weber"]):
        meeting = Meeting.between(
            anna.id,
            others[name].id,
            event_id=event.id,
            slot_id=event.slots[slot].id,
            table_id=event.tables[slot].id,
            source=MeetingSource.AUTO,
        )
        session.add(meeting)
        meetings.append(meeting)
    session.flush()
    boris = others["Boris Petrov"]
    session.add_all(
        [  # the first meeting is over: both asked to follow up, a connection
            MeetingFeedback(
                meeting_id=meetings[0].id,
                attendee_id=anna.id,
                took_place=True,
                rating=5,
                wants_follow_up=True,
            ),
            MeetingFeedback(
                meeting_id=meetings[0].id,
                attendee_id=boris.id,
                took_place=True,
                rating=4,
                wants_follow_up=True,
            ),
        ]
    )
    reasons = ["Offers: compostable cups — you are looking for this", "You both work on packaging"]
    for rank, name in enumerate(["Hana Kim", "Eve Adams", "Fred Ray", "Greg Lis"], start=1):
        session.add(
            Recommendation(
                attendee_id=anna.id,
                candidate_id=others[name].id,
                rank=rank,
                score=0.95 - rank * 0.15,
                reasons=reasons,
            )
        )
        session.add(
            Recommendation(
                attendee_id=others[name].id, candidate_id=anna.id, rank=1, score=0.7, reasons=reasons
            )
        )
    session.add_all(
        [
            MeetingRequest(
                event_id=event.id,
                from_attendee_id=others["Eve Adams"].id,
                to_attendee_id=anna.id,
                message="Shall we talk about cups?",
                status=RequestStatus.REQUESTED,
            ),
            MeetingRequest(
                event_id=event.id,
                from_attendee_id=anna.id,
                to_attendee_id=others["Fred Ray"].id,
                status=RequestStatus.REQUESTED,
            ),
            MeetingRequest(
                event_id=event.id,
                from_attendee_id=anna.id,
                to_attendee_id=others["Greg Lis"].id,
                status=RequestStatus.ACCEPTED,
                responded_at=datetime.now(UTC),
            ),
        ]
    )
    # The kiosk lists a refill offer: Greg's later meeting with Hana was cancelled, Eve is asked.
    cancelled = Meeting.between(
        others["Greg Lis"].id,
        others["Hana Kim"].id,
        event_id=event.id,
        slot_id=event.slots[3].id,
        table_id=event.tables[2].id,
        status="cancelled",
    )
    session.add(cancelled)
    session.flush()
    seat = FreedSeat(
        event_id=event.id,
        slot_id=event.slots[3].id,
        attendee_id=others["Greg Lis"].id,
        meeting_id=cancelled.id,
        reason="cancelled",
    )
    session.add(seat)
    session.flush()
    session.add(
        RefillOffer(
            event_id=event.id,
            seat_id=seat.id,
            slot_id=event.slots[3].id,
            seeker_id=others["Greg Lis"].id,
            candidate_id=others["Eve Adams"].id,
            score=0.8,
            expires_at=event.slots[3].start,
        )
    )
    token = kiosk.issue_kiosk_token(session, event)
    eve_page = f"/me/{issue_token(others['Eve Adams'])}"
    greg_page = f"/me/{issue_token(others['Greg Lis'])}"
    session.commit()
    return Fair(event, anna_page, fresh, meetings[1].id, f"/kiosk/{event.slug}/{token}", eve_page, greg_page)


def _violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    assert page.evaluate("() => axe.version") == AXE_VERSION
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_22_AA,
    )
    return list(result["violations"])


def _describe(where: str, violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        for node in v["nodes"][:3]:
            lines.append(
                f"{where}: {v['id']} ({v['impact']}): {v['help']} at {node['target']}: "
                f"{node.get('failureSummary', '')[:300]}"
            )
    return lines


def _check(page: Page, where: str, found: list[str]) -> None:
    found.extend(_describe(where, _violations(page)))


@pytest.fixture
def phone(browser: Browser) -> BrowserContext:
    context = browser.new_context(viewport=PHONE, locale="en-GB", service_workers="block")
    yield context  # type: ignore[misc]
    context.close()


@pytest.fixture(autouse=True)
def _fresh_kiosk_cache() -> None:
    kiosk.clear_board_cache()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_attendee_pages_pass_axe_at_wcag_22_aa_on_a_phone(
    lang: str, live_server: LiveServer, phone: BrowserContext, db_session: Session
) -> None:
    fair = _fair(db_session)
    base = live_server.url
    page = phone.new_page()
    found: list[str] = []
    pages = {
        "home": "/",
        "registration": f"/e/{fair.event.slug}/register",
        "registered": f"/e/{fair.event.slug}/registered",
        "lost link": "/lost-link",
        "bad link": "/me/this-link-does-not-work",
        "people": fair.anna,
        "people, all": f"{fair.anna}?all=1",
        "people, none yet": fair.fresh,
        "requests": f"{fair.anna}/requests",
        "requests, none": f"{fair.fresh}/requests",
        "agenda": f"{fair.anna}/agenda",
        "agenda, empty": f"{fair.fresh}/agenda",
        "connections": f"{fair.anna}/connections",
        "connections, none": f"{fair.fresh}/connections",
        "calendar": f"{fair.anna}/calendar",
        "profile": f"{fair.anna}/profile",
        "my data": f"{fair.anna}/data",
        "feedback": f"{fair.anna}/meetings/{fair.feedback_meeting}/feedback",
        "offline": f"{fair.anna}/offline",
        "not found": "/no-such-page",
    }
    for name, path in pages.items():
        page.goto(f"{base}{path}{'&' if '?' in path else '?'}lang={lang}")
        assert page.evaluate("document.documentElement.lang") == lang, name
        _check(page, name, found)

    # Pages in a state a person brings them to: a form sent with mistakes, the request box open,
    # a message after an action, the offline notice, a link sent, a deleted profile.
    page.goto(f"{base}/e/{fair.event.slug}/register?lang={lang}")
    page.locator("form.profile-form button[type=submit]").click()
    page.wait_for_selector("#form-errors")
    _check(page, "registration with errors", found)
    page.goto(f"{base}{fair.anna}/profile?lang={lang}")
    page.locator("#name").fill("")
    page.locator("form.profile-form button[type=submit]").click()
    page.wait_for_selector("#form-errors")
    _check(page, "profile with errors", found)
    page.goto(f"{base}{fair.anna}?lang={lang}")
    page.locator(".request-box summary").first.click()
    page.locator(".person .person-actions").first.wait_for()
    _check(page, "people, request box open", found)
    page.locator(".link-button").first.click()  # "not interested": the page comes back with a message
    page.wait_for_selector(".flash")
    _check(page, "people, after an action", found)
    page.goto(f"{base}{fair.anna}/meetings/{fair.feedback_meeting}/feedback?lang={lang}")
    page.locator("main form button[type=submit]").click()  # not the header's language buttons
    page.wait_for_selector(".error, .flash-error")
    _check(page, "feedback with errors", found)
    page.goto(f"{base}{fair.anna}/agenda?lang={lang}")
    page.evaluate("""() => {
        const banner = document.querySelector('[data-offline-banner]');
        banner.textContent = banner.dataset.label.replace('{time}', '18 May, 09:42');
        banner.hidden = false;
        const tools = document.querySelector('[data-offline-tools]');
        tools.hidden = false;
        tools.querySelector('[data-offline-kept]').hidden = false;
    }""")
    _check(page, "agenda as an offline copy", found)
    page.goto(f"{base}{fair.eve}/agenda?lang={lang}")
    page.locator(".offer [data-offer-answers] button").first.wait_for()
    _check(page, "agenda, a refill offer", found)
    page.goto(f"{base}{fair.greg}/agenda?lang={lang}")
    page.locator(".seat form button").first.wait_for()
    _check(page, "agenda, a freed seat's question", found)
    # The same offer on a copy opened offline: no answer buttons, then its time is up.
    page.evaluate("""() => {
        const card = document.querySelector('.offer');
        card.querySelector('[data-offer-answers]').hidden = true;
        card.querySelector('[data-offer-offline]').hidden = false;
    }""")
    _check(page, "agenda, a refill offer offline", found)
    page.evaluate("""() => {
        const card = document.querySelector('.offer');
        card.querySelector('[data-offer-offline]').hidden = true;
        card.querySelector('[data-offer-open]').hidden = true;
        card.querySelector('[data-offer-expired]').hidden = false;
    }""")
    _check(page, "agenda, a refill offer expired offline", found)
    page.goto(f"{base}/lost-link?lang={lang}")
    page.locator("#email").fill("anna@ecocup.test")
    page.locator("form button[type=submit]").click()
    page.wait_for_load_state()
    _check(page, "link sent", found)
    page.goto(f"{base}{fair.fresh}/data?lang={lang}")
    page.locator("#confirm").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("form[data-confirm] button[type=submit]").click()
    page.wait_for_selector("[data-offline-forget]")
    _check(page, "profile deleted", found)

    assert found == [], "\n" + "\n".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, FULL_HD], ids=["phone", "full-hd"])
def test_kiosk_passes_axe_at_wcag_22_aa(
    lang: str, viewport: dict[str, int], live_server: LiveServer, browser: Browser, db_session: Session
) -> None:
    fair = _fair(db_session)
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    found: list[str] = []
    try:
        page.goto(f"{live_server.url}{fair.kiosk}?lang={lang}")
        assert page.evaluate("document.documentElement.lang") == lang
        page.locator(".meeting").first.wait_for()
        page.locator(".offer").first.wait_for()  # the refill offer is listed, and checked with the rest
        _check(page, "board", found)
        page.locator("#find-input").fill("Anna")
        page.locator("form.find button[type=submit]").click()
        page.locator("[data-role=find-results]:not([hidden])").wait_for()
        _check(page, "board, found meetings", found)
    finally:
        context.close()

    assert found == [], "\n" + "\n".join(found)


def test_axe_finds_what_it_should_on_a_page_with_known_faults(
    live_server: LiveServer, phone: BrowserContext
) -> None:
    """The check can fail: a page with an unlabelled field and grey-on-grey text has violations."""
    page = phone.new_page()
    page.goto(f"{live_server.url}/?lang=en")
    page.evaluate("""() => {
        document.querySelector('main').insertAdjacentHTML('beforeend',
            '<input type="text"><p style="color:#bbb;background:#ccc">faint</p>');
    }""")

    ids = {v["id"] for v in _violations(page)}

    assert {"label", "color-contrast"} <= ids
    assert json.dumps(sorted(ids))  # readable in a failure message


def test_kiosk_results_take_the_focus_and_escape_gives_it_back(
    live_server: LiveServer, browser: Browser, db_session: Session
) -> None:
    fair = _fair(db_session)
    context = browser.new_context(viewport=FULL_HD, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{fair.kiosk}?lang=en")
        page.locator("#find-input").fill("Anna")
        page.keyboard.press("Enter")
        page.locator("[data-role=find-results]:not([hidden])").wait_for()
        focused_in_results = page.evaluate(
            "() => document.querySelector('[data-role=find-results]').contains(document.activeElement)"
        )
        page.keyboard.press("Escape")
        page.locator("[data-role=find-results]").wait_for(state="hidden")
        focused_id = page.evaluate("() => document.activeElement.id")
    finally:
        context.close()

    assert focused_in_results
    assert focused_id == "find-input"
