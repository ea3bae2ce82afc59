"""The input layer every request passes before its view: what no view can use is refused here.

PostgreSQL can't store or even compare text holding NUL, so a NUL in a URL path, a query string or a
form field used to reach the database and fail there (a 500); so did an id in a path, a query or a form
larger than an INTEGER column holds ("integer out of range"): such a path names no page (404) and
:func:`database_int` reads such a number as no number. Here a path with NUL names no page
(404), a query string or form field with NUL is refused (400, or the API's 422 naming the field). Forms
validated by their declaration in :mod:`matchmaker.shapes` opt out with :func:`validated_by_shapes`: their
view shows the problem beside the field instead, keeping what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, request

from matchmaker.shapes.text import unusable
from matchmaker.web.i18n import gettext

__all__ = [
    "MAX_ID",
    "check_request",
    "checks_its_query",
    "database_int",
    "init_app",
    "safe_local_path",
    "unusable",
    "validated_by_shapes",
]
F = TypeVar("F", bound=Callable[..., Any])
_SHAPED = "_validated_by_shapes"
_OWN_QUERY = "_checks_its_query"
_FORMS = {"application/x-www-form-urlencoded", "multipart/form-data"}
# The largest value of an INTEGER column (ids, counts) on PostgreSQL.
MAX_ID = 2**31 - 1


def database_int(raw: str) -> int:
    """``raw`` as a whole number an INTEGER column can hold, for ``request.args.get(..., type=...)``:
    ValueError otherwise (Flask then uses the default, as for text that is no number)."""
    value = int(raw.strip())
    if not -MAX_ID <= value <= MAX_ID:
        raise ValueError(f"{raw[:20]!r} is out of range")
    return value


def validated_by_shapes(view: F) -> F:
    """Mark a view whose form fields are all checked by a shape (which reports NUL beside the field)."""
    setattr(view, _SHAPED, True)
    return view


def checks_its_query(view: F) -> F:
    """Mark a view that answers a query with NUL itself (e.g. "nobody found" for a kiosk's search box,
    whose page would otherwise read the refusal as "offline")."""
    setattr(view, _OWN_QUERY, True)
    return view


def safe_local_path(target: str | None, prefix: str) -> str | None:
    """``target`` if it is a path on this site under ``prefix`` that can go into a Location header;
    ``None`` otherwise (an open redirect would let a phishing link borrow our pages, and a line break
    would split the header)."""
    if (
        not target
        or not target.startswith(prefix)
        or "//" in target
        or "\\" in target
        or any(ord(character) < 32 or ord(character) == 127 for character in target)
        or unusable(target)
    ):
        return None
    return target


def _refuse(field: str) -> Response:
    if request.path.startswith("/api/"):
        from matchmaker.web.api.errors import invalid  # here: the API package imports the views using this

        return invalid(field[:100], f"{field[:100]} contains characters that can't be used (NUL)").response()
    abort(
        400,
        description=gettext(
            "The address or the form contains a character that can't be used "
            "(a NUL byte). Nothing was saved; please go back and retype it."
        ),
    )


def _view_marked(mark: str) -> bool:
    view = current_app.view_functions.get(request.endpoint or "")
    while view is not None:
        if getattr(view, mark, False):
            return True
        view = getattr(view, "__wrapped__", None)
    return False


def check_request() -> Response | None:
    """Before every view: the path, the query string and (unless the view's shape does it) the form."""
    if unusable(request.path):
        abort(404)
    # The API answers these itself (its 404 in JSON, see matchmaker.web.api).
    if not request.path.startswith("/api/") and any(
        isinstance(value, int) and not -MAX_ID <= value <= MAX_ID
        for value in (request.view_args or {}).values()
    ):
        abort(404)
    for name, value in request.args.items(multi=True):
        if (unusable(name) or unusable(value)) and not _view_marked(_OWN_QUERY):
            return _refuse(name)
    if (
        request.mimetype in _FORMS
        and request.method in ("POST", "PUT", "PATCH")
        and not _view_marked(_SHAPED)
    ):
        for name, value in request.form.items(multi=True):
            if unusable(name) or unusable(value):
                return _refuse(name)
    return None


def init_app(app: Flask) -> None:
    app.before_request(check_request)
