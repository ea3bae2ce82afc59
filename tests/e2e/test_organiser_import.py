from __future__ import annotations

import pytest
from playwright._impl._api_structures import FilePayload
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee
from tests.e2e.conftest import LiveServer
from tests.e2e.organiser_flow import sign_in
from tests.factories import make_event
from tests.organiser_data import make_organiser

pytestmark = pytest.mark.e2e


def _csv(text: str) -> FilePayload:
    return {"name": "attendees.csv", "mimeType": "text/csv", "buffer": text.encode()}


CSV = (
    "id,name,email,company,offers,seeks\n"
    "a1,Anna Kowalska,anna@acme.test,Acme,Cups,Roasters\n"
    "a2,,john@globex.test,Globex,Beans,Cups\n"
    "a3,Eve Adams,eve@x.test,X,Tea,Cups\n"
)


def test_import_with_a_bad_row_shows_the_report_and_imports_nothing(
    live_server: LiveServer, page: Page, db_session: Session
) -> None:
    event = make_event(db_session)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url)

    page.goto(f"{live_server.url}/organiser/events/{event.slug}/attendees/import")
    page.get_by_label("CSV file").set_input_files(files=[_csv(CSV)])
    page.get_by_role("button", name="Check file").click()

    report = page.get_by_role("region", name="1 problem — nothing was imported")
    expect(report).to_be_visible()
    expect(report.locator("tr.problem td")).to_have_text(["3", "name", "Please fill this in."])
    assert db_session.scalar(select(func.count()).select_from(Attendee)) == 0


def test_clean_file_is_imported_after_the_check(
    live_server: LiveServer, page: Page, db_session: Session
) -> None:
    event = make_event(db_session)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url)
    good = CSV.replace(",,john", ",John Smith,john")

    page.goto(f"{live_server.url}/organiser/events/{event.slug}/attendees/import")
    page.get_by_label("CSV file").set_input_files(files=[_csv(good)])
    page.get_by_role("button", name="Check file").click()
    page.get_by_role("button", name="Import 3 attendees").click()

    expect(page.get_by_text("3 attendees imported.")).to_be_visible()
    expect(page.get_by_role("link", name="John Smith")).to_be_visible()
