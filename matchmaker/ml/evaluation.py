"""Run the matcher and the profile-similarity baseline on a labelled evaluation set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from matchmaker.core.matching import MatchingConfig, match_profiles
from matchmaker.core.matching.evaluation import (
    CategoryReport,
    QualityReport,
    evaluate,
    evaluate_fair,
    read_fair_scenarios,
    read_scenarios,
    similarity_baseline,
)
from matchmaker.formats.attendee_csv import read_attendee_csv
from matchmaker.ml.cache import InMemoryVectorCache, VectorCache
from matchmaker.ml.embedder import Embedder
from matchmaker.ml.profile_vectors import embed_profiles, embed_texts


@dataclass(frozen=True)
class EvaluationRun:
    matcher: QualityReport
    baseline: QualityReport


def profile_text(offers: str, seeks: str, interests: str) -> str:
    """The whole profile as one text, as a plain similarity matcher would embed it."""
    return ". ".join(part for part in (offers, seeks, interests) if part)


def run_evaluation(
    embedder: Embedder,
    attendees_csv: Path,
    labels_csv: Path,
    cache: VectorCache | None = None,
    distractors_csv: Path | None = None,
) -> EvaluationRun:
    """Quality of our matcher and of the similarity baseline on the same profiles and embedder.

    ``distractors_csv`` adds unlabelled attendees (e.g. the demo fair) to the pool, which makes
    the top 3 harder to reach for both matchers.
    """
    cache = cache if cache is not None else InMemoryVectorCache()
    profiles = [record.to_profile() for record in read_attendee_csv(attendees_csv).records]
    if distractors_csv is not None:
        taken = {p.key for p in profiles}
        profiles += [r.to_profile() for r in read_attendee_csv(distractors_csv).records if r.id not in taken]
    scenarios = read_scenarios(labels_csv)
    vectors, _ = embed_profiles(profiles, embedder, cache)
    matches = match_profiles(profiles, vectors, config=MatchingConfig(top_k=10))
    ours = {p.key: [m.key for m in row] for p, row in zip(profiles, matches, strict=True)}
    whole, _ = embed_texts(
        [profile_text(p.offers, p.seeks, p.interests_text) for p in profiles], "offers", embedder, cache
    )
    stacked = np.stack([v for v in whole if v is not None]).astype(np.float32)
    baseline = similarity_baseline([p.key for p in profiles], stacked)
    return EvaluationRun(matcher=evaluate(ours, scenarios), baseline=evaluate(baseline, scenarios))


@dataclass(frozen=True)
class FairEvaluation:
    """Set 2 figures of the matcher: overall and per category, for the tuning and held-out splits."""

    tuning: dict[str, CategoryReport]
    held_out: dict[str, CategoryReport]
    fresh: dict[str, CategoryReport]
    fresh2: dict[str, CategoryReport]


def run_fair_evaluation(
    embedder: Embedder,
    attendees_csv: Path,
    labels_csv: Path,
    *,
    floor: float,
    cache: VectorCache | None = None,
) -> FairEvaluation:
    """The matcher on the second labelled set, the match floor applied, as an attendee would see it."""
    profiles = [record.to_profile() for record in read_attendee_csv(attendees_csv).records]
    vectors, _ = embed_profiles(profiles, embedder, cache if cache is not None else InMemoryVectorCache())
    matches = match_profiles(profiles, vectors, config=MatchingConfig(top_k=10, floor=floor))
    rankings = {p.key: [m.key for m in row] for p, row in zip(profiles, matches, strict=True)}
    first = {
        (p.key, m.key): m.reasons[0].to_json() for p, row in zip(profiles, matches, strict=True) for m in row
    }
    scenarios = read_fair_scenarios(labels_csv)

    def split(name: str) -> dict[str, CategoryReport]:
        chosen = [s for s in scenarios if s.split == name]
        reports = {"all": evaluate_fair(rankings, first, chosen)}
        for category in sorted({s.category for s in chosen}):
            reports[category] = evaluate_fair(rankings, first, [s for s in chosen if s.category == category])
        # Polish <-> Russian with no English on either side, across categories.
        slavic = [s for s in chosen if s.languages in ("pl-ru", "ru-pl")]
        if slavic:
            reports["(pl <-> ru)"] = evaluate_fair(rankings, first, slavic)
        return reports

    return FairEvaluation(
        tuning=split("tuning"), held_out=split("held_out"), fresh=split("fresh"), fresh2=split("fresh2")
    )
