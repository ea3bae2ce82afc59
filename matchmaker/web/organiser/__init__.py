"""The organiser dashboard: sign-in, event set-up, attendees, scheduling, manual changes, the day itself."""

from flask import Blueprint

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

from matchmaker.web.organiser.formatting import organiser_helpers  # noqa: E402

# App-wide: the API-keys page (another blueprint) shares the organiser layout and its formatting.
bp.app_context_processor(organiser_helpers)

from matchmaker.web.organiser import (  # noqa: E402,F401  (routes attach themselves to bp)
    attendees,
    auth,
    data_jobs,
    day,
    events,
    mail,
    meetings,
    printables,
    schedule,
)
