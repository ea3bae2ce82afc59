"""Interface languages: English, Polish, Russian — chosen by ?lang=, then a cookie, then the browser.

The web layer's one way to words: :func:`gettext` (now) and :func:`lazy_gettext` (when shown). Mails and
files worded in an attendee's language, outside any request, use ``services/translations.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from babel.support import NullTranslations
from flask import Flask, g, request
from flask_babel import (
    Babel,
    force_locale,
    format_date,
    format_datetime,
    format_decimal,
    format_percent,
    format_time,
    get_locale,
    get_translations,
)
from flask_babel import lazy_gettext as _babel_lazy_gettext
from werkzeug.wrappers import Response as BaseResponse

LANGUAGES = {"en": "English", "pl": "Polski", "ru": "Русский"}
LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    requested = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if requested in LANGUAGES:
        return requested
    return request.accept_languages.best_match(LANGUAGES.keys()) or "en"


def _request_translations() -> NullTranslations:
    try:
        translations: NullTranslations = g._translations  # one context lookup: called per string
    except AttributeError:
        translations = g._translations = get_translations()
    except RuntimeError:  # outside an application context (a script rendering a template)
        translations = cast(NullTranslations, get_translations())
    return translations


@contextmanager
def forced_locale(locale: str) -> Iterator[None]:
    """Word everything in ``locale`` inside the block (flask-babel's ``force_locale``, with the
    translations cached for the request set aside and back)."""
    kept = g.pop("_translations", None)
    try:
        with force_locale(locale):
            yield
    finally:
        g.pop("_translations", None)
        if kept is not None:
            g._translations = kept


def gettext(text: str, **values: object) -> str:
    """flask-babel's ``gettext``, on the translations looked up once per request (see init_app)."""
    translated: str = _request_translations().ugettext(text)
    return translated % values if values else translated


def keep_language(response: BaseResponse, code: str) -> None:
    """The following pages are shown in ``code`` (a cookie; nothing is written to the database)."""
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax")


def lazy_gettext(text: str, **values: object) -> str:
    """A translation worded when it is shown, in the language of the request showing it (form labels,
    module-level tables of words)."""
    return _babel_lazy_gettext(text, **values)  # type: ignore[no-any-return]


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", "translations")
    Babel(app, locale_selector=select_locale)
    # flask-babel looks the translations up again for every string; a page has dozens of strings, and
    # those lookups were a fifth of an agenda page's time. Once per request is enough (the locale is
    # chosen once per request: nothing here switches it mid-request).
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=gettext,
        ngettext=lambda s, p, n: _request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: _request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )

    @app.after_request
    def remember_language(response):  # type: ignore[no-untyped-def]
        # A ?lang= switch sticks for the following pages.
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != chosen:
            keep_language(response, chosen)
        return response

    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        get_locale=get_locale,
        format_date=format_date,
        format_datetime=format_datetime,
        format_time=format_time,
        format_decimal=format_decimal,
        format_percent=format_percent,
    )
