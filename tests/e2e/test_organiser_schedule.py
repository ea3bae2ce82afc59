from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Meeting
from matchmaker.services.tokens import issue_token
from tests.e2e.conftest import LiveServer
from tests.e2e.organiser_flow import sign_in
from tests.factories import make_attendee
from tests.organiser_data import make_fair, make_organiser

pytestmark = pytest.mark.e2e


@pytest.fixture
def laptop(page: Page) -> Page:
    page.set_viewport_size({"width": 1366, "height": 900})
    return page


def _generate(page: Page, base_url: str, slug: str) -> None:
    page.goto(f"{base_url}/organiser/events/{slug}/schedule")
    page.get_by_label("Search time").select_option("5")
    page.get_by_role("button", name="Generate schedule").click()


def test_progress_bar_reaches_100_percent(live_server: LiveServer, laptop: Page, db_session: Session) -> None:
    event, _ = make_fair(db_session, people=20, slots=6, tables=4)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(laptop, live_server.url)

    _generate(laptop, live_server.url, event.slug)

    bar = laptop.locator("tr.run").first.locator("progress")
    expect(bar).to_be_visible()
    seen = []
    for _ in range(100):
        value = float(bar.get_attribute("value") or 0)
        seen.append(value)
        if value >= 1:
            break
        laptop.wait_for_timeout(200)
    assert seen[-1] == 1.0
    assert any(0 < value < 1 for value in seen), f"the bar jumped straight to the end: {seen}"
    expect(laptop.locator("tr.run").first.get_by_text("100%")).to_be_visible()
    expect(laptop.get_by_role("link", name="View draft").first).to_be_visible(timeout=10000)


def test_publishing_changes_an_attendees_agenda(
    live_server: LiveServer, laptop: Page, db_session: Session
) -> None:
    event, people = make_fair(db_session, people=8, slots=4, tables=3)
    make_organiser(db_session, "org@example.test", event)
    token = issue_token(people[0])
    db_session.commit()
    sign_in(laptop, live_server.url)
    agenda = laptop.context.new_page()
    agenda.goto(f"{live_server.url}/me/{token}/agenda")
    before = agenda.locator("main").inner_text()

    _generate(laptop, live_server.url, event.slug)
    laptop.get_by_role("link", name="View draft").first.click(timeout=30000)
    laptop.once("dialog", lambda dialog: dialog.accept())
    laptop.get_by_role("button", name="Publish").click()
    expect(laptop.get_by_text("Published:")).to_be_visible()

    meeting = db_session.scalars(
        select(Meeting).where(
            (Meeting.attendee_a_id == people[0].id) | (Meeting.attendee_b_id == people[0].id)
        )
    ).first()
    assert meeting is not None
    partner = meeting.attendee_b if meeting.attendee_a_id == people[0].id else meeting.attendee_a
    agenda.reload()
    expect(agenda.locator("main")).to_contain_text(partner.name)
    assert partner.name not in before


def test_moving_a_meeting_onto_a_busy_table_explains_the_conflict(
    live_server: LiveServer, laptop: Page, db_session: Session
) -> None:
    event, _ = make_fair(db_session, people=0, slots=3, tables=2)
    anna, john = (
        make_attendee(db_session, event, name="Anna Kowalska"),
        make_attendee(db_session, event, name="John"),
    )
    eve, max_ = (
        make_attendee(db_session, event, name="Eve Adams"),
        make_attendee(db_session, event, name="Max Mayer"),
    )
    moving = Meeting.between(
        anna.id, john.id, event_id=event.id, slot_id=event.slots[0].id, table_id=event.tables[0].id
    )
    db_session.add_all(
        [
            moving,
            Meeting.between(
                eve.id, max_.id, event_id=event.id, slot_id=event.slots[1].id, table_id=event.tables[0].id
            ),
        ]
    )
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(laptop, live_server.url)

    laptop.goto(f"{live_server.url}/organiser/events/{event.slug}/meetings")
    laptop.locator(f'tr[data-meeting="{moving.id}"]').get_by_role("link", name="Move or swap").click()
    move = laptop.locator("#move")
    move.get_by_label("Slot").select_option(str(event.slots[1].id))
    move.get_by_role("button", name="Move, and tell both people").click()

    alert = laptop.get_by_role("alert")
    expect(alert).to_contain_text("This change is not possible")
    expect(alert).to_contain_text("T01 is taken at 09:20 (d1-02) by Eve Adams")
