from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Meeting, MeetingSource
from matchmaker.services.tokens import issue_token
from tests.e2e.attendee_flow import fill_registration, open_tab
from tests.e2e.conftest import PHONE, LiveServer
from tests.integration.attendee_support import event_with_interests, link_in, mails_to, path_of, wait_for_jobs

pytestmark = pytest.mark.e2e


def _boris(session: Session, event_id: int) -> tuple[Attendee, str]:
    boris = Attendee(
        event_id=event_id,
        name="Boris Petrov",
        email="boris@roastery.test",
        company="Roastery",
        job_title="Buyer",
        offers="We roast specialty coffee and supply cafés in Poland",
        seeks="Compostable cups and lids, packaging suppliers for our coffee shops",
        interests=["packaging"],
        intents=["find_suppliers"],
        consent_at=datetime.now(UTC),
    )
    session.add(boris)
    token = issue_token(boris)
    session.commit()
    return boris, f"/me/{token}"


def test_register_request_accept_agenda_calendar_and_languages(
    live_server: LiveServer, page: Page, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    db_session.commit()
    boris, boris_page = _boris(db_session, event.id)

    # Anna registers on her phone.
    page.goto(f"{live_server.url}/e/{event.slug}/register")
    fill_registration(
        page,
        name="Anna Kowalska",
        email="anna@ecocup.test",
        offers="We make compostable cups and lids for cafés",
        seeks="Coffee roasters and café chains as customers",
    )
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    wait_for_jobs(live_server.app)

    # Her link arrives in the outbox; she opens it and asks Boris for a meeting.
    [mail] = mails_to(db_session, "anna@ecocup.test")
    anna_page = path_of(link_in(mail))
    page.goto(live_server.url + anna_page)
    card = page.locator(".person", has_text="Boris Petrov")
    expect(card).to_be_visible()
    card.get_by_text("Request a meeting").click()
    card.get_by_label("Message (optional)").fill("Shall we talk about cups for your cafés?")
    card.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("status")).to_contain_text("Request sent to Boris Petrov")

    # Boris accepts it and now sees Anna's e-mail.
    page.goto(live_server.url + boris_page)
    open_tab(page, "Requests")
    request_card = page.locator(".request", has_text="Anna Kowalska")
    expect(request_card).to_contain_text("Shall we talk about cups")
    request_card.get_by_role("button", name="Accept").click()
    expect(page.locator(".request", has_text="Anna Kowalska")).to_contain_text("anna@ecocup.test")

    # Both agendas show the agreed meeting; once the organisers schedule it, its time and table.
    open_tab(page, "Agenda")
    expect(page.get_by_role("heading", name="Agreed, to be scheduled")).to_be_visible()
    anna = db_session.query(Attendee).filter_by(email="anna@ecocup.test").one()
    db_session.add(
        Meeting.between(
            boris.id,
            anna.id,
            event_id=event.id,
            slot_id=event.slots[1].id,
            table_id=event.tables[0].id,
            source=MeetingSource.REQUEST,
        )
    )
    db_session.commit()
    for who, path, partner in (("Anna", anna_page, "Boris Petrov"), ("Boris", boris_page, "Anna Kowalska")):
        page.goto(f"{live_server.url}{path}/agenda")
        meeting = page.locator(".meeting", has_text=partner)
        expect(meeting, who).to_contain_text("09:20–09:40")
        expect(meeting, who).to_contain_text("Table T01")

    # Anna's agenda shows her link's QR code (rendered, not a broken image); she downloads her calendar.
    page.goto(f"{live_server.url}{anna_page}/agenda")
    qr_width = page.locator(".qr-card img").evaluate("img => img.complete ? img.naturalWidth : 0")
    assert qr_width > 0
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    calendar = Calendar.from_ical(Path(download_info.value.path()).read_bytes())
    [entry] = calendar.walk("VEVENT")
    assert "Boris Petrov" in str(entry["SUMMARY"])
    assert entry.decoded("DTSTART").astimezone(UTC) == event.slots[1].start

    # And reads it in Polish, then Russian (the header's language buttons, recorded for her mails).
    page.get_by_role("button", name="Polski").click()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", name="Moja agenda")).to_be_visible()
    expect(page.locator(".meeting")).to_contain_text("Stolik T01")
    page.get_by_role("button", name="Русский").click()
    expect(page.get_by_role("heading", name="Моё расписание")).to_be_visible()
    expect(page.locator(".agenda-day h2")).to_contain_text("вторник")


def test_registration_errors_are_shown_beside_the_fields_and_input_is_kept(
    live_server: LiveServer, page: Page, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    db_session.commit()

    page.goto(f"{live_server.url}/e/{event.slug}/register")
    page.get_by_label("Full name").fill("Anna")
    page.get_by_label("E-mail", exact=True).fill("not-an-email")
    page.get_by_role("button", name="Register and get my link").click()

    expect(page.locator("#email-error")).to_contain_text("doesn't look like an e-mail address")
    expect(page.locator("#consent-error")).to_contain_text("agree to the privacy terms")
    expect(page.get_by_label("Full name")).to_have_value("Anna")
    expect(page.get_by_label("E-mail", exact=True)).to_have_attribute("aria-invalid", "true")


def test_registration_works_without_javascript(
    live_server: LiveServer, browser: Browser, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    db_session.commit()
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)  # type: ignore[arg-type]
    no_js = context.new_page()

    no_js.goto(f"{live_server.url}/e/{event.slug}/register")
    fill_registration(no_js, name="Carla", email="carla@example.test", offers="Logistics", seeks="Exporters")

    expect(no_js.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    wait_for_jobs(live_server.app)
    context.close()


def test_wrong_link_offers_to_send_the_link(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/me/this-is-not-a-valid-token")

    expect(page.get_by_role("heading", name="This link doesn't work")).to_be_visible()
    page.get_by_label("E-mail you registered with").fill("someone@example.test")
    page.get_by_role("button", name="Send me my link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
