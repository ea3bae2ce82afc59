"""The scheduler's entry point: ``solve(problem, ...) -> Schedule``.

Phases, in the order of the objectives:
1. fixed meetings stay where they are; other required meetings are placed most-constrained first,
   repaired by ejection chains, and, on small events where that still fails, by CP-SAT;
2. + 3. optional meetings: one for everyone who has none, then by LP value and score, then fairness
   exchanges that lift the low end; then chosen again in the order of LPs that ask for the fairness
   reached and a little more (:mod:`.fair_choice`), kept when better on the objectives in order;
   then unplaced meetings take the place of worse ones where fairness allows (:mod:`.exchanges`);
4. idle gaps: the best of three starts (as placed, re-packed person by person, a time sweep that
   keeps people meeting back to back), simulated-annealing local search (moves and Kempe chains;
   off the block-model path, a move into a full slot takes one of its meetings the other way),
   then CP-SAT large neighbourhood search on events small enough for it; on one-day events of B2B
   size, most of the time goes to the block model (:mod:`.blocks`), whose answer is polished by the
   local search and CP-SAT over windows of slots (:func:`.lns.improve_in_windows`), kept if better.
The reported upper bound (:mod:`.bound`) holds for every schedule at least as fair as ours; its LPs
are solved in a background thread while the agendas are compacted.
The work in every phase is counted in steps (CP-SAT: deterministic time), not seconds, so the same
input and seed give the same schedule; ``time_limit`` is a hard stop on top, which on an overloaded
machine can cut the search short (``Schedule.timed_out``) and then the result may vary.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matchmaker.core.scheduling import blocks, sat_blocks
from matchmaker.core.scheduling.bound import BoundInBackground, required_to_force
from matchmaker.core.scheduling.compaction import BALANCE_SAMPLES, Compactor, repack
from matchmaker.core.scheduling.diagnosis import explain_unplaced
from matchmaker.core.scheduling.exchanges import improve_by_exchanges
from matchmaker.core.scheduling.fair_choice import SolvedLps, raise_fairness
from matchmaker.core.scheduling.fairness import floors_at
from matchmaker.core.scheduling.instance import Instance, build_instance
from matchmaker.core.scheduling.lns import improve_in_windows, improve_with_lns
from matchmaker.core.scheduling.lp_bound import LpBound, score_upper_bound
from matchmaker.core.scheduling.model import Problem, Schedule, validate_problem
from matchmaker.core.scheduling.report import build_schedule
from matchmaker.core.scheduling.required import place_fixed, place_required
from matchmaker.core.scheduling.required_exact import place_required_exactly
from matchmaker.core.scheduling.selection import place_optional, value_order
from matchmaker.core.scheduling.state import UNPLACED, SlotState
from matchmaker.core.scheduling.sweep import sweep
from matchmaker.core.scheduling.unplaced import Unplaced


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
COMPACTION_STEPS_PER_SECOND = 9000
COMPACTION_STEPS_PER_MEETING = 150
LNS_WORK_PER_SECOND = 0.12  # CP-SAT deterministic time; ~0.3-0.5 s of wall time per unit here
LNS_MAX_MEETINGS = 3000
# The block model (see .blocks) on one-day events up to this many placed meetings: the local searches
# before it stop at the latest when this share of the time is left for it, it takes BLOCKS_SHARE of
# what is left (the rest polishes its answer), with CP-SAT's two workers (this machine has two cores).
# Most of the time goes to it: on the real B2B events it is what lowers the gaps (from the local
# search's 10-17 on forum-14), and it finds more the longer it runs; the local search only gives it
# a start; the rest of the time goes to windows of slots re-solved by CP-SAT (docs/performance.md,
# issue #13).
# On such events the schedule therefore depends on the machine's speed and may vary from run to run.
BLOCKS_MAX_MEETINGS = 1000
BLOCKS_SHARE = 0.65
BLOCKS_MIN_SECONDS = 1.5
BLOCKS_RESERVE = 0.9
BLOCKS_WORKERS = 2
# Share of the time left after the block model for the local search that polishes its answer, cooled
# by that time (see _compact); the windows of slots get the rest.
BLOCKS_POLISH = 0.5
# Above this share of people (with 2+ meetings) left with a gap by the first search, the block phase's
# time goes to the local search instead: measured after the first search, 0.11-0.30 on the real and
# generated B2B events where the block model helps, 0.51 and 0.71 on the two where it did not.
BLOCKS_MAX_GAPPY_SHARE = 0.4
CPSAT_REQUIRED_MAX_MEETINGS = 20000
GUIDE_LP_MAX_CANDIDATES = 60000
# Fairness LPs solved to re-choose the optional meetings (see .fair_choice): one takes ~0.3 s at
# 20,000 candidates and ~10 s at 200,000 here, where more would leave too little time for the gaps.
FAIRER_LPS = 8
FAIRER_LPS_BIG = 1
EXCHANGES_SHARE = 0.25  # at most this share of the time left goes to the score exchanges


def solve(
    problem: Problem,
    *,
    time_limit: float = 60.0,
    seed: int = 0,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    started: float | None = None,
) -> Schedule:
    """Schedule ``problem`` (raises :class:`ProblemError` if it is malformed).

    Guarantees: every hard constraint holds in the result; each required meeting not placed is listed
    with a reason; ``should_stop()`` returning True (e.g. a cancelled background job) ends the search
    early with the best schedule so far. ``time_limit`` is wall time counted from ``started`` (a
    ``time.perf_counter()`` reading, default now): a caller passes the moment its own work began, so
    that its start-up (a process starting, a job reading the event) is inside the limit too.
    """
    started = time.perf_counter() if started is None else started
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
    # A meeting with no possible slot at all is out whatever the others do: it has its own reason
    # (see .diagnosis) and is no reason to search.
    hopeful = [e for e in left if instance.meeting_slots[e]]
    if hopeful and _small(instance, CPSAT_REQUIRED_MAX_MEETINGS):
        outcome = place_required_exactly(state, movable, seed, deadline)
        for conflict in outcome.conflicts:
            for e in conflict.meetings:
                # A meeting that is impossible on its own gets the specific reason (see below).
                if state.slot_of[e] == UNPLACED and len(conflict.meetings) > 1:
                    reasons[e] = conflict.why
    report(0.1, "choosing meetings", state, None)

    targets = instance.targets()
    forced = required_to_force(state)
    # Selection places meetings in their first free slot: the time sweep re-places them all anyway.
    guide = _choose_optional(state, forced, deadline, stop)
    report(0.2, "choosing meetings fairly", state, None)
    lps = SolvedLps(instance, targets, forced)
    big = instance.n_meetings > GUIDE_LP_MAX_CANDIDATES
    raise_fairness(state, lps, FAIRER_LPS_BIG if big else FAIRER_LPS, deadline, should_stop=stop)
    # Exchanges are fast (~0.4 s at 2,000 attendees); the cap only guards compaction's time.
    exchanges_end = time.perf_counter() + EXCHANGES_SHARE * (deadline - time.perf_counter())
    improve_by_exchanges(state, targets, should_stop=lambda: stop() or time.perf_counter() > exchanges_end)
    bound = BoundInBackground(state, lps, deadline, everyone_one=guide)
    report(0.3, "compacting agendas", state, None)

    if problem.minimize_gaps:
        _compact(state, movable, seed, time_limit, deadline, report, stop)

    unscheduled = _explain_unscheduled(problem, state, reasons)
    report(1.0, "done", state, state.total_gaps())
    return build_schedule(
        problem,
        state,
        unscheduled,
        bound.value(),
        time.perf_counter() - started,
        timed_out=time.perf_counter() > deadline,
    )


def _explain_unscheduled(
    problem: Problem, state: SlotState, reasons: dict[int, Unplaced]
) -> dict[int, Unplaced]:
    """The reason of every required meeting left out: the proven ones, the others from the schedule.

    The others are read beside the placed required meetings only: optional meetings fill the same
    people's slots once the required ones are in, and are no reason a required meeting is out (they
    would read as "already has N required meetings").
    """
    instance = state.instance
    unscheduled = dict(reasons)
    final = state.snapshot()
    for e in state.placed():
        if not instance.must[e]:
            state.remove(e)
    for e in range(instance.n_meetings):
        if instance.must[e] and state.slot_of[e] == UNPLACED and e not in unscheduled:
            unscheduled[e] = explain_unplaced(state, e, problem.meetings[e].allowed_slots is None)
    state.restore(final)
    return unscheduled


def _small(instance: Instance, limit: int) -> bool:
    return sum(1 for e in range(instance.n_meetings) if instance.must[e]) <= limit


def _choose_optional(
    state: SlotState, forced: list[int], deadline: float, stop: Callable[[], bool]
) -> LpBound | None:
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
        guide: LpBound | None = score_upper_bound(
            instance, forced=forced, floors=floors_at(targets, 0.0), time_limit=max(0.1, 0.25 * remaining)
        )
    else:
        # On big fairs this LP costs more than it gains once fairness exchanges reshuffle the choice:
        # score order is used; the fairness LP of the re-choice (.fair_choice) does the guiding.
        guide = None
    x = np.zeros(instance.n_meetings) if guide is None else guide.x
    order = value_order(instance, optional, x)
    place_optional(state, order, (x > 0.5).tolist(), targets, compact=False, should_stop=stop)
    return guide


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
    # The block phase only where it would get its minimum time (else the first searches get it all).
    small = (
        placed <= BLOCKS_MAX_MEETINGS
        and blocks.applies_to(state)
        and BLOCKS_RESERVE * (deadline - time.perf_counter()) > BLOCKS_MIN_SECONDS
    )
    first_deadline = deadline
    search: sat_blocks.BlockSearch | None = None
    if small:  # keep time for the block model (see below)
        first_deadline = time.perf_counter() + (1 - BLOCKS_RESERVE) * (deadline - time.perf_counter())
        if state.total_gaps() > 0 and sat_blocks.available():
            search = sat_blocks.BlockSearch(state, movable)  # Kissat starts now, beside the local search

    try:  # Kissat's child is stopped whatever happens (an error, a cancelled job): see .sat_blocks
        _first_search(state, movable, seed, time_limit, first_deadline, report, stop, steps, small, placed)
        _compact_rest(state, movable, seed, time_limit, deadline, stop, steps, small, placed, search)
    finally:
        if search is not None:
            search.close()


def _first_search(
    state: SlotState,
    movable: list[bool],
    seed: int,
    time_limit: float,
    first_deadline: float,
    report: _Reporter,
    stop: Callable[[], bool],
    steps: int,
    small: bool,
    placed: int,
) -> None:
    def first_stop() -> bool:
        return stop() or time.perf_counter() > first_deadline

    compactor = Compactor(state, movable, seed, balance=0 if small else BALANCE_SAMPLES)
    compactor.run(
        steps,
        should_stop=first_stop,
        # On the block-model path its time, not its steps, ends it: cool down by then, not stop hot.
        seconds=first_deadline - time.perf_counter() if small else None,
        on_progress=lambda f, g: report(0.3 + 0.4 * f, "compacting agendas", state, g),
    )
    if placed <= LNS_MAX_MEETINGS and not stop():
        improve_with_lns(
            state,
            movable,
            seed=seed,
            work_budget=LNS_WORK_PER_SECOND * time_limit,
            deadline=first_deadline,
            should_stop=first_stop,
            on_progress=lambda f, g: report(0.7 + 0.2 * f, "compacting agendas", state, g),
        )


def _compact_rest(
    state: SlotState,
    movable: list[bool],
    seed: int,
    time_limit: float,
    deadline: float,
    stop: Callable[[], bool],
    steps: int,
    small: bool,
    placed: int,
    search: sat_blocks.BlockSearch | None,
) -> None:
    if small and _gappy_share(state) > BLOCKS_MAX_GAPPY_SHARE and not stop():
        # Many people must wait somewhere: "fewest people with a gap" is a poor guide to fewest gaps
        # there, and the local search, given the block phase's time, does better.
        if search is not None:
            search.close()  # its core goes to the local search
        Compactor(state, movable, seed + 1).run(steps, should_stop=stop)
        if placed <= LNS_MAX_MEETINGS and not stop():
            improve_with_lns(
                state,
                movable,
                seed=seed + 1,
                work_budget=LNS_WORK_PER_SECOND * time_limit,
                deadline=deadline,
                should_stop=stop,
            )
        improve_in_windows(state, movable, seed=seed, deadline=deadline, should_stop=stop)
    elif small and state.total_gaps() > 0 and not stop():
        # B2B size: the block model (see .blocks) finds agendas the local search cannot reach from
        # its start; they are polished by the same search, then (whether the block model found
        # anything or not) by CP-SAT over windows of slots until the deadline; kept if better.
        best, best_gaps = state.snapshot(), state.total_gaps()
        seconds = BLOCKS_SHARE * (deadline - time.perf_counter())
        # Kissat's answers to the same model (see .sat_blocks), searched since compaction began: the
        # first ends CP-SAT's search; Kissat goes on beside the polish, and a better answer that
        # comes meanwhile is taken and polished in turn (forum-14: "at most 1 gappy person?" in
        # ~1.5 s, "none?" some 5 s later).
        watch = None if search is None else functools.partial(search.watch, deadline)
        found = blocks.compact_in_blocks(
            state, movable, seed=seed, seconds=seconds, workers=BLOCKS_WORKERS, watch=watch
        )

        def interrupted() -> bool:
            return stop() or (search is not None and search.newer())

        # Polish, then windows until the deadline; a better answer from Kissat meanwhile interrupts
        # either, is taken (if it is better than the state by then), and polished in turn.
        while not stop():
            if state.total_gaps() < best_gaps:  # an answer taken may have more gaps than the polished state
                best, best_gaps = state.snapshot(), state.total_gaps()
            if search is not None and search.take(state):
                found = True
            if found:
                # The polish: the block model leaves a few people with many gaps, and local moves
                # close most of them. Cooled by its time: stopped by time while still hot, it kept up
                # to twice the gaps. Without balanced moves: from the same block answers, four seeds
                # each, they ended with as many or more gaps on 6 of 8 events (docs/performance.md).
                Compactor(state, movable, seed).run(
                    steps, should_stop=interrupted, seconds=BLOCKS_POLISH * (deadline - time.perf_counter())
                )
                found = False
            if not interrupted():
                improve_in_windows(state, movable, seed=seed, deadline=deadline, should_stop=interrupted)
            if search is None or not search.newer():
                break
        if search is not None:
            search.close()
        if state.total_gaps() > best_gaps:
            state.restore(best)


def _gappy_share(state: SlotState) -> float:
    """The share of people with two or more meetings who have an idle gap."""
    inst = state.instance
    several = [p for p in range(inst.n_people) if state.count[p] > 1]
    gappy = sum(1 for p in several if state.gaps_for_busy(p, state.busy[p], -1) > 0)
    return gappy / max(1, len(several))


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
