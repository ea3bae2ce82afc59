"""``matchmaker solve PROBLEM.json --out SCHEDULE.json``: the scheduler on a problem file.

Exit codes: 0 every required meeting is scheduled; 3 some could not be (the schedule is still
written, each left-out meeting with its reason); 2 invalid input (nothing is written).

``--time-limit`` is wall time from the start of the process (see :mod:`matchmaker.cli.entry`):
start-up, reading the file, solving and writing the schedule all fit inside it.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import click

from matchmaker.cli.errors import EXIT_BAD_INPUT, CliError, refuse_output_over_input
from matchmaker.core.scheduling import ProblemError, ScheduleStats
from matchmaker.core.scheduling import solve as solve_problem
from matchmaker.formats.problem_file import read_problem_file, write_schedule_file

EXIT_REQUIRED_LEFT_OUT = 3
MAX_TIME_LIMIT = 24 * 3600.0


def _finite(_ctx: click.Context, _param: click.Parameter, value: float) -> float:
    if not math.isfinite(value):  # nan passes every range check
        raise click.BadParameter(f"{value} is not a number of seconds")
    return value


def _and_without_candidates(stats: ScheduleStats) -> str:
    # The count before it is of people who could have met someone: the others are said apart, so that
    # a file of people with no meeting to place does not read "0 attendees without a meeting".
    others = stats.attendees_without_candidates
    return f" (and {others} with no meeting possible)" if others else ""


@click.command("solve")
@click.argument("problem_file", metavar="PROBLEM.json", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_file",
    metavar="SCHEDULE.json",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the schedule.",
)
@click.option(
    "--time-limit",
    # At most a day: an infinite or 1e308-second limit overflowed the solver's deadline (a traceback).
    type=click.FloatRange(min=0.1, max=MAX_TIME_LIMIT),
    callback=_finite,
    default=60.0,
    show_default=True,
    help="Seconds of wall time the whole command may take, start-up included.",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Same input and seed give the same schedule."
)
@click.pass_context
def solve(ctx: click.Context, problem_file: Path, out_file: Path, time_limit: float, seed: int) -> None:
    """Schedule one-on-one meetings into slots and tables.

    PROBLEM.json (only ids are required; slots in time order, a day's slots together):

    \b
      {"slots": [{"id": "d1-01", "day": "d1", "start": "2026-05-12T09:00+02:00",
                  "end": "2026-05-12T09:20+02:00"}],
       "tables": [{"id": "T01"}],
       "attendees": [{"id": "p1", "unavailable": ["d1-03"], "max_meetings": 8}],
       "meetings": [{"a": "p1", "b": "p2", "score": 0.83, "required": false,
                     "slots": ["d1-01", "d1-02"], "fixed": {"slot": "d1-01", "table": "T01"}}],
       "objective": {"gaps": "minimize", "min_score": 0.3}}

    A meeting's score (at least 0, higher is better) decides which optional meetings are placed;
    required and fixed meetings always are, where possible. SCHEDULE.json lists the placed meetings,
    the required ones left out with the reason, and figures.

    Exit codes: 0 every required meeting is placed; 3 some could not be (each is printed with its
    reason; the schedule is still written); 2 invalid input (one line naming the entry; nothing written).
    """
    solving_from = time.perf_counter()
    started = (ctx.obj or {}).get("process_started", solving_from)
    refuse_output_over_input(problem_file, out_file, "problem file")
    try:
        problem = read_problem_file(problem_file)
    except ProblemError as exc:
        raise CliError(f"{problem_file}: {exc}", EXIT_BAD_INPUT) from None
    # Writing the file comes after the search: leave it a share of the limit.
    reserve = min(0.5, 0.02 * time_limit) + 2e-6 * len(problem.meetings)
    schedule = solve_problem(problem, time_limit=max(0.1, time_limit - reserve), seed=seed, started=started)
    try:
        write_schedule_file(out_file, schedule)
    except OSError as exc:
        raise CliError(f"cannot write {out_file}: {exc.strerror or exc}") from None
    if ctx.obj is not None:
        ctx.obj["quick_exit"] = True  # the schedule is written: skip the libraries' tear-down
    stats = schedule.stats
    # Scores are never negative; an LP's -1e-9 printed as "-0.00".
    bound = "n/a" if stats.upper_bound is None else f"{max(0.0, stats.upper_bound):.2f}"
    click.echo(
        f"scheduled {stats.scheduled} meetings ({stats.required_scheduled}/{stats.required} required), "
        f"score {stats.score:.2f} (upper bound {bound}), {stats.idle_gaps} idle gaps, "
        f"{stats.zero_meeting_attendees} attendees without a meeting{_and_without_candidates(stats)}, "
        f"{stats.seconds:.1f} s -> {out_file}"
    )
    if stats.seconds > time_limit:
        # Start-up alone (the interpreter, OR-Tools, SciPy) can take longer than a very short limit.
        click.echo(
            f"note: took {stats.seconds:.1f} s, over the --time-limit of {time_limit:g} s "
            f"(start-up before the solve: {solving_from - started:.1f} s)",
            err=True,
        )
    if schedule.unscheduled:
        for left in schedule.unscheduled:
            click.echo(f"not scheduled: {left.a}-{left.b}: {left.reason}", err=True)
        raise click.exceptions.Exit(EXIT_REQUIRED_LEFT_OUT)
