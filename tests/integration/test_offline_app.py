"""What the installable web app is made of, served by the app: a manifest per personal link, the
service worker scoped to that link, the page for pages not kept offline, and the "link gone" signal."""

from __future__ import annotations

import json
import re
from pathlib import Path

from flask import Flask
from sqlalchemy.orm import Session

from matchmaker.web.attendee import offline_views
from tests.integration.attendee_support import attendee_with_link, csrf_client, event_with_interests

STATIC = Path(offline_views.__file__).resolve().parents[2] / "static"


def test_manifest_starts_the_app_on_the_attendees_agenda_in_their_language(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    _, page = attendee_with_link(db_session, event, locale="pl")
    db_session.commit()

    response = csrf_client(app).get(f"{page}/manifest.webmanifest")
    manifest = json.loads(response.data)

    assert response.mimetype == "application/manifest+json"
    assert response.headers["Cache-Control"] == "no-store"
    assert manifest["start_url"] == f"{page}/agenda"
    assert manifest["scope"] == page and manifest["id"] == page
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "pl" and "spotkania" in manifest["name"].lower()
    sizes = {(i["sizes"], i["purpose"]) for i in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes
    for icon in manifest["icons"]:
        served = app.test_client().get(icon["src"])
        png = served.data
        served.close()  # a static file is sent from an open file
        assert served.status_code == 200 and served.mimetype == "image/png"
        width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def test_service_worker_is_scoped_to_the_personal_link(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, page = attendee_with_link(db_session, event)
    db_session.commit()

    response = csrf_client(app).get(f"{page}/sw.js")
    found = re.match(r"self\.MATCHMAKER_OFFLINE = (\{.*?\});\n", response.get_data(as_text=True))
    assert found is not None
    config = json.loads(found[1])

    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == page
    assert config["base"] == page
    assert set(config["pages"]) >= {"agenda", "qr.svg", "connections", "offline"}
    assert all(asset.startswith("/static/") for asset in config["assets"])


def test_app_pieces_of_a_wrong_link_are_not_served(app: Flask, db_session: Session) -> None:
    client = csrf_client(app)

    for piece in ("manifest.webmanifest", "sw.js", "offline"):
        response = client.get(f"/me/not-a-token/{piece}")
        assert response.status_code == 404
        # The offline copy's worker deletes what it kept when it sees this.
        assert response.headers["X-Personal-Link"] == "invalid"


def test_personal_pages_link_the_manifest_and_say_how_to_remove_the_copy(
    app: Flask, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    _, page = attendee_with_link(db_session, event)
    db_session.commit()

    html = csrf_client(app).get(f"{page}/agenda?lang=en").get_data(as_text=True)

    assert f'<link rel="manifest" href="{page}/manifest.webmanifest">' in html
    assert f'data-worker="{page}/sw.js"' in html
    assert 'data-saved-at=""' in html
    assert "Remove them from this phone" in html


def test_offline_page_points_to_what_is_kept(app: Flask, db_session: Session) -> None:
    event = event_with_interests(db_session)
    _, page = attendee_with_link(db_session, event)
    db_session.commit()

    html = csrf_client(app).get(f"{page}/offline?lang=en").get_data(as_text=True)

    assert "This page needs a connection" in html
    assert f'href="{page}/agenda"' in html


def test_page_script_and_worker_agree_on_how_long_a_copy_is_kept() -> None:
    script = (STATIC / "js" / "app.js").read_text(encoding="utf-8")

    assert f"var OFFLINE_MAX_AGE_DAYS = {offline_views.MAX_AGE_DAYS};" in script
