"""One-on-one meeting scheduling: candidate meetings in, slots and tables out.

Pure domain code: dataclasses in (:mod:`.model`), a :class:`Schedule` out (:func:`solve`). Solver
libraries (HiGHS for the LP bound, OR-Tools CP-SAT for exact sub-problems) are imported only by
:mod:`.lp_bound` and :mod:`.cpsat`.
"""

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
from matchmaker.core.scheduling.solver import Progress, ProgressCallback, solve

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
