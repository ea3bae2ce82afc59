"""The organiser's forms: what was typed, checked by its declaration in :mod:`matchmaker.shapes`, with
every problem beside its field in the organiser's language (see ``organiser/_form.html``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from werkzeug.datastructures import MultiDict

from matchmaker.shapes.problems import Problem, problems_of
from matchmaker.web.shape_messages import field_errors, say

M = TypeVar("M", bound=BaseModel)


@dataclass
class Submitted(Generic[M]):
    """A form as sent: ``values`` (kept to show again), the validated ``shape`` if it passed, and
    ``errors`` by form field."""

    values: MultiDict[str, str]
    shape: M | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.shape is not None and not self.errors

    def refuse(self, form_field: str, code: str, params: Mapping[str, Any] | None = None) -> None:
        """Add a problem found after validation (one that needs the database)."""
        self.shape = None
        self.errors.setdefault(form_field, []).append(say(code, params))


def check(
    shape: type[M],
    data: Mapping[str, Any],
    values: MultiDict[str, str],
    context: dict[str, Any] | None = None,
    names: Mapping[str, str] | None = None,
) -> Submitted[M]:
    """Validate ``data`` (the shape's input, built from ``values``) by ``shape``."""
    try:
        return Submitted(values, shape.model_validate(dict(data), context=context))
    except ValidationError as error:
        return Submitted(values, None, field_errors(problems_of(error, shape.model_fields), names))


def errors_of(problems: list[Problem], names: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    return field_errors(problems, names)


def values_of(data: Mapping[str, Any]) -> MultiDict[str, str]:
    """Saved values as a form's values: lists become repeated keys, ``None`` an empty field."""
    values: MultiDict[str, str] = MultiDict()
    for name, value in data.items():
        if isinstance(value, list | tuple | set | frozenset):
            for item in value:
                values.add(name, str(item))
        else:
            values.add(name, "" if value is None else str(value))
    return values
