"""A refused input as data: which field, what kind of problem, and the values its message needs.

Entry points choose the words: the API and the CLI use :attr:`Problem.message` (English); forms and the
import page translate ``code`` with ``params`` into the visitor's language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """``field`` is the top-level field at fault (``"languages"`` for ``languages[2]``), ``path`` the
    full location, ``code`` the stable kind (``string_too_long``, ``email`` ...)."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)
    path: tuple[str | int, ...] = ()

    def located(self, prefix: str) -> str:
        """The location as the API names it: ``attendees[3].email`` for prefix ``attendees[3].``."""
        text = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in self.path)
        return prefix + (text.lstrip(".") or self.field)


# Plain English for pydantic's own kinds of error (the API and the CLI show these; forms translate).
ENGLISH = {
    "missing": "is required",
    "extra_forbidden": "is not a known field",
    "string_too_long": "has at most {max_length} characters",
    "too_long": "has at most {max_length} items",
    "too_short": "needs at least {min_length} items",
    "string_type": "must be a string",
    "string_unicode": "contains broken unicode, which can't be stored",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "greater_than_equal": "must be at least {ge}",
    "less_than_equal": "must be at most {le}",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "date_parsing": "must be a date like 2027-05-18",
    "date_from_datetime_parsing": "must be a date like 2027-05-18",
    "date_from_datetime_inexact": "must be a date like 2027-05-18",
    "date_type": "must be a date like 2027-05-18",
    "time_parsing": "must be a time like 09:00",
    "time_type": "must be a time like 09:00",
    "datetime_parsing": "must be a date-time like 2027-05-18T09:00:00+02:00",
    "datetime_from_date_parsing": "must be a date-time like 2027-05-18T09:00:00+02:00",
    "datetime_type": "must be a date-time like 2027-05-18T09:00:00+02:00",
    "timezone_aware": "needs a UTC offset, like 2027-05-18T09:00:00+02:00",
    "tuple_type": "must be a list",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "literal_error": "must be one of {expected}",
    "enum": "must be one of {expected}",
    "string_pattern_mismatch": "has a form that can't be used",
}


_VERBS = {"is", "has", "must", "needs", "contains", "should", "input"}


def _english(kind: str, params: dict[str, Any], fallback: str) -> str:
    template = ENGLISH.get(kind)
    if template is None:
        return _lower_first(fallback)
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return _lower_first(fallback)


def _params(error: Any) -> dict[str, Any]:
    context = dict(error.get("ctx") or {})
    return {key: value for key, value in context.items() if isinstance(value, str | int | float)}


def problems_of(error: ValidationError, fields: Iterable[str] = ()) -> list[Problem]:
    """Every problem in ``error``, in field order. An error of the whole model (no location) is put on
    the first of ``fields`` (or ``"body"``)."""
    problems = []
    for item in error.errors(include_url=False):
        path = tuple(part for part in item["loc"])
        top = next((part for part in path if isinstance(part, str)), None)
        name = top or next(iter(fields), "body")
        kind, params = str(item["type"]), _params(item)
        message = _english(kind, params, item["msg"])
        # "email is not an e-mail address"; a message that is a sentence of its own stays as it is.
        if message.split(" ", 1)[0] in _VERBS:
            message = f"{name} {message}"
        problems.append(Problem(name, kind, message, params, path))
    return problems


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


class ShapeRefused(ValueError):
    """Input that doesn't fit its shape; ``problems`` lists every problem at once."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def parse(shape: type[M], data: Any, context: dict[str, Any] | None = None) -> M:
    """``shape`` validated from ``data``; raises :class:`ShapeRefused` with every problem."""
    try:
        return shape.model_validate(data, context=context)
    except ValidationError as error:
        raise ShapeRefused(problems_of(error, shape.model_fields)) from None
