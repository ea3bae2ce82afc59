"""Quality of the matcher on the labelled sets, next to the landed engine and a plain similarity
baseline, per category, with the tuning and held-out splits apart; and the score distribution the match
floor and the labels are chosen from. Used by ``python -m benchmarks.bench_matching``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import landed_engine
from matchmaker.core.matching import ItemVectors, MatchingConfig, Profile, ProfileVectors, match_profiles
from matchmaker.core.matching.evaluation import (
    CategoryReport,
    FairScenario,
    evaluate,
    evaluate_fair,
    read_fair_scenarios,
    read_scenarios,
    similarity_baseline,
)
from matchmaker.formats.attendee_csv import read_attendee_csv
from matchmaker.ml import InMemoryVectorCache, create_embedder, embed_profiles
from matchmaker.ml.embedder import Embedder
from matchmaker.ml.evaluation import profile_text
from matchmaker.ml.profile_vectors import _stack, embed_texts

ROOT = Path(__file__).resolve().parent.parent
FAIR = ROOT / "tests" / "data" / "matching_eval_fair"
OLD = ROOT / "tests" / "data" / "matching_eval"
DEMO = ROOT / "data" / "demo" / "attendees.csv"
Rankings = dict[str, list[str]]
FirstReasons = dict[tuple[str, str], dict[str, Any]]


def _profiles(path: Path) -> list[Profile]:
    return [record.to_profile() for record in read_attendee_csv(path).records]


def _ours(
    profiles: Sequence[Profile], vectors: ProfileVectors, floor: float, **settings: Any
) -> tuple[Rankings, FirstReasons, list[list[float]]]:
    matches = match_profiles(profiles, vectors, config=MatchingConfig(top_k=10, floor=floor, **settings))
    rankings = {p.key: [m.key for m in row] for p, row in zip(profiles, matches, strict=True)}
    first = {
        (p.key, m.key): m.reasons[0].to_json() for p, row in zip(profiles, matches, strict=True) for m in row
    }
    scores = [[m.score for m in row] for row in matches]
    return rankings, first, scores


def without_lexical(vectors: ProfileVectors) -> ProfileVectors:
    assert vectors.items is not None
    items = ItemVectors(
        vectors.items.semantic,
        np.zeros((vectors.items.count, 0), dtype=np.float32),
        vectors.items.index,
        vectors.items.avoid_context,
        vectors.items.words,
    )
    return replace(vectors, items=items, lexical_offers=None, lexical_seeks=None, _present={})


def without_items(vectors: ProfileVectors) -> ProfileVectors:
    return replace(vectors, items=None, _present={})


def _landed(profiles: Sequence[Profile], embedder: Embedder, cache: InMemoryVectorCache) -> Rankings:
    """The engine as it landed: whole raw texts (negated clauses included), no items, no lexical channel."""
    columns = {}
    for name, texts in (
        ("offers", [p.offers for p in profiles]),
        ("seeks", [p.seeks for p in profiles]),
        ("interests", [p.interests_text for p in profiles]),
    ):
        rows, _ = embed_texts(texts, "offers" if name == "offers" else "seeks", embedder, cache)
        columns[name] = _stack(
            rows, 512 if not any(r is not None for r in rows) else len(next(r for r in rows if r is not None))
        )
    old_profiles = [
        landed_engine.Profile(
            key=p.key,
            offers=p.offers,
            seeks=p.seeks,
            name=p.name,
            company=p.company,
            sector=p.sector,
            interests=p.interests,
            intents=p.intents,
            languages=p.languages,
        )
        for p in profiles
    ]
    vectors = landed_engine.ProfileVectors(
        offers=columns["offers"], seeks=columns["seeks"], interests=columns["interests"]
    )
    matches = landed_engine.match_profiles(
        old_profiles, vectors, config=landed_engine.MatchingConfig(top_k=10)
    )
    return {p.key: [m.key for m in row] for p, row in zip(profiles, matches, strict=True)}


def _baseline(profiles: Sequence[Profile], embedder: Embedder, cache: InMemoryVectorCache) -> Rankings:
    whole, _ = embed_texts(
        [profile_text(p.offers, p.seeks, p.interests_text) for p in profiles], "offers", embedder, cache
    )
    stacked = np.stack([v for v in whole if v is not None]).astype(np.float32)
    return similarity_baseline([p.key for p in profiles], stacked)


def _report(
    rankings: Rankings, first: FirstReasons | None, scenarios: Sequence[FairScenario]
) -> dict[str, Any]:
    def row(report: CategoryReport) -> dict[str, Any]:
        return {
            "n": report.scenarios,
            "mutual": report.mutual_recall_at_3,
            "twin": report.twin_first_rate,
            "trap": report.trap_above_provider_rate,
            "quotes": report.reason_quotes_rate,
            "quotes_n": report.reason_checked,
            "missed": list(report.missed),
        }

    out: dict[str, Any] = {}
    for split in ("tuning", "held_out", "fresh", "fresh2", "all"):
        chosen = [s for s in scenarios if split in ("all", s.split)]
        categories = sorted({s.category for s in chosen})
        out[split] = {"all": row(evaluate_fair(rankings, first, chosen))} | {
            c: row(evaluate_fair(rankings, first, [s for s in chosen if s.category == c])) for c in categories
        }
        # Polish <-> Russian with no English on either side, across categories.
        slavic = [s for s in chosen if s.languages in ("pl-ru", "ru-pl")]
        if slavic:
            out[split]["(pl <-> ru)"] = row(evaluate_fair(rankings, first, slavic))
    return out


def fair_quality(model: str, floor: float) -> dict[str, Any]:
    """Every engine on the second labelled set (its 157 distractors included)."""
    embedder, cache = create_embedder(model), InMemoryVectorCache()
    profiles = _profiles(FAIR / "attendees.csv")
    scenarios = read_fair_scenarios(FAIR / "labels.csv")
    vectors, _ = embed_profiles(profiles, embedder, cache)
    engines: dict[str, Callable[[], tuple[Rankings, FirstReasons | None]]] = {
        "ours": lambda: _ours(profiles, vectors, floor)[:2],
        "ours, no hub correction": lambda: _ours(profiles, vectors, floor, hub_penalty=0.0)[:2],
        "ours, no lexical channel": lambda: _ours(profiles, without_lexical(vectors), floor)[:2],
        "ours, whole texts (no items)": lambda: _ours(profiles, without_items(vectors), floor)[:2],
        "landed engine": lambda: (_landed(profiles, embedder, cache), None),
        "similarity baseline": lambda: (_baseline(profiles, embedder, cache), None),
    }
    result = {}
    for name, run in engines.items():
        rankings, first = run()
        result[name] = _report(rankings, first, scenarios)
    return result


def old_quality(model: str, floor: float, with_demo: bool) -> dict[str, Any]:
    embedder, cache = create_embedder(model), InMemoryVectorCache()
    profiles = _profiles(OLD / "attendees.csv")
    if with_demo and DEMO.is_file():
        taken = {p.key for p in profiles}
        profiles += [p for p in _profiles(DEMO) if p.key not in taken]
    scenarios = read_scenarios(OLD / "labels.csv")
    vectors, _ = embed_profiles(profiles, embedder, cache)
    out = {}
    for name, rankings in (
        ("ours", _ours(profiles, vectors, floor)[0]),
        ("landed engine", _landed(profiles, embedder, cache)),
        ("similarity baseline", _baseline(profiles, embedder, cache)),
    ):
        report = evaluate(rankings, scenarios)
        out[name] = {
            "mutual": report.mutual_recall_at_3,
            "cross": report.cross_lingual_recall_at_3,
            "twin": report.twin_first_rate,
            "missed": list(report.missed),
        }
    return out


def score_distribution(model: str) -> dict[str, Any]:
    """Scores of true pairs and of everyone else, without a floor, on three events: where to put it."""
    embedder, cache = create_embedder(model), InMemoryVectorCache()
    events: dict[str, tuple[list[Profile], set[tuple[str, str]]]] = {}
    fair = _profiles(FAIR / "attendees.csv")
    tuning = [s for s in read_fair_scenarios(FAIR / "labels.csv") if not s.held_out]
    events["set 2 (tuning split)"] = (
        fair,
        {(s.seeker, s.provider) for s in tuning} | {(s.provider, s.seeker) for s in tuning},
    )
    old = _profiles(OLD / "attendees.csv")
    old_scenarios = read_scenarios(OLD / "labels.csv")
    events["set 1"] = (
        old,
        {(s.seeker, s.provider) for s in old_scenarios} | {(s.provider, s.seeker) for s in old_scenarios},
    )
    if DEMO.is_file():
        events["demo fair (no labels)"] = (_profiles(DEMO), set())
    thresholds = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]
    out: dict[str, Any] = {"thresholds": thresholds}
    for name, (profiles, true_pairs) in events.items():
        vectors, _ = embed_profiles(profiles, embedder, cache)
        matches = match_profiles(profiles, vectors, config=MatchingConfig(top_k=30, floor=0.0))
        true_scores: list[float] = []
        other_scores: list[float] = []
        for p, row in zip(profiles, matches, strict=True):
            for m in row:
                (true_scores if (p.key, m.key) in true_pairs else other_scores).append(m.score)
        true_array, other_array = np.asarray(true_scores), np.asarray(other_scores)
        per_person = [[sum(m.score >= t for m in row) for row in matches] for t in thresholds]
        out[name] = {
            "true_pairs": len(true_pairs),
            "true_listed": len(true_scores),
            "true_kept": [float(np.sum(true_array >= t)) / max(1, len(true_pairs)) for t in thresholds],
            "others_kept": [
                float(np.mean(other_array >= t)) if len(other_array) else 0.0 for t in thresholds
            ],
            "median_per_person": [float(np.median(counts)) for counts in per_person],
            "nobody": [float(np.mean([c == 0 for c in counts])) for counts in per_person],
        }
    return out
