"""The attendee's pages: registration, "lost my link", and the personal page behind ``/me/<token>``."""

from flask import Blueprint
from flask.blueprints import BlueprintSetupState

from matchmaker.services import mail

bp = Blueprint("attendee", __name__)


@bp.record_once
def _configure_mail(state: BlueprintSetupState) -> None:
    settings = state.app.config["MATCHMAKER"]
    mail.configure(settings.smtp_url, settings.mail_sender)


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
