"""Pieces every page shares (the site's header and footer, the personal area's tabs), rendered once
per language and kept for the life of the process.

They are the same on every page in one language, yet took some thirty template calls (links,
translations) per page: about a fifth of the agenda page's rendering. A piece is keyed by its
template, the language, the app's mount point and the values given, all from small fixed sets.
A piece that names the personal link is rendered with a stand-in token, replaced by the real one.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup, escape

# Looks like a token to url_for (a URL-safe string), appears nowhere else in a page.
TOKEN_STAND_IN = "fragment-token-stand-in-7c1e"
_EXTENSION = "matchmaker.fragments"


def fragment(template: str, token: str | None = None, **values: str | None) -> Markup:
    """The rendered ``template`` for this language; ``token`` goes where the template names ``token``."""
    pieces: dict[tuple[Any, ...], str] = current_app.extensions[_EXTENSION]
    key = (template, str(get_locale()), request.script_root, tuple(sorted(values.items())))
    html = pieces.get(key)
    if html is None:
        # Two threads may render the same piece at once: both get the same text, one copy is kept.
        html = pieces[key] = render_template(template, token=TOKEN_STAND_IN, **values)
    if token is not None:
        # Issued tokens are URL-safe, so url_for would leave them as they are; escaping is a safeguard.
        html = html.replace(TOKEN_STAND_IN, str(escape(token)))
    return Markup(html)  # rendered by Jinja with autoescape


def init_app(app: Flask) -> None:
    app.extensions[_EXTENSION] = {}
    app.jinja_env.globals["fragment"] = fragment
