"""The categorical side of profiles (intents, sector, languages, company) as arrays for pair scoring."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchmaker.core.intents import COMPLEMENTARY_INTENTS, INTENTS
from matchmaker.core.matching.blocking import company_key
from matchmaker.core.matching.profile import Profile

_INTENT_INDEX = {code: i for i, code in enumerate(INTENTS)}


def _intent_complements() -> npt.NDArray[np.float32]:
    matrix = np.zeros((len(INTENTS), len(INTENTS)), dtype=np.float32)
    for code, answer in COMPLEMENTARY_INTENTS.items():
        matrix[_INTENT_INDEX[code], _INTENT_INDEX[answer]] = 1.0
    return matrix


def _codes(values: Sequence[str]) -> npt.NDArray[np.int32]:
    """Small integer per distinct non-empty value, -1 for empty; equal values get equal codes."""
    seen: dict[str, int] = {}
    out = np.full(len(values), -1, dtype=np.int32)
    for i, value in enumerate(values):
        if value:
            out[i] = seen.setdefault(value, len(seen))
    return out


@dataclass(frozen=True, eq=False)
class CategoricalFeatures:
    """Per-profile arrays, one row per profile in matching order."""

    intents: npt.NDArray[np.float32]  # (n, len(INTENTS)) multi-hot
    intent_complements: npt.NDArray[np.float32]  # (len(INTENTS), len(INTENTS))
    sectors: npt.NDArray[np.int32]  # (n,) -1 when unknown
    languages: npt.NDArray[np.float32]  # (n, number of languages) multi-hot
    companies: npt.NDArray[np.int32]  # (n,) -1 when unknown

    @property
    def has_languages(self) -> npt.NDArray[np.bool_]:
        return np.asarray(self.languages.any(axis=1), dtype=np.bool_)


def categorical_features(profiles: Sequence[Profile]) -> CategoricalFeatures:
    """Encode the profiles' intents, sectors, languages and companies. Unknown intents are ignored."""
    intents = np.zeros((len(profiles), len(INTENTS)), dtype=np.float32)
    language_index: dict[str, int] = {}
    language_rows: list[list[int]] = []
    for i, profile in enumerate(profiles):
        for code in profile.intents:
            if code in _INTENT_INDEX:
                intents[i, _INTENT_INDEX[code]] = 1.0
        language_rows.append(
            [
                language_index.setdefault(language.strip().casefold(), len(language_index))
                for language in profile.languages
                if language.strip()
            ]
        )
    languages = np.zeros((len(profiles), max(1, len(language_index))), dtype=np.float32)
    for i, columns in enumerate(language_rows):
        languages[i, columns] = 1.0
    return CategoricalFeatures(
        intents=intents,
        intent_complements=_intent_complements(),
        sectors=_codes([" ".join(p.sector.casefold().split()) for p in profiles]),
        languages=languages,
        companies=_codes([company_key(p.company) for p in profiles]),
    )
