"""Reading requests: the JSON body, bodies validated by their shape, paging and filters.

A body is parsed by :func:`json_body` and validated by its declaration in :mod:`matchmaker.shapes`
(:func:`shaped`); every problem becomes our JSON error (``code``, ``message``, ``field``, and in
``details`` every problem at once). Strings read one by one pass :func:`clean_text`: PostgreSQL refuses
NUL characters and unpaired surrogates can't be encoded, so both are a 422 here rather than a 500 there.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from matchmaker.shapes.problems import Problem, problems_of
from matchmaker.web.api.errors import ApiError, invalid

MAX_ID = 2**31 - 1
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
MAX_QUERY_LENGTH = 200
# Longer numbers are no whole number any field takes, and parsing one costs quadratic time.
MAX_DIGITS = 30
T = TypeVar("T")
M = TypeVar("M", bound=BaseModel)


def _whole_number(literal: str) -> int:
    if len(literal.lstrip("-")) > MAX_DIGITS:
        raise ApiError(
            422, "invalid", f"a number in the body has more than {MAX_DIGITS} digits", field="body"
        )
    return int(literal)


def has_unstorable_text(value: str) -> bool:
    """True for text no database column can hold: NUL characters or unpaired surrogates."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def clean_text(field: str, value: str, max_length: int) -> str:
    if has_unstorable_text(value):
        raise invalid(field, f"{field} contains characters that can't be stored (NUL or broken unicode)")
    value = value.strip()
    if len(value) > max_length:
        raise invalid(field, f"{field} has at most {max_length} characters")
    return value


def json_body(allowed: Iterable[str]) -> dict[str, Any]:
    """The request's JSON object. 415 unless it is JSON, 400 when it doesn't parse, 422 for a non-object
    or a field not in ``allowed`` (so a typo is an error, not silently ignored)."""
    # Requiring JSON also keeps the public endpoints (registration, link re-sends) safe from cross-site
    # form posts: a browser sends application/json to another site only after a CORS preflight we refuse.
    if not request.is_json:
        raise ApiError(
            415, "unsupported_media_type", "send the body as JSON (Content-Type: application/json)"
        )
    try:
        data = json.loads(request.get_data(cache=True), parse_int=_whole_number)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ApiError(400, "malformed_json", "the body is not valid JSON (UTF-8)") from None
    if not isinstance(data, dict):
        raise invalid("body", "the body must be a JSON object")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise invalid(str(unknown[0])[:100], f"unknown field {str(unknown[0])[:100]!r}")
    return data


def refused(problems: list[Problem], prefix: str = "") -> ApiError:
    """A 422 naming the first problem's field (``attendees[3].email`` with prefix ``attendees[3].``),
    with every problem in ``details``."""
    first = problems[0]
    details = [{"field": p.located(prefix), "code": p.code, "message": p.message} for p in problems]
    return ApiError(422, "invalid", first.message, field=first.located(prefix), details=details)


def shaped(
    shape: type[M], data: dict[str, Any], context: dict[str, Any] | None = None, prefix: str = ""
) -> M:
    """``data`` validated by ``shape``; a JSON ``null`` counts as leaving the field out."""
    present = {name: value for name, value in data.items() if value is not None}
    try:
        return shape.model_validate(present, context=context)
    except ValidationError as error:
        raise refused(problems_of(error, shape.model_fields), prefix) from None


def require(body: dict[str, Any], field: str) -> Any:
    if body.get(field) is None:
        raise invalid(field, f"{field} is required")
    return body[field]


def text(body: dict[str, Any], field: str, max_length: int, default: str = "") -> str:
    value = body.get(field, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise invalid(field, f"{field} must be a string")
    return clean_text(field, value, max_length)


def required_text(body: dict[str, Any], field: str, max_length: int) -> str:
    value = text(body, field, max_length)
    if not value:
        raise invalid(field, f"{field} is required")
    return value


def integer(
    body: dict[str, Any], field: str, minimum: int, maximum: int, default: int | None = None
) -> int | None:
    value = body.get(field, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise invalid(field, f"{field} must be a whole number")
    if not minimum <= value <= maximum:
        raise invalid(field, f"{field} must be between {minimum} and {maximum}")
    return value


def required_int(body: dict[str, Any], field: str, minimum: int = 1, maximum: int = MAX_ID) -> int:
    value = integer(body, field, minimum, maximum)
    if value is None:
        raise invalid(field, f"{field} is required")
    return value


def boolean(body: dict[str, Any], field: str, default: bool) -> bool:
    value = body.get(field, default)
    if not isinstance(value, bool):
        raise invalid(field, f"{field} must be true or false")
    return value


def text_list(body: dict[str, Any], field: str, max_items: int, max_length: int) -> tuple[str, ...]:
    value = body.get(field) or []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise invalid(field, f"{field} must be a list of strings")
    if len(value) > max_items:
        raise invalid(field, f"{field} has at most {max_items} items")
    items = (clean_text(field, item, max_length) for item in value)
    return tuple(item for item in items if item)


def iso_date(body: dict[str, Any], field: str) -> date:
    value = require(body, field)
    try:
        return date.fromisoformat(value) if isinstance(value, str) else _raise(field)
    except ValueError:
        raise invalid(field, f"{field} must be a date like 2027-05-18") from None


def aware_datetime(body: dict[str, Any], field: str) -> datetime:
    value = require(body, field)
    try:
        moment = datetime.fromisoformat(value) if isinstance(value, str) else _raise(field)
    except ValueError:
        raise invalid(field, f"{field} must be a date-time like 2027-05-18T09:00:00+02:00") from None
    if moment.tzinfo is None:
        raise invalid(field, f"{field} needs a UTC offset, like 2027-05-18T09:00:00+02:00")
    return moment


def _raise(field: str) -> Any:
    raise invalid(field, f"{field} must be a string")


def query_int(name: str, default: int, minimum: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or not minimum <= int(raw) <= maximum:
        raise invalid(name, f"{name} must be a whole number between {minimum} and {maximum}")
    return int(raw)


def query_text(name: str) -> str | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    return clean_text(name, raw, MAX_QUERY_LENGTH)


def query_choice(name: str, choices: Iterable[str]) -> str | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    allowed = list(choices)
    if raw not in allowed:
        raise invalid(name, f"{name} must be one of {', '.join(allowed)}")
    return raw


def page_window() -> tuple[int, int]:
    """``(limit, offset)`` from the query string: at most :data:`MAX_LIMIT` items per page."""
    return query_int("limit", DEFAULT_LIMIT, 1, MAX_LIMIT), query_int("offset", 0, 0, MAX_ID)


def page(items: list[T], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The list envelope every collection endpoint answers with."""
    return {"items": items, "total": total, "limit": limit, "offset": offset}
