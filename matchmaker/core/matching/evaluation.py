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
    return [
        Scenario(r["scenario"], r["seeker"], r["provider"], r["twin"], r["cross_lingual"] == "1")
        for r in rows
    ]


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
        provider_first_rate=sum(
            bool(rankings.get(s.seeker)) and rankings[s.seeker][0] == s.provider for s in scenarios
        )
        / max(1, len(scenarios)),
        missed=tuple(s.name for hit, s in zip(hits, scenarios, strict=True) if not hit),
    )


def similarity_baseline(
    keys: Sequence[str], profile_vectors: npt.NDArray[np.float32], top_k: int = 10
) -> dict[str, list[str]]:
    """The matcher we must beat: rank others by cosine of whole-profile vectors (most alike first)."""
    similarity = profile_vectors @ profile_vectors.T
    np.fill_diagonal(similarity, -np.inf)
    order = np.argsort(-similarity, axis=1, kind="stable")[:, :top_k]
    return {key: [keys[j] for j in row] for key, row in zip(keys, order, strict=True)}


@dataclass(frozen=True)
class FairScenario:
    """A labelled scenario of the second set: four attendees, a category, a split, and what the first
    reason should quote (see ``tests/data/matching_eval_fair/README.md``)."""

    name: str
    category: str
    held_out: bool
    seeker: str
    provider: str
    twin: str
    trap: str
    seeker_seeks: str
    provider_offers: str
    provider_seeks: str
    seeker_offers: str
    languages: str = ""  # seeker-provider, e.g. "pl-ru"
    # "tuning", "held_out" (written with the tuning split, never tuned on) or "fresh" (written after the
    # second round's tuning); ``held_out`` is true for both of the last two.
    split: str = "tuning"


def read_fair_scenarios(path: Path) -> list[FairScenario]:
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    return [
        FairScenario(
            r["scenario"],
            r["category"],
            r["split"] != "tuning",
            r["seeker"],
            r["provider"],
            r["twin"],
            r["trap"],
            r["seeker_seeks"],
            r["provider_offers"],
            r["provider_seeks"],
            r["seeker_offers"],
            r.get("languages", ""),
            r["split"],
        )
        for r in rows
    ]


@dataclass(frozen=True)
class CategoryReport:
    scenarios: int
    mutual_recall_at_3: float
    twin_first_rate: float
    trap_above_provider_rate: float
    # Of the scenarios where the seeker is shown the provider: the first reason names both matched items.
    reason_quotes_rate: float
    reason_checked: int
    missed: tuple[str, ...]


def _contains(values: Sequence[str], piece: str) -> bool:
    return any(piece.casefold() in value.casefold() for value in values)


def quotes_both_items(reason: Mapping[str, object] | None, s: FairScenario) -> bool:
    """Whether a first reason (as JSON) names the seeker's and the provider's matched items."""
    if not reason:
        return False
    yours, theirs = reason.get("yours") or [], reason.get("theirs") or []
    assert isinstance(yours, list) and isinstance(theirs, list)
    if reason.get("kind") == "they_offer":
        return _contains(yours, s.seeker_seeks) and _contains(theirs, s.provider_offers)
    if reason.get("kind") == "they_seek":
        return _contains(theirs, s.provider_seeks) and _contains(yours, s.seeker_offers)
    return False


def evaluate_fair(
    rankings: Mapping[str, Sequence[str]],
    first_reasons: Mapping[tuple[str, str], Mapping[str, object]] | None,
    scenarios: Sequence[FairScenario],
) -> CategoryReport:
    """Figures for ``scenarios`` (any subset: a category, a split). ``first_reasons`` maps (viewer,
    candidate) to the first reason shown; None for a ranking without reasons (the baselines)."""

    def top(key: str) -> Sequence[str]:
        return rankings.get(key, ())

    def mutual(s: FairScenario) -> bool:
        return s.provider in top(s.seeker)[:3] and s.seeker in top(s.provider)[:3]

    def trap_above(s: FairScenario) -> bool:
        ranked = list(top(s.seeker))
        if s.trap not in ranked:
            return False
        return s.provider not in ranked or ranked.index(s.trap) < ranked.index(s.provider)

    hits = [mutual(s) for s in scenarios]
    count = max(1, len(scenarios))
    shown = [s for s in scenarios if s.provider in top(s.seeker)]
    quoted = [quotes_both_items((first_reasons or {}).get((s.seeker, s.provider)), s) for s in shown]
    return CategoryReport(
        scenarios=len(scenarios),
        mutual_recall_at_3=sum(hits) / count,
        twin_first_rate=sum(bool(top(s.seeker)) and top(s.seeker)[0] == s.twin for s in scenarios) / count,
        trap_above_provider_rate=sum(trap_above(s) for s in scenarios) / count,
        reason_quotes_rate=(sum(quoted) / max(1, len(shown))) if first_reasons is not None else float("nan"),
        reason_checked=len(shown) if first_reasons is not None else 0,
        missed=tuple(s.name for hit, s in zip(hits, scenarios, strict=True) if not hit),
    )
