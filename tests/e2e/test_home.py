from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from tests.e2e.conftest import LiveServer
from tests.factories import make_event

pytestmark = pytest.mark.e2e


def test_home_page_shows_the_event_in_a_browser(
    live_server: LiveServer, page: Page, db_session: Session
) -> None:
    event = make_event(db_session)
    db_session.commit()

    response = page.goto(live_server.url + "/")

    assert response is not None and response.status == 200
    expect(page.get_by_role("heading", name=event.name)).to_be_visible()


def test_home_page_switches_to_russian(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url + "/")

    page.get_by_role("link", name="Русский").click()

    expect(page.locator("html")).to_have_attribute("lang", "ru")
