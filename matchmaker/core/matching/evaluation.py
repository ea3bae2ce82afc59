"""Measuring match quality on labelled scenarios (seeker, provider, competitor twin)."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Scenario:
    """A seeker, the provider who answers the seeker's need (and vice versa), and the seeker's twin."""

    name: str
    seeker: str
    provider: str
    twin: str
    cross_lingual: bool


@dataclass(frozen=True)
class QualityReport:
    scenarios: int
    cross_lingual_scenarios: int
    mutual_recall_at_3: float  # seeker has provider in top 3 AND provider has seeker in top 3
    cross_lingual_recall_at_3: float  # the same, on cross-lingual scenarios only
    twin_first_rate: float  # share of seekers whose first recommendation is their twin
    provider_first_rate: float  # share of seekers whose first recommendation is their provider
    missed: tuple[str, ...]  # scenarios failing mutual recall@3


def read_scenarios(path: Path) -> list[Scenario]:
    """Scenarios from a labels CSV with columns scenario, seeker, provider, twin, cross_lingual."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return [Scenario(r["scenario"], r["seeker"], r["provider"], r["twin"], r["cross_lingual"] == "1")
            for r in rows]


def evaluate(rankings: Mapping[str, Sequence[str]], scenarios: Sequence[Scenario]) -> QualityReport:
    """Score ``rankings`` (key -> recommended keys, best first) against ``scenarios``."""

    def mutual(s: Scenario) -> bool:
        return s.provider in rankings.get(s.seeker, ())[:3] and s.seeker in rankings.get(s.provider, ())[:3]

    hits = [mutual(s) for s in scenarios]
    cross = [hit for hit, s in zip(hits, scenarios, strict=True) if s.cross_lingual]
    twin_first = [bool(rankings.get(s.seeker)) and rankings[s.seeker][0] == s.twin for s in scenarios]
    return QualityReport(
        scenarios=len(scenarios),
        cross_lingual_scenarios=len(cross),
        mutual_recall_at_3=sum(hits) / max(1, len(hits)),
        cross_lingual_recall_at_3=sum(cross) / max(1, len(cross)),
        twin_first_rate=sum(twin_first) / max(1, len(scenarios)),
        provider_first_rate=sum(bool(rankings.get(s.seeker)) and rankings[s.seeker][0] == s.provider
                                for s in scenarios) / max(1, len(scenarios)),
        missed=tuple(s.name for hit, s in zip(hits, scenarios, strict=True) if not hit),
    )


def similarity_baseline(keys: Sequence[str], profile_vectors: npt.NDArray[np.float32],
                        top_k: int = 10) -> dict[str, list[str]]:
    """The matcher we must beat: rank others by cosine of whole-profile vectors (most alike first)."""
    similarity = profile_vectors @ profile_vectors.T
    np.fill_diagonal(similarity, -np.inf)
    order = np.argsort(-similarity, axis=1, kind="stable")[:, :top_k]
    return {key: [keys[j] for j in row] for key, row in zip(keys, order, strict=True)}
