"""The scheduler's entry point: ``solve(problem, ...) -> Schedule``.

Phases, in the order of the objectives:
1. fixed meetings stay where they are; other required meetings are placed most-constrained first,
   repaired by ejection chains, and, on small events where that still fails, by CP-SAT;
2. + 3. optional meetings: one for everyone who has none, then by LP value and score, then fairness
   exchanges that lift the low end;
4. idle gaps: the best of three starts (as placed, re-packed person by person, a time sweep that
   keeps people meeting back to back), simulated-annealing local search (moves and Kempe chains),
   then CP-SAT large neighbourhood search on events small enough for it.
The reported upper bound is an LP solved in a background thread while the agendas are compacted.
The work in every phase is counted in steps (CP-SAT: deterministic time), not seconds, so the same
input and seed give the same schedule; ``time_limit`` is a hard stop on top, which on an overloaded
machine can cut the search short (``Schedule.timed_out``) and then the result may vary.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from matchmaker.core.scheduling.compaction import Compactor, repack
from matchmaker.core.scheduling.cpsat import solve_subproblem
from matchmaker.core.scheduling.diagnosis import explain_unplaced
from matchmaker.core.scheduling.instance import Instance, build_instance
from matchmaker.core.scheduling.lns import improve_with_lns
from matchmaker.core.scheduling.lp_bound import LpBound, score_upper_bound
from matchmaker.core.scheduling.model import Problem, Schedule, validate_problem
from matchmaker.core.scheduling.report import build_schedule
from matchmaker.core.scheduling.required import place_fixed, place_required
from matchmaker.core.scheduling.selection import place_optional
from matchmaker.core.scheduling.state import UNPLACED, SlotState
from matchmaker.core.scheduling.sweep import sweep


@dataclass(frozen=True)
class Progress:
    """What a progress bar shows: the phase, and the best schedule's figures so far."""

    phase: str
    scheduled: int
    required_scheduled: int
    idle_gaps: int | None


ProgressCallback = Callable[[float, Progress], None]

# Work budgets. Search steps per second of time limit are set low enough for this 2-core machine to
# finish well inside the limit, so the limit rarely cuts a phase short (which would cost determinism).
COMPACTION_STEPS_PER_SECOND = 6000
COMPACTION_STEPS_PER_MEETING = 60
LNS_WORK_PER_SECOND = 0.12  # CP-SAT deterministic time; ~0.3-0.5 s of wall time per unit here
LNS_MAX_MEETINGS = 3000
CPSAT_REQUIRED_MAX_MEETINGS = 20000
GUIDE_LP_MAX_CANDIDATES = 60000


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Schedule:
    """Schedule ``problem`` (raises :class:`ProblemError` if it is malformed).

    Guarantees: every hard constraint holds in the result; each required meeting not placed is listed
    with a reason; ``should_stop()`` returning True (e.g. a cancelled background job) ends the search
    early with the best schedule so far.
    """
    started = time.perf_counter()
    validate_problem(problem)
    # A margin for turning the result into a Schedule (tables, reasons, statistics) after the search.
    margin = 0.2 + 0.05 * time_limit + 2e-5 * len(problem.meetings)
    deadline = started + max(0.1, time_limit - margin)
    external_stop = should_stop or (lambda: False)

    def stop() -> bool:
        return time.perf_counter() > deadline or external_stop()

    report = _Reporter(on_progress)
    instance = build_instance(problem)
    state = SlotState(instance)
    movable = [instance.fixed_slot[e] < 0 for e in range(instance.n_meetings)]

    report(0.02, "fixed and required meetings", state, None)
    reasons = place_fixed(state)
    left = place_required(state, compact=problem.minimize_gaps)
    if left and _small(instance, CPSAT_REQUIRED_MAX_MEETINGS):
        left = _place_required_exactly(state, movable, seed, remaining=deadline - time.perf_counter())
    report(0.1, "upper bound", state, None)

    earlier: list[LpBound | _LpThread] = []
    if instance.n_meetings > GUIDE_LP_MAX_CANDIDATES:
        # Big fair: no guide LP (see _choose_optional); a bound is started now, beside the selection.
        targets = instance.targets()
        limit = max(1.0, deadline - time.perf_counter())
        earlier.append(
            _LpThread(instance, limit, forced=state.placed(), floors=_floors(instance, targets, 0.0))
        )
    # Selection places meetings in their first free slot: the time sweep re-places them all anyway.
    guide = _choose_optional(state, False, deadline, stop)
    earlier.append(guide)
    bound = _BoundInBackground(state, earlier, deadline)
    report(0.3, "compacting agendas", state, None)

    if problem.minimize_gaps:
        _compact(state, movable, seed, time_limit, deadline, report, stop)

    unscheduled = {e: reasons[e] for e in reasons}
    for e in range(instance.n_meetings):
        if instance.must[e] and state.slot_of[e] == UNPLACED and e not in unscheduled:
            unscheduled[e] = explain_unplaced(state, e, problem.meetings[e].allowed_slots is None)
    report(1.0, "done", state, state.total_gaps())
    return build_schedule(
        problem,
        state,
        unscheduled,
        bound.value(),
        time.perf_counter() - started,
        timed_out=time.perf_counter() > deadline,
    )


def _small(instance: Instance, limit: int) -> bool:
    return sum(1 for e in range(instance.n_meetings) if instance.must[e]) <= limit


def _place_required_exactly(state: SlotState, movable: list[bool], seed: int, remaining: float) -> list[int]:
    """Re-place all movable required meetings with CP-SAT, maximising how many are placed."""
    inst = state.instance
    free = [e for e in range(inst.n_meetings) if inst.must[e] and movable[e]]
    result = solve_subproblem(
        state,
        free,
        all_required=False,
        with_gaps=False,
        seed=seed,
        deterministic_time=max(1.0, 0.2 * remaining),
        time_limit=max(1.0, 0.3 * remaining),
    )
    if result is not None and sum(1 for s in result.slots.values() if s != UNPLACED) > sum(
        1 for e in free if state.slot_of[e] != UNPLACED
    ):
        for e in free:
            if state.slot_of[e] != UNPLACED:
                state.remove(e)
        for e, s in result.slots.items():
            if s != UNPLACED:
                state.place(e, s)
    return [e for e in free if state.slot_of[e] == UNPLACED]


def _choose_optional(state: SlotState, compact: bool, deadline: float, stop: Callable[[], bool]) -> LpBound:
    """Place optional meetings, fairest first then by value; return the LP that guided the choice.

    The guide is the LP in which everyone with candidates gets at least one meeting; its optimum is
    usually integral, so following its order reproduces it wherever slots allow. Fairness exchanges
    then lift the low end (see :mod:`.selection`).
    """
    instance = state.instance
    targets = instance.targets()
    optional = [e for e in range(instance.n_meetings) if not instance.must[e] and instance.meeting_slots[e]]
    if instance.n_meetings <= GUIDE_LP_MAX_CANDIDATES:
        remaining = deadline - time.perf_counter()
        guide = score_upper_bound(
            instance,
            forced=state.placed(),
            floors=_floors(instance, targets, 0.0),
            time_limit=max(1.0, 0.25 * remaining),
        )
    else:
        # On big fairs this LP costs more than it gains once fairness exchanges reshuffle the choice:
        # score order is used, and the bound is solved in the background only.
        guide = LpBound(value=0.0, x=np.zeros(instance.n_meetings), proven=False, floors_kept=False)
    place_optional(
        state,
        _value_order(instance, optional, guide.x),
        (guide.x > 0.5).tolist(),
        targets,
        compact=compact,
        should_stop=stop,
    )
    return guide


def _floors(instance: Instance, targets: list[int], level: float) -> dict[int, int]:
    """At least ``level`` of each target, and at least one meeting for everyone with candidates."""
    return {p: max(1, math.ceil(level * targets[p] - 1e-9)) for p in range(instance.n_people) if targets[p]}


class _LpThread:
    """One LP bound solved in a daemon thread (HiGHS releases the GIL while it works)."""

    def __init__(self, instance: Instance, limit: float, **constraints: Any) -> None:
        self.result: LpBound | None = None
        self.thread = threading.Thread(target=self._run, args=(instance, limit, constraints), daemon=True)
        self.thread.start()

    def _run(self, instance: Instance, limit: float, constraints: dict[str, Any]) -> None:
        self.result = score_upper_bound(instance, time_limit=limit, **constraints)

    def wait(self) -> LpBound | None:
        # Waited for to the end: HiGHS honours its own time limit (set to the solver's deadline),
        # and a native solver still running when the interpreter exits would abort the process.
        self.thread.join()
        return self.result


class _BoundInBackground:
    """The LP bound for the fairness the schedule reached, solved while the agendas are compacted.

    It only feeds a reported figure, never a decision, so running it beside the search keeps the
    schedule deterministic. Constraints: the placed required meetings, every attendee at least the
    achieved minimum share of their target, and 90% of them at least the achieved 10th-percentile
    share (relaxed), so it bounds every schedule at least as fair. Earlier LPs with "at least one
    meeting each" (the guide, or one started before the selection on big fairs) are used too when
    nobody ended with zero meetings; the smallest valid value is reported.
    """

    def __init__(self, state: SlotState, earlier: list[LpBound | _LpThread], deadline: float) -> None:
        instance = state.instance
        targets = instance.targets()
        ratios = sorted(state.count[p] / targets[p] for p in range(instance.n_people) if targets[p])
        level = ratios[0] if ratios else 1.0
        self.earlier = earlier
        self.nobody_at_zero = level > 0
        # The 10th percentile as reached: at least len - len // 10 people at that share or above.
        share_level = ratios[len(ratios) // 10] if ratios else 0.0
        self.fair = _LpThread(
            instance,
            max(1.0, deadline - time.perf_counter()),
            forced=[e for e in state.placed() if instance.must[e]],
            floors=_floors(instance, targets, level) if level > 0 else {},
            share_floors=_floors(instance, targets, share_level) if share_level > level else {},
            share_count=len(ratios) - len(ratios) // 10,
        )

    def value(self) -> float | None:
        """The tightest valid bound (None only if no LP finished within the time limit)."""
        values = []
        fair = self.fair.wait()
        if fair is not None:
            values.append(fair.value)
        for item in self.earlier:
            lp = item.wait() if isinstance(item, _LpThread) else item
            # Its "at least one each" floors hold only if nobody ended with zero meetings.
            if lp is not None and lp.proven and (self.nobody_at_zero or not lp.floors_kept):
                values.append(lp.value)
        return min(values) if values else None


def _value_order(instance: Instance, optional: list[int], lp_value: np.ndarray) -> list[int]:
    if not optional:
        return []
    ids = np.asarray(optional, dtype=np.int64)
    scores = np.asarray(instance.score, dtype=np.float64)[ids]
    # Rounded LP values so that tiny numerical differences do not decide the order; ties by score, id.
    order = np.lexsort((ids, -scores, -np.round(lp_value[ids], 6)))
    return [int(v) for v in ids[order]]


def _best_start(state: SlotState, movable: list[bool], stop: Callable[[], bool]) -> None:
    """Start compaction from the time sweep if it has fewer idle gaps than the assignment as placed;
    the person-by-person re-pack is the fallback when the sweep cannot place every meeting.

    Each rebuild either places all the same meetings or leaves the state unchanged.
    """
    before, gaps_before = state.snapshot(), state.total_gaps()
    for rebuild in (sweep, repack):
        if stop():
            return
        if rebuild(state, movable):
            if state.total_gaps() >= gaps_before:
                state.restore(before)
            return


def _compact(
    state: SlotState,
    movable: list[bool],
    seed: int,
    time_limit: float,
    deadline: float,
    report: _Reporter,
    stop: Callable[[], bool],
) -> None:
    placed = len(state.placed())
    steps = min(COMPACTION_STEPS_PER_MEETING * placed, int(COMPACTION_STEPS_PER_SECOND * time_limit * 0.5))
    _best_start(state, movable, stop)
    compactor = Compactor(state, movable, seed)
    compactor.run(
        steps,
        should_stop=stop,
        on_progress=lambda f, g: report(0.3 + 0.4 * f, "compacting agendas", state, g),
    )
    if placed <= LNS_MAX_MEETINGS and not stop():
        improve_with_lns(
            state,
            movable,
            seed=seed,
            work_budget=LNS_WORK_PER_SECOND * time_limit,
            deadline=deadline,
            should_stop=stop,
            on_progress=lambda f, g: report(0.7 + 0.3 * f, "compacting agendas", state, g),
        )


class _Reporter:
    """Forwards progress; counts are recomputed only when the phase changes (compaction and the
    neighbourhood search move meetings but never add or drop one), so reporting stays cheap."""

    def __init__(self, callback: ProgressCallback | None) -> None:
        self.callback = callback
        self.phase = ""
        self.counts = (0, 0)
        self.last_fraction = 0.0

    def __call__(self, fraction: float, phase: str, state: SlotState, gaps: int | None) -> None:
        if self.callback is None:
            return
        if phase != self.phase:
            inst = state.instance
            placed = [e for e, s in enumerate(state.slot_of) if s != UNPLACED]
            self.phase, self.counts = phase, (len(placed), sum(1 for e in placed if inst.must[e]))
        # Never report going backwards, whatever the phases' own estimates say.
        self.last_fraction = max(self.last_fraction, min(1.0, fraction))
        self.callback(self.last_fraction, Progress(phase, self.counts[0], self.counts[1], gaps))
