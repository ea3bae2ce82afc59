"""The JSON API under ``/api/v1``: token authentication (no cookies, so no CSRF), JSON errors with
stable codes, paging, ETags, and an OpenAPI 3 document that tests hold the behaviour to."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, Response, request
from flask.blueprints import BlueprintSetupState
from werkzeug.exceptions import HTTPException

from matchmaker.web import rate_limit
from matchmaker.web.api.errors import ApiError, not_found
from matchmaker.web.api.params import MAX_ID, has_unstorable_text

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.record_once
def _install(state: BlueprintSetupState) -> None:
    # Credentials travel in the Authorization header, which a browser never adds on its own to a
    # cross-site request: CSRF can't happen here, and form tokens would only break integrations.
    app = state.app
    assert isinstance(app, Flask)
    csrf = app.extensions.get("csrf")
    if csrf is not None:
        csrf.exempt(bp)
    rate_limit.init_app(app)
    # The dashboard page for keys is a form page (CSRF-checked), so it is a blueprint of its own.
    from matchmaker.web.api.keys_page import keys_bp

    app.register_blueprint(keys_bp)


@bp.errorhandler(ApiError)
def _api_error(error: ApiError) -> Response:
    return error.response()


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> tuple[Any, int]:
    code = error.code or 500
    slug = (error.name or "error").lower().replace(" ", "_")
    return {"code": slug, "message": error.description or error.name}, code


@bp.before_request
def _refuse_unstorable_path() -> None:
    """A path id the database can't hold, or text with NUL / broken unicode, names nothing: 404."""
    for value in (request.view_args or {}).values():
        if isinstance(value, int) and not 0 < value <= MAX_ID:
            raise not_found()
        if isinstance(value, str) and (has_unstorable_text(value) or len(value) > 200):
            raise not_found()


from matchmaker.web.api import (  # noqa: E402,F401  (register the views on bp)
    attendees,
    events,
    me,
    meetings,
    openapi_view,
    public,
    schedule,
)
