"""Error pages in the product's look; no stack trace ever reaches a browser."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

log = logging.getLogger(__name__)


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _render(error: HTTPException) -> ResponseReturnValue:
    code = error.code or 500
    if _wants_json():
        slug = (error.name or "error").lower().replace(" ", "_")
        return jsonify(code=slug, message=error.description), code
    template = "errors/404.html" if code == 404 else "errors/error.html"
    return render_template(template, error=error, code=code), code


def handle_http_error(error: HTTPException) -> ResponseReturnValue:
    return _render(error)


def handle_unexpected_error(error: Exception) -> ResponseReturnValue:
    log.exception("unhandled error on %s %s", request.method, request.path)
    return _render(InternalServerError())


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
