"""The attendee's pages: registration, "lost my link", and the personal page behind ``/me/<token>``."""

from flask import Blueprint

bp = Blueprint("attendee", __name__)


from matchmaker.web.attendee import (  # noqa: E402,F401  (register the views on bp)
    calendar_views,
    connections_views,
    day_views,
    formatting,
    language_views,
    offline_views,
    pages,
    privacy_views,
    registration_views,
)
