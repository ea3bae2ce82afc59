"""The exact reference for required-meeting events: one CP-SAT model of the whole event.

Every non-fixed meeting gets a Boolean per possible slot; the objective is the idle-gap count with the
same definition the heuristic uses. Good for events of a few dozen companies; it is what the
heuristic's results are compared with in the benchmark (and a test).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matchmaker.core.scheduling.cpsat import solve_subproblem
from matchmaker.core.scheduling.instance import build_instance
from matchmaker.core.scheduling.model import Problem, validate_problem
from matchmaker.core.scheduling.required import place_fixed
from matchmaker.core.scheduling.state import UNPLACED, SlotState


@dataclass(frozen=True)
class ExactResult:
    gaps: int | None  # None: no schedule with every meeting found in time
    optimal: bool
    lower_bound: int = 0  # proven: no schedule has fewer idle gaps


def exact_required_gaps(problem: Problem, time_limit: float, workers: int = 1) -> ExactResult:
    """Minimum idle gaps over schedules that place every meeting (all meetings must be required)."""
    validate_problem(problem)
    instance = build_instance(problem)
    state = SlotState(instance)
    if place_fixed(state):
        return ExactResult(None, True)
    free = [e for e in range(instance.n_meetings) if state.slot_of[e] == UNPLACED]
    result = solve_subproblem(
        state,
        free,
        all_required=True,
        with_gaps=True,
        seed=0,
        deterministic_time=time_limit * 10,
        time_limit=time_limit,
        workers=workers,
    )
    if result is None or not result.slots:
        return ExactResult(None, result is None)
    for e, s in result.slots.items():
        state.place(e, s)
    # CP-SAT's bound covers the modelled days; days fixed by fixed meetings only add gaps, so it is a
    # valid (if slightly weak) lower bound on the event's total.
    return ExactResult(state.total_gaps(), result.optimal, max(0, math.ceil(result.bound - 1e-6)))
