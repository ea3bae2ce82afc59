"""On the day in a real browser: "we met" with one tap on the phone's agenda, and the organiser's live
view showing held, waiting and no-show tables for the round running now and the next one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event, Meeting, MeetingStatus
from matchmaker.services.tokens import issue_token
from tests.e2e.conftest import PHONE, LiveServer
from tests.e2e.organiser_flow import event_running_now, sign_in
from tests.organiser_data import make_organiser

pytestmark = pytest.mark.e2e


def _person(session: Session, event: Event, name: str, checked_in: bool = True) -> tuple[Attendee, str]:
    person = Attendee(
        event_id=event.id,
        name=name,
        email=f"{name.split()[0].lower()}@example.test",
        consent_at=datetime.now(UTC),
        checked_in_at=datetime.now(UTC) - timedelta(hours=1) if checked_in else None,
    )
    session.add(person)
    token = issue_token(person)
    session.flush()
    return person, f"/me/{token}"


def _meet(
    session: Session,
    event: Event,
    a: Attendee,
    b: Attendee,
    slot: int,
    table: int,
    status: str = MeetingStatus.SCHEDULED,
) -> Meeting:
    meeting = Meeting.between(
        a.id,
        b.id,
        event_id=event.id,
        slot_id=event.slots[slot].id,
        table_id=event.tables[table].id,
        status=status,
    )
    session.add(meeting)
    session.flush()
    return meeting


def test_we_met_is_one_tap_on_the_agenda(
    browser: Browser, live_server: LiveServer, db_session: Session
) -> None:
    event = event_running_now(db_session)
    anna, anna_page = _person(db_session, event, "Anna Kowalska")
    boris, _ = _person(db_session, event, "Boris Petrov")
    meeting = _meet(db_session, event, anna, boris, slot=1, table=0)  # running now
    db_session.commit()
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + anna_page + "/agenda")

    page.get_by_role("button", name="We met").click()

    expect(page.get_by_role("status").filter(has_text="marked as held")).to_be_visible()
    expect(page.locator(".meeting-outcome.held")).to_have_text("Held")
    expect(page.get_by_role("button", name="We met")).to_have_count(0)
    db_session.expire_all()
    assert db_session.get_one(Meeting, meeting.id).status == MeetingStatus.HELD
    context.close()


def test_live_view_shows_held_waiting_and_no_show_tables(
    page: Page, live_server: LiveServer, db_session: Session
) -> None:
    event = event_running_now(db_session, tables=4)
    make_organiser(db_session, "org@example.test", event)
    people = [_person(db_session, event, f"Person{i} Test", checked_in=i != 5)[0] for i in range(8)]
    _meet(db_session, event, people[0], people[1], slot=1, table=0, status=MeetingStatus.HELD)
    _meet(db_session, event, people[2], people[3], slot=1, table=1)
    _meet(db_session, event, people[4], people[5], slot=1, table=2, status=MeetingStatus.NO_SHOW)
    _meet(db_session, event, people[6], people[7], slot=2, table=0)
    db_session.commit()
    sign_in(page, live_server.url)

    page.goto(live_server.url + f"/organiser/events/{event.slug}/live")

    running = page.locator("section.live-slot").nth(0)
    expect(running.get_by_role("heading")).to_have_text("Running now: d1-02")
    states = running.locator(".live-table")
    expect(states).to_have_count(4)
    assert [states.nth(i).get_attribute("data-state") for i in range(4)] == [
        "held",
        "waiting",
        "no_show",
        "free",
    ]
    expect(running.locator(".live-counts")).to_have_text("1 held · 1 waiting · 1 no-show · 1 free")
    upcoming = page.locator("section.live-slot").nth(1)
    expect(upcoming.get_by_role("heading")).to_have_text("Next: d1-03")
    expect(upcoming.locator(".live-table").nth(0)).to_have_attribute("data-state", "waiting")
    expect(page.get_by_role("heading", name="Refills of freed slots")).to_be_visible()
    # The organiser switches refill off for the event.
    page.get_by_label("Offer freed slots to others automatically").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Refill is switched off for this event.")).to_be_visible()
    db_session.expire_all()
    assert db_session.scalar(select(Event.refill_enabled).where(Event.id == event.id)) is False
