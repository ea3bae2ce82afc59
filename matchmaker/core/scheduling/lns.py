"""Large neighbourhood search for idle gaps: free the meetings of a few connected people, re-place
them optimally with CP-SAT around everything else, keep the result when the gaps went down.

This reaches the exact optima of small required-meeting events that plain local search misses, while
each sub-model stays small enough to solve in a fraction of a second.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from matchmaker.core.scheduling.cpsat import SubResult, solve_subproblem
from matchmaker.core.scheduling.state import UNPLACED, SlotState

PATIENCE = 12  # consecutive solves without a gain before the search gives up
SOLVE_WORK = 0.2  # deterministic time allowed per neighbourhood solve


def improve_with_lns(
    state: SlotState,
    movable: list[bool],
    *,
    seed: int,
    work_budget: float,
    neighbourhood: int = 30,
    deadline: float = float("inf"),
    should_stop: Callable[[], bool] = lambda: False,
    on_progress: Callable[[float, int], None] | None = None,
) -> int:
    """Run neighbourhood solves until ``work_budget`` (CP-SAT deterministic time) is spent; return the
    final idle-gap total.

    ``deadline`` is a ``time.perf_counter()`` value no sub-solve may run past.

    Never makes the schedule worse: a sub-solution is applied only if the touched people's gaps drop
    (or stay equal, which lets the search drift across plateaus).
    """
    inst = state.instance
    rng = random.Random(seed)
    total = state.total_gaps()
    size = neighbourhood
    idle_solves = 0
    spent = 0.0
    step = 0
    while spent < work_budget:
        step += 1
        if total == 0 or idle_solves >= PATIENCE or should_stop():
            break
        if on_progress is not None:
            on_progress(spent / work_budget, total)
        gappy = [p for p in range(inst.n_people) if state.count[p] > 1 and _gaps(state, p) > 0]
        if not gappy:
            break
        free = _neighbourhood(state, movable, rng.choice(gappy), size, rng)
        if not free:
            continue
        result, change = _solve_and_keep(
            state,
            free,
            seed=seed + step,
            work=min(SOLVE_WORK, work_budget - spent),
            seconds=max(0.05, min(5.0, deadline - time.perf_counter())),
        )
        spent += SOLVE_WORK if result is None else max(result.work, 0.001)
        if result is None or not result.slots:
            size = max(10, size - 5)
            idle_solves += 1
            continue
        idle_solves = 0 if change < 0 else idle_solves + 1
        total += min(change, 0)
        # Grow the neighbourhood while sub-problems are proved optimal quickly, shrink otherwise.
        size = min(120, size + 5) if result.optimal else max(10, size - 5)
    return total


def _solve_and_keep(
    state: SlotState, free: list[int], *, seed: int, work: float, seconds: float
) -> tuple[SubResult | None, int]:
    """Re-solve the meetings ``free`` (every other meeting stays) and keep CP-SAT's answer unless it
    leaves their people more gaps. Returns the answer (None or no slots: nothing changed) and the
    change in those people's gaps (positive: the answer was worse and was undone)."""
    inst = state.instance
    touched = {q for e in free for q in (inst.meeting_a[e], inst.meeting_b[e])}
    before = sum(_gaps(state, q) for q in touched)
    result = solve_subproblem(
        state, free, all_required=True, with_gaps=True, seed=seed, deterministic_time=work, time_limit=seconds
    )
    if result is None or not result.slots:
        return result, 0
    origin = {e: state.slot_of[e] for e in free}
    _apply(state, result.slots)
    change = sum(_gaps(state, q) for q in touched) - before
    if change > 0:
        _apply(state, origin)
    return result, change


def _gaps(state: SlotState, p: int) -> int:
    return state.gaps_for_busy(p, state.busy[p], -1)


def _neighbourhood(
    state: SlotState, movable: list[bool], seed_person: int, size: int, rng: random.Random
) -> list[int]:
    """Movable placed meetings of people reached from ``seed_person`` through shared meetings."""
    inst = state.instance
    chosen: list[int] = []
    seen_people = {seed_person}
    frontier = [seed_person]
    picked: set[int] = set()
    while frontier and len(chosen) < size:
        p = frontier.pop(rng.randrange(len(frontier)))
        for e in inst.incident[p]:
            if state.slot_of[e] == UNPLACED or not movable[e] or e in picked:
                continue
            picked.add(e)
            chosen.append(e)
            for q in (inst.meeting_a[e], inst.meeting_b[e]):
                if q not in seen_people:
                    seen_people.add(q)
                    frontier.append(q)
    return chosen


def _apply(state: SlotState, slots: dict[int, int]) -> None:
    for e in slots:
        if state.slot_of[e] != UNPLACED:
            state.remove(e)
    for e, s in slots.items():
        if s != UNPLACED:
            state.place(e, s)


WINDOW_SLOTS = 6  # width of a time-window neighbourhood
WINDOW_WORK = 0.5  # deterministic time allowed per window solve
EMPTY_WINDOWS = 50  # windows in a row with no movable meeting before the search gives up


def improve_in_windows(
    state: SlotState,
    movable: list[bool],
    *,
    seed: int,
    deadline: float,
    width: int = WINDOW_SLOTS,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Neighbourhoods in time: every movable meeting in ``width`` consecutive slots around one of a
    gappy person's meetings, plus all of that person's meetings, re-placed by CP-SAT for the fewest
    gaps of everyone they touch; until ``deadline``; returns the final idle-gap total.

    After the block model (:mod:`.blocks`) most people meet in one run and the few left with gaps
    can only close them if many runs shift together, which a window frees at once where the
    person-by-person neighbourhoods of :func:`improve_with_lns` cannot. Never makes the schedule
    worse (equal is accepted, to drift across plateaus).
    """
    inst = state.instance
    rng = random.Random(seed)
    total = state.total_gaps()
    step = empty = 0
    while total > 0 and not should_stop() and time.perf_counter() < deadline:
        step += 1
        gappy = [p for p in range(inst.n_people) if state.count[p] > 1 and _gaps(state, p) > 0]
        if not gappy:
            break
        p = rng.choice(gappy)
        centre = rng.choice([state.slot_of[e] for e in inst.incident[p] if state.slot_of[e] != UNPLACED])
        low = max(0, min(centre - rng.randrange(width), inst.n_slots - width))
        high = min(inst.n_slots, low + width)
        chosen = {e for s in range(low, high) for e in state.in_slot[s] if movable[e]}
        chosen |= {e for e in inst.incident[p] if movable[e] and state.slot_of[e] != UNPLACED}
        free = sorted(chosen)
        if not free:
            empty += 1
            if empty > EMPTY_WINDOWS:  # nothing here can move (fixed meetings): stop looking
                break
            continue
        _, change = _solve_and_keep(
            state, free, seed=seed + step, work=WINDOW_WORK, seconds=max(0.05, deadline - time.perf_counter())
        )
        total += min(change, 0)
    return total
