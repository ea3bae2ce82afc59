"""API errors: JSON with a stable ``code``, a human ``message`` and, for validation, the ``field``."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify


class ApiError(Exception):
    """Raised anywhere in an API view; becomes ``{"code", "message"[, "field"]}`` with ``status``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        details: list[dict[str, Any]] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field, self.details = status, code, message, field, details

    def response(self) -> Response:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            body["field"] = self.field
        if self.details is not None:
            body["details"] = self.details
        response = jsonify(body)
        response.status_code = self.status
        if self.status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="matchmaker"'
        return response


def invalid(field: str, message: str) -> ApiError:
    """422: the request was understood but ``field`` has a value that can't be used."""
    return ApiError(422, "invalid", message, field=field)


def not_found(what: str = "resource") -> ApiError:
    return ApiError(404, "not_found", f"no such {what}")


def conflict(message: str, field: str | None = None) -> ApiError:
    return ApiError(409, "conflict", message, field=field)


# One message for every missing, malformed, wrong, revoked or replaced credential: it must not tell
# a guesser which part was wrong.
UNAUTHORIZED = ApiError(401, "unauthorized", "a valid token is needed: send Authorization: Bearer <token>")
