"""One-on-one meeting scheduling: candidate meetings in, slots and tables out.

Pure domain code: dataclasses in (:mod:`.model`), a :class:`Schedule` out (:func:`solve`). Solver
libraries (HiGHS for the LP bound, OR-Tools CP-SAT for exact sub-problems) are imported only by
:mod:`.lp_bound` and :mod:`.cpsat`, and those only when :func:`solve` is first used: the web app
builds problems and reads schedules on every worker, but solves them in a job (SciPy and OR-Tools
added ~2 s and ~100 MB to each worker's start).
"""

from typing import TYPE_CHECKING, Any

from matchmaker.core.scheduling.model import (
    Attendee,
    CandidateMeeting,
    FixedPlacement,
    PlacedMeeting,
    Problem,
    ProblemError,
    Schedule,
    ScheduleStats,
    Slot,
    Table,
    UnscheduledMeeting,
    for_full_replan,
    validate_problem,
)

if TYPE_CHECKING:
    from matchmaker.core.scheduling.solver import Progress, ProgressCallback, solve

_FROM_SOLVER = {"Progress", "ProgressCallback", "solve"}


def __getattr__(name: str) -> Any:
    if name in _FROM_SOLVER:
        from matchmaker.core.scheduling import solver

        return getattr(solver, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Attendee",
    "CandidateMeeting",
    "FixedPlacement",
    "PlacedMeeting",
    "Problem",
    "ProblemError",
    "Progress",
    "ProgressCallback",
    "Schedule",
    "ScheduleStats",
    "Slot",
    "Table",
    "UnscheduledMeeting",
    "for_full_replan",
    "solve",
    "validate_problem",
]
