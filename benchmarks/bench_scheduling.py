"""Meeting scheduler benchmark: quality, time and peak memory against baselines run in the same script.

1. Synthetic fairs (default 2,000 and 20,000 attendees): score vs. the solver's upper bound (LPs
   with the fairness reached as constraints, see matchmaker.core.scheduling.bound) and vs. the plain
   LP without fairness, where the difference goes (table use, LP meeting counts, average scores; see
   scheduling_diagnostics), attendees without a meeting, fairness, idle gaps vs. the naive greedy
   (score order, first free slot and table), seconds and peak memory (each case runs in a fresh
   process so its peak is its own; the diagnostics' own LPs run after the peak is read).
   Two generators: the original (``scheduling_instances.synthetic_fair``) and ``scheduling_fairs``
   (three days, attendance patterns, sector scores with a weak tail below the floor); each fair
   also reports the scheduled meetings below the quality floor (must be 0).
2. B2B events (``scheduling_b2b``): the five real events of ``shared/b2b`` and generated ones of the
   same kind, each solved by ``matchmaker solve FILE --time-limit 10`` in its own process (wall time,
   start-up included): meetings placed / required, idle gaps in both measures (every idle run;
   runs holding an available slot), beside the reference optimum (MaxSAT for the real events,
   ``scheduling_b2b_optima.json`` for the generated ones, written by ``--prove SECONDS``).
3. Required-meeting events in the style of Bofill et al. (JAIR): all meetings scheduled? idle gaps vs.
   an exact CP-SAT model of the whole event (its best schedule and proven lower bound) and vs. the
   naive greedy, which leaves required meetings out on such tight events.

    .venv/bin/python benchmarks/bench_scheduling.py                  # everything (~15 minutes)
    .venv/bin/python benchmarks/bench_scheduling.py --sizes 2000 --events 3 --exact-seconds 20
    .venv/bin/python benchmarks/bench_scheduling.py --sizes '' --events 0 --prove 300  # optima, offline
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scheduling_b2b import GENERATED, b2b_forum, gap_measures, prove_gaps, shared_dir
from benchmarks.scheduling_baseline import idle_gaps, naive_greedy
from benchmarks.scheduling_diagnostics import score_diagnostics
from benchmarks.scheduling_exact import exact_required_gaps
from benchmarks.scheduling_fairs import sector_fair
from benchmarks.scheduling_instances import b2b_event, synthetic_fair
from matchmaker.core.scheduling import Problem, solve
from matchmaker.formats.problem_file import read_problem_file

OPTIMA_FILE = Path(__file__).with_name("scheduling_b2b_optima.json")
# shared/b2b/README.md: the MaxSAT optimum (gaps, all) and that schedule's gaps at available slots.
SHARED_REFERENCE = {
    "forum-14": (2, 2),
    "forumt-14": (5, 1),
    "tic-13crafc": (4, 4),
    "ticf-13crafb": (3, 3),
    "forum-13crafc": (1, 1),
}
GENERATORS = {"original": synthetic_fair, "sector": sector_fair}

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


def _fair_case(n: int, time_limit: float, generator: str = "original") -> dict[str, Any]:
    problem = GENERATORS[generator](n, seed=1)
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
    floor = problem.min_score
    return {
        "impossible": sum(1 for u in schedule.unscheduled if u.reason.code.startswith("never_both")),
        "n": n,
        "below_floor": sum(
            1 for m in schedule.meetings if not m.required and floor is not None and m.score < floor
        ),
        "floor": floor,
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


def report_fairs(sizes: list[int], generators: list[str]) -> None:
    print("\n== synthetic fairs. original: 16 slots / 2 days, ~20 candidates each, tables for 30% of")
    print("   attendees (0.15 x attendees tables), 15% unavailability, max 5-10, ~1.7% required, no floor;")
    print("   sector: 18 slots / 3 days, tables for 20%, one-day and mornings-only attendees, 5-40")
    print("   candidates, sector scores with a weak tail, floor 0.3, a quarter without a maximum")
    for generator in generators:
        for n in sizes:
            _report_fair(generator, n)


def _report_fair(generator: str, n: int) -> None:
    if True:
        limit = 10.0 if n <= 2000 else 60.0
        r = _isolated(_fair_case, n, limit, generator)
        s = r["stats"]
        bound = s.upper_bound or float("nan")
        print(
            f"\n{generator} generator, {n} attendees, {r['meetings']} candidates, {r['tables']} tables, "
            f"time limit {limit:.0f} s, load average {os.getloadavg()[0]:.1f}"
        )
        print(
            f"  solver: {r['seconds']:.1f} s{' (hit the limit)' if r['timed_out'] else ''}, "
            f"peak memory {r['peak_mb']:.0f} MB (process, {r['peak_before_mb']:.0f} MB before solving)"
        )
        print(
            f"  required scheduled     {s.required_scheduled}/{s.required} (naive {r['naive_required']}); "
            f"{r['impossible']} have no common free slot"
        )
        print(f"  meetings scheduled     {s.scheduled}")
        print(
            f"  attendees with zero    {s.zero_meeting_attendees} among those with a worthwhile candidate "
            f"(naive {r['naive_zero']}); {s.attendees_without_candidates} have none"
        )
        print(f"  below the floor        {r['below_floor']} scheduled meetings (floor {r['floor']})")
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


def _solve_file(path: Path, limit: float) -> dict[str, Any]:
    """``matchmaker solve`` in a process of its own; wall time measured around the whole process."""
    command = Path(sys.executable).with_name("matchmaker")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "SCHEDULE.json"
        started = time.perf_counter()
        subprocess.run(
            [str(command), "solve", str(path), "--out", str(out), "--time-limit", str(limit)],
            capture_output=True,
            check=False,
        )
        wall = time.perf_counter() - started
        document = json.loads(out.read_text(encoding="utf-8"))
    return {"wall": wall, "schedule": document}


def _b2b_events() -> list[tuple[str, Problem, Path | None]]:
    events: list[tuple[str, Problem, Path | None]] = []
    folder = shared_dir()
    if folder is not None:
        for name in SHARED_REFERENCE:
            path = folder / f"{name}.json"
            events.append((name, read_problem_file(path), path))
    for index, (name, shape) in enumerate(GENERATED.items()):
        events.append((name, b2b_forum(*shape, seed=index + 1), None))
    return events


def _problem_document(problem: Problem) -> dict[str, Any]:
    return {
        "slots": [{"id": s.id, "day": s.day} for s in problem.slots],
        "tables": [{"id": t.id} for t in problem.tables],
        "attendees": [{"id": p.id, "unavailable": sorted(p.unavailable)} for p in problem.attendees],
        "meetings": [
            {"a": m.a, "b": m.b, "required": m.required}
            | ({} if m.allowed_slots is None else {"slots": sorted(m.allowed_slots)})
            for m in problem.meetings
        ],
    }


def report_b2b(limit: float) -> None:
    optima = json.loads(OPTIMA_FILE.read_text(encoding="utf-8")) if OPTIMA_FILE.exists() else {}
    print(f"\n== B2B events: `matchmaker solve FILE --time-limit {limit:g}`, one process each, wall time")
    print("   gaps all = every idle run (the paper's measure); avail = runs holding an available slot")
    print("   reference: MaxSAT optimum of gaps all (and that schedule's avail) for the real events;")
    print("   for generated ones the exact CP-SAT model's best / proven bound per measure (* = proven)")
    header = f"{'event':>14} {'placed':>9} {'all':>4} {'avail':>5} {'wall s':>6}   reference all / avail"
    print(f"  {header}   load")
    for name, problem, path in _b2b_events():
        with tempfile.TemporaryDirectory() as folder:
            if path is None:
                path = Path(folder) / f"{name}.json"
                path.write_text(json.dumps(_problem_document(problem)), encoding="utf-8")
            r = _solve_file(path, limit)
        placed = [(m["a"], m["b"], m["slot"]) for m in r["schedule"]["meetings"]]
        every, available = gap_measures(problem, placed)
        stats = r["schedule"]["stats"]
        if name in SHARED_REFERENCE:
            reference = f"{SHARED_REFERENCE[name][0]} / {SHARED_REFERENCE[name][1]} (MaxSAT)"
        else:
            known = optima.get(name, {})
            reference = " / ".join(_proof_text(known.get(key)) for key in ("all", "available"))
        print(
            f"  {name:>14} {stats['required_scheduled']:>4}/{stats['required']:<4} {every:>4} "
            f"{available:>5} "
            f"{r['wall']:>6.1f}   {reference:<22} {os.getloadavg()[0]:.1f}"
        )


def _proof_text(proof: dict[str, Any] | None) -> str:
    if not proof:
        return "?"
    if proof["optimal"]:
        return f"{proof['best']}*"
    return f"{proof['best']} (>= {proof['lower_bound']})"


def prove_b2b(seconds: float) -> None:
    """Run the exact model on the generated events with a long limit and record what it proves."""
    optima: dict[str, Any] = {}
    for name, problem, _ in _b2b_events():
        if name in SHARED_REFERENCE:
            continue
        optima[name] = {}
        for key, count_unavailable in (("all", True), ("available", False)):
            proof = prove_gaps(problem, count_unavailable=count_unavailable, seconds=seconds)
            optima[name][key] = {
                "best": proof.best,
                "lower_bound": proof.lower_bound,
                "optimal": proof.optimal,
                "seconds": round(proof.seconds, 1),
            }
            print(name, key, optima[name][key], flush=True)
    OPTIMA_FILE.write_text(json.dumps(optima, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="2000,20000", help="fair sizes, comma separated ('' to skip)")
    parser.add_argument("--events", type=int, default=8, help="number of required-meeting events")
    parser.add_argument("--exact-seconds", type=float, default=60.0, help="CP-SAT time per event (0 skips)")
    parser.add_argument("--generators", default="original,sector", help="fair generators, comma separated")
    parser.add_argument("--b2b", type=float, default=10.0, help="time limit of the B2B runs (0 skips)")
    parser.add_argument("--prove", type=float, default=0.0, help="seconds per exact proof (writes optima)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    if args.prove:
        prove_b2b(args.prove)
        return
    if args.b2b:
        report_b2b(args.b2b)
    sizes = [int(v) for v in args.sizes.split(",") if v]
    if sizes:
        report_fairs(sizes, [g for g in args.generators.split(",") if g])
    if args.events:
        report_events(args.events, args.exact_seconds)


if __name__ == "__main__":
    main()
