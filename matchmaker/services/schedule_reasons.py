"""Why a required meeting was left out of a draft, as a notice the organiser's page words.

The scheduler stores a reason code and its parameters with person ids
(:mod:`matchmaker.core.scheduling.unplaced`); here each code has its template (the msgid of its
translations) and the ids become the names the organiser knows. Runs stored before reasons were data
carry only their English sentence, which is shown as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from matchmaker.core.scheduling.unplaced import ENGLISH
from matchmaker.services.notices import Notice, NoticeKind

# The core declares each reason's English template once; it is also the msgid of its translations.
UNPLACED_KINDS: dict[str, NoticeKind] = {code: NoticeKind(code, text) for code, text in ENGLISH.items()}
_PERSON_PARAMS = ("a", "b", "person")


def unplaced_notice(
    stored: Mapping[str, Any],
    name_of: Callable[[str], str],
    slot_code: Callable[[str], str] = str,
    table_name: Callable[[str], str] = str,
) -> Notice | str:
    """The notice for one stored left-out meeting (``run.stats["unscheduled_required"]`` item)."""
    kind = UNPLACED_KINDS.get(str(stored.get("code", "")))
    if kind is None:
        return str(stored.get("reason", ""))
    params: dict[str, Any] = {}
    for name, value in dict(stored.get("params") or {}).items():
        if name in _PERSON_PARAMS:
            params[name] = name_of(str(value))
        elif name == "pair":
            params[name] = _pair(value, name_of)
        elif name == "pairs":
            params[name] = ", ".join(_pair(pair, name_of) for pair in value)
        elif name == "people":
            params[name] = ", ".join(name_of(str(person)) for person in value)
        elif name == "slot":
            params[name] = slot_code(str(value))
        elif name == "table":
            params[name] = table_name(str(value))
        else:
            params[name] = value
    return kind(**params)


def _pair(pair: Any, name_of: Callable[[str], str]) -> str:
    return " – ".join(name_of(str(person)) for person in pair)
