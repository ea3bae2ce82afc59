"""The Flask application factory."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from matchmaker.config import Settings, load_settings
from matchmaker.jobs import make_queue
from matchmaker.services import mail, tokens
from matchmaker.web import database, errors, fragments, i18n, input_guard, jobs, security


def create_app(config: Settings | dict[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` is a :class:`Settings`, or overrides applied to the environment's settings.

    Raises :class:`matchmaker.config.ConfigError` for unusable settings. Does not touch the database:
    ``matchmaker serve`` and ``/healthz`` check it.
    """
    settings = config if isinstance(config, Settings) else load_settings(**(config or {}))
    app = Flask("matchmaker", instance_path=str(settings.instance_path))
    app.config.update(
        SECRET_KEY=settings.secret_key or "debug-only-secret",
        DEBUG=settings.debug,
        MATCHMAKER=settings,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not settings.debug,
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,
    )
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    database.init_app(app, settings.resolved_database_url)
    # Personal links are recoverable only with a real secret (the debug fallback is public).
    tokens.configure_link_key(settings.secret_key)
    mail.configure(settings.smtp_url, settings.mail_sender)
    app.extensions["matchmaker.jobs"] = make_queue(settings)
    jobs.init_app(app, settings)
    csrf = CSRFProtect(app)  # every non-GET request carries a CSRF token (forms) or is exempted (API)
    # The agenda's one-tap buttons and the personal pages' language switcher carry a key of their own
    # instead (the agenda is one cached render without per-visitor tokens; see web/attendee/day_views.py).
    for view in (
        "matchmaker.web.attendee.day_views.meeting_outcome",
        "matchmaker.web.attendee.day_views.answer_offer",
        "matchmaker.web.attendee.day_views.answer_seat",
        "matchmaker.web.attendee.language_views.choose_language",
    ):
        csrf.exempt(view)
    errors.init_app(app)
    i18n.init_app(app)
    fragments.init_app(app)
    security.init_app(app)
    input_guard.init_app(app)

    _register_blueprints(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from matchmaker.web.api import bp as api_bp
    from matchmaker.web.attendee import bp as attendee_bp
    from matchmaker.web.kiosk import bp as kiosk_bp
    from matchmaker.web.main import bp as main_bp
    from matchmaker.web.organiser import bp as organiser_bp

    for blueprint in (main_bp, attendee_bp, organiser_bp, kiosk_bp, api_bp):
        app.register_blueprint(blueprint)
