"""Meeting scheduler benchmark: quality, time and peak memory against baselines run in the same script.

1. Synthetic fairs (default 2,000 and 20,000 attendees): score vs. the solver's upper bound (LPs
   with the fairness reached as constraints, see matchmaker.core.scheduling.bound) and vs. the plain
   LP without fairness, where the difference goes (table use, LP meeting counts, average scores; see
   scheduling_diagnostics), attendees without a meeting, fairness, idle gaps vs. the naive greedy
   (score order, first free slot and table), seconds and peak memory (each case runs in a fresh
   process so its peak is its own; the diagnostics' own LPs run after the peak is read).
2. Required-meeting events in the style of Bofill et al. (JAIR): all meetings scheduled? idle gaps vs.
   an exact CP-SAT model of the whole event (its best schedule and proven lower bound) and vs. the
   naive greedy, which leaves required meetings out on such tight events.

    .venv/bin/python benchmarks/bench_scheduling.py                  # everything (~10 minutes)
    .venv/bin/python benchmarks/bench_scheduling.py --sizes 2000 --events 3 --exact-seconds 20
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scheduling_baseline import idle_gaps, naive_greedy
from benchmarks.scheduling_diagnostics import score_diagnostics
from benchmarks.scheduling_exact import exact_required_gaps
from benchmarks.scheduling_instances import b2b_event, synthetic_fair
from matchmaker.core.scheduling import solve

# (companies, meetings, slots, tables) within the ranges of the published instances.
EVENTS = [
    (40, 120, 8, 16),
    (50, 180, 12, 17),
    (60, 220, 16, 16),
    (70, 260, 22, 13),
    (80, 300, 14, 22),
    (60, 250, 20, 15),
    (45, 150, 10, 16),
    (75, 280, 18, 17),
]


def machine() -> str:
    load = os.getloadavg()
    return (
        f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"load average {load[0]:.1f} at start"
    )


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _fair_case(n: int, time_limit: float) -> dict[str, Any]:
    problem = synthetic_fair(n, seed=1)
    before = _peak_mb()
    started = time.perf_counter()
    schedule = solve(problem, time_limit=time_limit, seed=0)
    seconds = time.perf_counter() - started
    peak = _peak_mb()
    naive_started = time.perf_counter()
    naive = naive_greedy(problem)
    naive_seconds = time.perf_counter() - naive_started
    diagnostics = score_diagnostics(problem, schedule)  # after the peak: its LPs are not the solver's
    counts: dict[str, int] = {p.id: 0 for p in problem.attendees}
    for m in naive:
        counts[m.a] += 1
        counts[m.b] += 1
    return {
        "n": n,
        "meetings": len(problem.meetings),
        "tables": len(problem.tables),
        "seconds": seconds,
        "timed_out": schedule.timed_out,
        "peak_mb": peak,
        "peak_before_mb": before,
        "stats": schedule.stats,
        "plain_bound": diagnostics["plain_value"],
        "diagnostics": diagnostics,
        "naive_seconds": naive_seconds,
        "naive_score": sum(m.score for m in naive),
        "naive_gaps": idle_gaps(problem, naive),
        "naive_zero": sum(1 for v in counts.values() if v == 0),
        "naive_required": sum(1 for m in naive if m.required),
    }


def _event_case(args: tuple[int, int, int, int], seed: int, exact_seconds: float) -> dict[str, Any]:
    problem = b2b_event(*args, seed=seed, forbidden_share=0.3)
    started = time.perf_counter()
    schedule = solve(problem, time_limit=10, seed=0)
    seconds = time.perf_counter() - started
    naive = naive_greedy(problem)
    exact_started = time.perf_counter()
    exact = exact_required_gaps(problem, time_limit=exact_seconds, workers=2) if exact_seconds > 0 else None
    return {
        "args": args,
        "seed": seed,
        "fixed": sum(1 for m in problem.meetings if m.fixed),
        "seconds": seconds,
        "stats": schedule.stats,
        "naive_left_out": len(problem.meetings) - len(naive),
        "naive_gaps": idle_gaps(problem, naive),
        "exact": exact,
        "exact_seconds": time.perf_counter() - exact_started,
        "peak_mb": _peak_mb(),
    }


def _isolated(function: Any, *args: Any) -> Any:
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, args)


def report_fairs(sizes: list[int]) -> None:
    print("\n== synthetic fairs: 16 slots / 2 days, ~20 candidates each, tables for 30% of attendees")
    print("   (0.15 x attendees tables), 15% unavailability, max 5-10, ~1.7% required")
    for n in sizes:
        limit = 10.0 if n <= 2000 else 60.0
        r = _isolated(_fair_case, n, limit)
        s = r["stats"]
        bound = s.upper_bound or float("nan")
        print(f"\n{n} attendees, {r['meetings']} candidates, {r['tables']} tables, time limit {limit:.0f} s")
        print(
            f"  solver: {r['seconds']:.1f} s{' (hit the limit)' if r['timed_out'] else ''}, "
            f"peak memory {r['peak_mb']:.0f} MB (process, {r['peak_before_mb']:.0f} MB before solving)"
        )
        print(f"  required scheduled     {s.required_scheduled}/{s.required} (naive {r['naive_required']})")
        print(f"  meetings scheduled     {s.scheduled}")
        print(f"  attendees with zero    {s.zero_meeting_attendees} (naive {r['naive_zero']})")
        print(f"  fairness min / p10     {s.fairness_min:.2f} / {s.fairness_p10:.2f}")
        print(
            f"  score                  {s.score:.1f} = {s.score / bound:.2%} of the fair bound {bound:.1f}; "
            f"{s.score / r['plain_bound']:.1%} of the plain LP bound {r['plain_bound']:.1f}"
        )
        print(f"  naive score  {r['naive_score']:.1f} ({r['naive_score'] / r['plain_bound']:.1%} of plain)")
        _print_diagnostics(s, r["diagnostics"])
        print(
            f"  idle gaps              {s.idle_gaps} = {s.idle_gaps / max(1, r['naive_gaps']):.1%} of naive "
            f"greedy's {r['naive_gaps']} (naive ran {r['naive_seconds']:.1f} s)"
        )


def _print_diagnostics(s: Any, d: dict[str, Any]) -> None:
    higher = d["higher_minimum"]
    print(
        f"  bound = max(same minimum & p10 >= ours: {d['same_minimum']:.1f}, higher minimum: "
        f"{'none possible' if higher is None else format(higher, '.1f')}); "
        f"fairness costs {d['plain_value'] - (s.upper_bound or 0):.1f} of the plain LP"
    )
    places = d["table_places"]
    print(
        f"  tables used            {s.scheduled}/{places} = {s.scheduled / places:.1%}; "
        f"LP meetings: plain {d['plain_meetings']:.0f}, fair {d['same_minimum_meetings']:.0f}"
    )
    print(
        f"  average score          placed {d['placed_average']:.4f}, chosen by the plain LP "
        f"{d['plain_average']:.4f}, by the fair LP {d['same_minimum_average']:.4f}"
    )


def report_events(count: int, exact_seconds: float) -> None:
    print(
        "\n== required-meeting events (Bofill et al. style; 30% of companies with forbidden slots, 5% fixed)"
    )
    print(
        f"   solver time limit 10 s; exact = one CP-SAT model of the event, 2 workers, {exact_seconds:.0f} s"
    )
    header = (
        f"  {'companies/meetings/slots/tables':>31} {'fixed':>5} {'all?':>4} {'gaps':>4} {'s':>5} "
        f"{'exact':>5} {'LB':>3} {'exact s':>7} {'naive left out':>14} {'naive gaps':>10}"
    )
    print(header)
    matched = 0
    for i in range(count):
        args = EVENTS[i % len(EVENTS)]
        r = _isolated(_event_case, args, i + 1, exact_seconds)
        s, exact = r["stats"], r["exact"]
        exact_gaps = "-" if exact is None or exact.gaps is None else str(exact.gaps)
        lower = "-" if exact is None else str(exact.lower_bound) + ("*" if exact.optimal else "")
        if exact is not None and s.idle_gaps <= exact.lower_bound:
            matched += 1
        print(
            f"  {'/'.join(map(str, args)):>31} {r['fixed']:>5} "
            f"{'yes' if s.required_scheduled == s.required else 'NO':>4} {s.idle_gaps:>4} "
            f"{r['seconds']:>5.1f} "
            f"{exact_gaps:>5} {lower:>3} {r['exact_seconds']:>7.1f} "
            f"{r['naive_left_out']:>14} {r['naive_gaps']:>10}"
        )
    print(f"  solver provably optimal (gaps == CP-SAT lower bound) on {matched}/{count}; * = CP-SAT optimum")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="2000,20000", help="fair sizes, comma separated ('' to skip)")
    parser.add_argument("--events", type=int, default=8, help="number of required-meeting events")
    parser.add_argument("--exact-seconds", type=float, default=60.0, help="CP-SAT time per event (0 skips)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    sizes = [int(v) for v in args.sizes.split(",") if v]
    if sizes:
        report_fairs(sizes)
    if args.events:
        report_events(args.events, args.exact_seconds)


if __name__ == "__main__":
    main()
