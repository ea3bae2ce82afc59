"""Interface languages: English, Polish, Russian — chosen by ?lang=, then a cookie, then the browser."""

from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel, format_date, format_datetime, format_time, get_locale

LANGUAGES = {"en": "English", "pl": "Polski", "ru": "Русский"}
LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    requested = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if requested in LANGUAGES:
        return requested
    return request.accept_languages.best_match(LANGUAGES.keys()) or "en"


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=select_locale)

    @app.after_request
    def remember_language(response):  # type: ignore[no-untyped-def]
        # A ?lang= switch sticks for the following pages.
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != chosen:
            response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax")
        return response

    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        get_locale=get_locale,
        format_date=format_date,
        format_datetime=format_datetime,
        format_time=format_time,
    )
