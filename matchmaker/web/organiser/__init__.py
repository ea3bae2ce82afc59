"""The organiser dashboard: sign-in, event set-up, attendees, scheduling, manual changes, the day itself."""

from flask import Blueprint

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

from matchmaker.web.organiser import (  # noqa: E402,F401  (routes attach themselves to bp)
    attendees,
    auth,
    day,
    events,
    meetings,
    printables,
    schedule,
)
