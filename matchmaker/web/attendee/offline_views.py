"""The personal pages as an installable web app that works without Wi-Fi: the web app manifest, the
service worker, and the page shown for a page not kept offline.

Everything is per personal link: the manifest starts the app on that attendee's agenda, and the
service worker is served from under the link (``/me/<token>/sw.js``) with the link as its scope, so
it sees and keeps only that attendee's pages (see ``static/js/me-sw.js`` for what it keeps, for how
long, and how it removes itself when the link stops working).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from flask import Response, current_app, g, render_template, url_for

from matchmaker.db.models import Attendee
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.common import with_attendee
from matchmaker.web.i18n import forced_locale
from matchmaker.web.i18n import gettext as _

# Pages kept on the phone, relative to the personal link; the worker also keeps the assets below.
KEPT_PAGES = ("agenda", "qr.svg", "connections", "offline")
KEPT_ASSETS = ("css/app.css", "js/app.js", "favicon.svg", "icons/icon-192.png")
# A copy not refreshed for this long is deleted, whoever's it is (shared phones, deleted profiles).
MAX_AGE_DAYS = 7
# Bump when the worker's way of keeping pages changes: copies kept by an older worker are dropped.
WORKER_VERSION = "1"
THEME_COLOUR = "#ffffff"
BACKGROUND_COLOUR = "#f6f7f9"


@lru_cache(maxsize=1)
def _worker_source(static_folder: str) -> str:
    return (Path(static_folder) / "js" / "me-sw.js").read_text(encoding="utf-8")


def _base(token: str) -> str:
    """The personal link's path ("/me/<token>"): the scope of the app and of its worker."""
    return url_for("attendee.recommendations", token=token)


def _icon(name: str, size: str, purpose: str) -> dict[str, str]:
    return {
        "src": url_for("static", filename=f"icons/{name}"),
        "sizes": size,
        "type": "image/png",
        "purpose": purpose,
    }


@bp.get("/me/<token>/manifest.webmanifest")
@with_attendee
def manifest(attendee: Attendee) -> Response:
    base = _base(g.token)
    # Browsers fetch the manifest without cookies: its words follow the attendee's chosen language.
    with forced_locale(attendee.locale):
        document: dict[str, Any] = {
            "id": base,
            "name": _("%(event)s: my meetings", event=attendee.event.name),
            "short_name": _("My agenda"),
            "description": _("Your agenda, QR code and meeting partners, also without internet."),
            "lang": attendee.locale,
            "dir": "ltr",
            "start_url": f"{base}/agenda",
            "scope": base,
            "display": "standalone",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND_COLOUR,
            "icons": [
                _icon("icon-192.png", "192x192", "any"),
                _icon("icon-512.png", "512x512", "any"),
                _icon("icon-maskable-512.png", "512x512", "maskable"),
            ],
        }
    return Response(json.dumps(document, ensure_ascii=False), mimetype="application/manifest+json")


@bp.get("/me/<token>/sw.js")
@with_attendee
def service_worker(attendee: Attendee) -> Response:
    base = _base(g.token)
    config = {
        "base": base,
        "pages": list(KEPT_PAGES),
        "assets": [url_for("static", filename=name) for name in KEPT_ASSETS],
        "maxAgeDays": MAX_AGE_DAYS,
        "version": WORKER_VERSION,
    }
    source = f"self.MATCHMAKER_OFFLINE = {json.dumps(config)};\n" + _worker_source(
        str(current_app.static_folder)
    )
    response = Response(source, mimetype="text/javascript")
    # The script lives under /me/<token>/ but serves /me/<token> itself too (the "People" page).
    response.headers["Service-Worker-Allowed"] = base
    return response


@bp.get("/me/<token>/offline")
@with_attendee
def offline(attendee: Attendee) -> str:
    return render_template("attendee/offline.html", attendee=attendee, event=attendee.event)
