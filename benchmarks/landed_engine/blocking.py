"""Pairs the matcher must never recommend: oneself, one's own company, exclusions, people already met."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from benchmarks.landed_engine.profile import Profile

# Legal forms that do not tell two companies apart ("Acme Sp. z o.o." is "ACME").
_LEGAL_FORMS = re.compile(
    r"\b(sp z o ?o|spółka z o ?o|sp j|sp k|s ?a|gmbh|ag|ltd|llc|inc|plc|bv|oy|ab|srl|sas"
    r"|ооо|оао|зао|пао|ао|ип)\b"
)
_NON_WORD = re.compile(r"[^\w]+")


def company_key(company: str) -> str:
    """A comparison key under which spellings of one company agree ("" for no company)."""
    text = unicodedata.normalize("NFKC", company).casefold()
    text = _NON_WORD.sub(" ", text)
    text = _LEGAL_FORMS.sub(" ", text)
    return " ".join(text.split())


@dataclass(frozen=True)
class Blocklist:
    """Pairs of profile indices never recommended to each other, in either direction.

    Self-pairs and same-company pairs are not listed here: the matcher blocks them itself.
    """

    by_row: Mapping[int, frozenset[int]] = field(default_factory=dict)

    def blocked_in(self, start: int, stop: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
        """(row - start, column) index arrays of the blocked pairs whose row is in ``[start, stop)``."""
        rows: list[int] = []
        cols: list[int] = []
        for row in range(start, stop):
            for col in self.by_row.get(row, ()):
                rows.append(row - start)
                cols.append(col)
        return np.asarray(rows, dtype=np.intp), np.asarray(cols, dtype=np.intp)

    def is_blocked(self, a: int, b: int) -> bool:
        return b in self.by_row.get(a, frozenset())


def build_blocklist(
    profiles: Sequence[Profile],
    *,
    excluded_people: Mapping[str, Iterable[str]] | None = None,
    excluded_companies: Mapping[str, Iterable[str]] | None = None,
    already_met: Iterable[tuple[str, str]] = (),
) -> Blocklist:
    """Collect the pairs to block from exclusions and past meetings, given by profile key.

    Keys that are not among ``profiles`` are ignored (an excluded person may not be at this event).
    Every pair is blocked in both directions: whoever does not want to meet someone is not
    recommended to them either.
    """
    index = {profile.key: i for i, profile in enumerate(profiles)}
    by_company: dict[str, list[int]] = {}
    for i, profile in enumerate(profiles):
        if key := company_key(profile.company):
            by_company.setdefault(key, []).append(i)
    pairs: dict[int, set[int]] = {}

    def block(a: int, b: int) -> None:
        if a != b:
            pairs.setdefault(a, set()).add(b)
            pairs.setdefault(b, set()).add(a)

    for key, others in (excluded_people or {}).items():
        if key in index:
            for other in others:
                if other in index:
                    block(index[key], index[other])
    for key, companies in (excluded_companies or {}).items():
        if key in index:
            for company in companies:
                for same_company in by_company.get(company_key(company), ()):
                    block(index[key], same_company)
    for a_key, b_key in already_met:
        if a_key in index and b_key in index:
            block(index[a_key], index[b_key])
    return Blocklist({row: frozenset(cols) for row, cols in pairs.items()})
