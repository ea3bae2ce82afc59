"""Screenshots of the attendee pages on a phone, in English, Polish and Russian.

    .venv/bin/python scripts/screenshots_attendee.py --out screenshots/

Starts the app on a temporary SQLite database with the demo event, computes recommendations, gives two
demo attendees a request, an agreed meeting and a scheduled one, then drives Debian's chromium through
the pages and writes one PNG per page (full height) into the output folder.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import threading
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matchmaker.config import Settings
from matchmaker.db import migrate
from matchmaker.db.engine import make_engine, make_session_factory
from matchmaker.db.models import Attendee, Meeting, MeetingSource, Recommendation
from matchmaker.services.demo import load_demo_event
from matchmaker.services.recommendations import refresh_event_recommendations
from matchmaker.services.requests import accept, send_request
from matchmaker.services.tokens import issue_token
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
PHONE: ViewportSize = {"width": 390, "height": 844}


def _prepare(database_url: str) -> tuple[str, str, str]:
    """Demo event with recommendations; returns (event slug, viewer's page, partner's page)."""
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with make_session_factory(engine)() as session:
        event = load_demo_event(session).event
        session.commit()
        print("computing recommendations for the demo event ...", flush=True)
        refresh_event_recommendations(session, event.id)
        session.commit()
        viewer = session.scalars(
            select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id)
        ).first()
        assert viewer is not None
        ranked = list(
            session.scalars(
                select(Recommendation)
                .where(Recommendation.attendee_id == viewer.id)
                .order_by(Recommendation.rank)
            )
        )
        partner, asker, agreed = (session.get(Attendee, r.candidate_id) for r in ranked[:3])
        assert partner is not None and asker is not None and agreed is not None
        for person in (viewer, partner, asker, agreed):
            person.consent_at = datetime.now(UTC)
        help_link = "http://127.0.0.1/lost-link"
        send_request(session, asker, viewer.id, "Would you have 20 minutes for us?", lambda _a: help_link)
        request = send_request(session, agreed, viewer.id, "", lambda _a: help_link).request
        accept(session, viewer, request.id, lambda _a: help_link)
        send_request(
            session, viewer, ranked[4].candidate_id, "Interested in your offer", lambda _a: help_link
        )
        session.add(
            Meeting.between(
                viewer.id,
                partner.id,
                event_id=event.id,
                slot_id=event.slots[2].id,
                table_id=event.tables[3].id,
                source=MeetingSource.AUTO,
            )
        )
        viewer_token, partner_token = issue_token(viewer), issue_token(partner)
        session.commit()
        slug = event.slug
    engine.dispose()
    return slug, f"/me/{viewer_token}", f"/me/{partner_token}"


def _shoot(page: Page, url: str, out: Path, name: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    print(f"  {name}.png", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="folder for the PNG files")
    arguments = parser.parse_args()
    out: Path = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="matchmaker-shots-") as folder:
        database_url = f"sqlite:///{folder}/shots.sqlite3"
        slug, viewer, partner = _prepare(database_url)
        app = create_app(
            Settings(
                debug=True,
                secret_key="screenshots",
                database_url=database_url,
                instance_path=Path(folder),
                log_level="WARNING",
            )
        )
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per page is enough
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport=PHONE, locale="en-GB", device_scale_factor=2).new_page()
                pages = [
                    ("register", f"/e/{slug}/register"),
                    ("recommendations", viewer),
                    ("requests", f"{viewer}/requests"),
                    ("agenda", f"{viewer}/agenda"),
                    ("agenda-partner", f"{partner}/agenda"),
                    ("profile", f"{viewer}/profile"),
                    ("my-data", f"{viewer}/data"),
                    ("lost-link", "/lost-link"),
                    ("bad-link", "/me/not-a-valid-link"),
                ]
                for language in ("en", "pl", "ru"):
                    for name, path in pages:
                        joiner = "&" if "?" in path else "?"
                        _shoot(page, f"{base}{path}{joiner}lang={language}", out, f"{language}-{name}")
                page.goto(f"{base}/e/{slug}/register?lang=en")
                page.get_by_role("button", name="Register and get my link").click()
                page.screenshot(path=str(out / "en-register-errors.png"), full_page=True)
                print("  en-register-errors.png")
                browser.close()
        finally:
            server.shutdown()
            app.extensions["matchmaker.db"].engine.dispose()
    print(f"screenshots written to {out}/")


if __name__ == "__main__":
    main()
