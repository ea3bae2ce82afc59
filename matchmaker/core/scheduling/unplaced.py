"""Why a required meeting is not in the schedule, as data: a code and its parameters.

The scheduler knows people only by id; an organiser knows them by name and reads their own language.
So the core says *what* stands in the way (who, how many slots, which meetings) and the edge words it
(``services/schedule_reasons``); ``str()`` is the English that the CLI and logs print.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


def N_(template: str) -> str:  # the name gettext's extractor looks for: these are also msgids
    return template


# English templates (and the msgids of their translations, worded by ``services/schedule_reasons``).
# Parameters by kind: a person id ("a", "b", "person"), a pair of person ids ("pair"), a list of
# pairs ("pairs"), a list of person ids ("people"); everything else is a number or a code.
ENGLISH: dict[str, str] = {
    "slots_started": N_("no slot left: the slots where %(a)s and %(b)s can both meet have already started"),
    "never_both_available": N_("no common free slot: %(a)s and %(b)s are never both available"),
    "never_both_available_allowed": N_(
        "no common free slot: %(a)s and %(b)s are never both available within its allowed slots"
    ),
    "over_maximum": N_(
        "over the maximum: %(person)s already has %(count)s required meetings, the maximum is %(maximum)s"
    ),
    "no_table": N_("no table: all tables are taken in each of the %(slots)s slots both can meet in"),
    "slots_taken": N_(
        "no free common slot left: of the %(slots)s slots both can meet in, %(a)s has other required "
        "meetings in %(busy_a)s, %(b)s in %(busy_b)s, and %(no_table)s have no table left"
    ),
    "too_few_slots": N_(
        "%(person)s has %(count)s required meetings (%(pairs)s) but only %(slots)s slots where they could "
        "take place"
    ),
    "too_many_for_maximum": N_(
        "%(person)s has %(count)s required meetings (%(pairs)s), more than the maximum of %(maximum)s"
    ),
    "too_few_tables": N_(
        "no table: %(pairs)s can only take place in %(slots)s slot(s), which have %(tables)s free table(s) "
        "between them"
    ),
    "proven_conflict": N_(
        "%(pairs)s cannot all take place: an exact search proved that the %(count)s meetings of %(people)s "
        "do not fit into the %(slots)s slots they may use, beside the fixed meetings, their "
        "availability and the tables"
    ),
    "fixed_unavailable": N_("%(person)s is unavailable in its fixed slot %(slot)s"),
    "fixed_taken": N_("%(person)s already has fixed meeting %(pair)s in slot %(slot)s"),
    "fixed_over_maximum": N_("%(person)s is over the maximum of %(maximum)s meetings"),
    "fixed_table_taken": N_("table %(table)s already hosts fixed meeting %(pair)s in slot %(slot)s"),
    "fixed_no_table": N_("no table left in its fixed slot %(slot)s"),
}


@dataclass(frozen=True)
class Unplaced:
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.code not in ENGLISH:
            raise ValueError(f"unknown reason code {self.code!r}")

    def __str__(self) -> str:
        words = {name: english(name, value) for name, value in self.params.items()}
        return ENGLISH[self.code] % words

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "params": {name: _plain(value) for name, value in self.params.items()}}


def english(name: str, value: Any) -> str:
    """A parameter in the CLI's words: pairs as ``a-b``, lists joined with commas."""
    if name == "pair":
        return "-".join(value)
    if name == "pairs":
        return ", ".join("-".join(pair) for pair in value)
    if name == "people":
        return ", ".join(value)
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value
