"""Screenshots of the organiser dashboard, its charts and a kiosk board, on the demo event.

    .venv/bin/python scripts/screenshots_organiser.py --out screenshots/

Starts the app on a temporary SQLite database with the demo event and its recommendations, signs in as
a demo organiser, generates a schedule through the page (catching the progress bar mid-run), publishes
it, and photographs each screen. For the kiosk, the demo's slots are shifted so a round is running now.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright._impl._api_structures import FilePayload, ViewportSize
from playwright.sync_api import Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matchmaker.config import Settings
from matchmaker.db import migrate
from matchmaker.db.engine import make_engine, make_session_factory
from matchmaker.db.models import Attendee, Event, Meeting, MeetingStatus
from matchmaker.services.demo import load_demo_event
from matchmaker.services.kiosk import issue_kiosk_token
from matchmaker.services.organisers import create_organiser, grant_event
from matchmaker.services.recommendations import refresh_event_recommendations
from matchmaker.web.app import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP: ViewportSize = {"width": 1440, "height": 900}
FULL_HD: ViewportSize = {"width": 1920, "height": 1080}
# A late-registration file with two mistakes, to show the import report.
LATE_CSV = (
    b"id,name,email,offers,seeks,unavailable\n"
    b"L1,Late Comer,late@x.example,Pallets,Buyers,d9-01\n"
    b"L2,,nobody@x.example,Boxes,Buyers,\n"
)
EMAIL, PASSWORD = "demo-organiser@example.com", "demo organiser password"


def _prepare(database_url: str) -> str:
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with make_session_factory(engine)() as session:
        event = load_demo_event(session).event
        print("computing recommendations for the demo event ...", flush=True)
        refresh_event_recommendations(session, event.id)
        grant_event(session, create_organiser(session, EMAIL, PASSWORD, "Demo Organiser"), event)
        session.commit()
        return event.slug


def _shift_to_now(database_url: str, slug: str) -> str:
    """Move the demo's slots so that its third round is running now; returns a kiosk path."""
    with make_session_factory(make_engine(database_url))() as session:
        event = session.scalars(select(Event).where(Event.slug == slug)).one()
        minute = datetime.now(UTC).replace(second=0, microsecond=0)
        offset = minute - (event.slots[2].start + timedelta(minutes=7))
        for slot in reversed(event.slots) if offset > timedelta(0) else event.slots:
            slot.start, slot.end = slot.start + offset, slot.end + offset
            session.flush()
        token = issue_kiosk_token(session, event, "Hall A entrance")
        session.commit()
        return f"/kiosk/{slug}/{token}"


def _shot(page: Page, out: Path, name: str, full_page: bool = True) -> None:
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(f"wrote {path}", flush=True)


def _organiser_pages(page: Page, base: str, slug: str, out: Path) -> None:
    page.goto(base + "/organiser/login")
    page.get_by_label("E-mail").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    _shot(page, out, "organiser-01-dashboard")
    page.goto(f"{base}/organiser/events/{slug}")
    _shot(page, out, "organiser-02-event")
    page.goto(f"{base}/organiser/events/{slug}/setup")
    _shot(page, out, "organiser-03-setup")
    page.goto(f"{base}/organiser/events/{slug}/attendees")
    _shot(page, out, "organiser-04-attendees", full_page=False)
    page.goto(f"{base}/organiser/events/{slug}/attendees/import")
    late: FilePayload = {"name": "late.csv", "mimeType": "text/csv", "buffer": LATE_CSV}
    page.get_by_label("CSV file").set_input_files(files=[late])
    page.get_by_role("button", name="Check file").click()
    _shot(page, out, "organiser-05-import-report")
    page.goto(f"{base}/organiser/events/{slug}/schedule")
    page.get_by_label("Search time").select_option("20")
    page.get_by_role("button", name="Generate schedule").click()
    page.wait_for_function(
        "() => { const p = document.querySelector('tr.run progress');"
        " return p && p.value > 0.3 && p.value < 0.9; }",
        timeout=60000,
    )
    _shot(page, out, "organiser-06-progress")
    page.get_by_role("link", name="View draft").first.click(timeout=120000)
    _shot(page, out, "organiser-07-draft-charts")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Publish").click()
    _shot(page, out, "organiser-08-meetings", full_page=False)
    row = page.locator("tr.meeting").first
    row.get_by_label("Slot").select_option(index=1)
    row.get_by_role("button", name="Move").click()
    _shot(page, out, "organiser-09-conflict")


def _day_pages(page: Page, base: str, slug: str, kiosk_path: str, out: Path) -> None:
    page.goto(f"{base}/organiser/events/{slug}/checkin?q=kow")
    _shot(page, out, "organiser-10-checkin")
    page.goto(f"{base}/organiser/events/{slug}/live")
    _shot(page, out, "organiser-11-live")
    page.goto(f"{base}/organiser/events/{slug}/print/tables")
    _shot(page, out, "organiser-12-table-sheets", full_page=False)
    page.goto(f"{base}/organiser/events/{slug}/print/badges")
    _shot(page, out, "organiser-13-badges", full_page=False)


def _check_in_some(database_url: str, slug: str) -> None:
    with make_session_factory(make_engine(database_url))() as session:
        event = session.scalars(select(Event).where(Event.slug == slug)).one()
        people = session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id))
        for index, person in enumerate(people):
            if index % 3:
                person.checked_in_at = datetime.now(UTC)
        live = session.scalars(
            select(Meeting).where(Meeting.event_id == event.id, Meeting.status == MeetingStatus.SCHEDULED)
        ).first()
        assert live is not None, "publishing produced no meetings"
        session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/screens.sqlite3"
        slug = _prepare(database_url)
        app = create_app(
            Settings(
                secret_key="screenshots", database_url=database_url, instance_path=Path(folder), debug=True
            )
        )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                laptop = browser.new_context(viewport=LAPTOP, locale="en-GB").new_page()
                _organiser_pages(laptop, base, slug, args.out)
                kiosk_path = _shift_to_now(database_url, slug)
                _check_in_some(database_url, slug)
                _day_pages(laptop, base, slug, kiosk_path, args.out)
                screen = browser.new_context(viewport=FULL_HD, locale="en-GB").new_page()
                screen.goto(base + kiosk_path)
                _shot(screen, args.out, "kiosk-01-board", full_page=False)
                screen.get_by_label("Find my meetings").fill("Laine")
                screen.get_by_role("button", name="Find", exact=True).click()
                screen.get_by_role("dialog").wait_for()
                _shot(screen, args.out, "kiosk-02-find-my-meetings", full_page=False)
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
