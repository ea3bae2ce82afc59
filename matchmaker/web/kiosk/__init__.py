"""Kiosk boards: ``/kiosk/<event-slug>/<kiosk-token>``, read-only, for unattended screens in the hall."""

from flask import Blueprint

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk")

from matchmaker.web.kiosk import routes  # noqa: E402,F401  (routes attach themselves to bp)
