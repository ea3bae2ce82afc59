"""Messages as data: what a use case refuses or reports, worded in the reader's language at the edge.

A :class:`Notice` is a code with parameters. Its English template is also the message id of its
translations, so the web layer words it with gettext (``web/organiser/formatting.word``) while logs,
the CLI and the API keep reading ``str(notice)`` in English. Parameters stay data until then: a
``datetime`` is formatted as a time at the venue in the reader's locale, and a nested notice (a status,
say) is worded too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from typing import Any


def N_(template: str) -> str:  # the name gettext's extractor looks for
    """Mark ``template`` for translation without translating it: it is worded later, where it is read."""
    return template


@dataclass(frozen=True)
class Notice:
    code: str
    template: str  # English, with %(name)s placeholders; the msgid of its translations
    params: Mapping[str, Any] = field(default_factory=dict)
    # The form field at fault, when there is one ("timezone", "day_end"): lets a form put it beside it.
    field: str = ""

    def __str__(self) -> str:
        return self.template % {name: _english(value) for name, value in self.params.items()}


@dataclass(frozen=True)
class NoticeKind:
    """One kind of notice, declared once beside the use case that emits it."""

    code: str
    template: str
    field: str = ""

    def __call__(self, **params: Any) -> Notice:
        return Notice(self.code, self.template, params, self.field)


def _english(value: Any) -> Any:
    if isinstance(value, datetime | time):
        return f"{value:%H:%M}"
    if isinstance(value, Notice):
        return str(value)
    if isinstance(value, StrEnum):  # a status: "no_show" reads "no show"
        return value.value.replace("_", " ")
    return value


class NoticeError(ValueError):
    """An error that carries its message as a :class:`Notice` (``str()`` is the English wording).

    A plain string is accepted too (a message already worded by the caller) and shown as it is.
    """

    def __init__(self, notice: Notice | str) -> None:
        self.notice = notice if isinstance(notice, Notice) else Notice("text", notice.replace("%", "%%"))
        super().__init__(str(self.notice))

    @property
    def field(self) -> str:
        return self.notice.field
