"""Second phase: choose and place optional meetings, fair first, then by value.

1. Everyone with candidates but no meeting yet gets one (fewest options first).
2. The remaining candidates are added in order of their LP value, then score (the LP optimum of this
   relaxation is usually integral, so this order reproduces it wherever slots allow).
3. Fairness exchanges lift the low end: an attendee ``p`` below the 10th percentile of
   meetings/target takes over a meeting slot from a partner's meeting with someone better off, only
   when that person stays strictly above p's old ratio, so the sorted ratio vector improves
   lexicographically (the minimum first, then the 10th percentile).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np

from matchmaker.core.scheduling.instance import Instance
from matchmaker.core.scheduling.placement import best_slot, place_compactly, place_with_repair
from matchmaker.core.scheduling.state import UNPLACED, SlotState


def place_optional(
    state: SlotState,
    value_order: Sequence[int],
    chosen_by_lp: Sequence[bool],
    targets: Sequence[int],
    compact: bool = True,
    should_stop: Callable[[], bool] = lambda: False,
) -> None:
    """Place optional meetings; ``value_order`` lists optional meetings best first.

    Meetings the LP chose (``chosen_by_lp``) may push already placed optional meetings to other slots
    to get in; the others only take slots that are still free.
    """
    inst = state.instance
    rank = {e: i for i, e in enumerate(value_order)}
    by_person: list[list[int]] = [[] for _ in range(inst.n_people)]
    for e in value_order:
        by_person[inst.meeting_a[e]].append(e)
        by_person[inst.meeting_b[e]].append(e)

    lonely = [p for p in range(inst.n_people) if targets[p] > 0 and state.count[p] == 0]
    lonely.sort(key=lambda p: (len(by_person[p]), p))
    for p in lonely:
        if state.count[p] == 0:
            _give_one(state, p, by_person[p], compact)

    # Without an LP guide (big fairs), a quota pass: meetings between two people both under a share
    # of their target go first, so the fairness exchanges start close to their goal (far fewer).
    share = 0.0 if any(chosen_by_lp) else QUOTA_SHARE
    quota = [math.ceil(share * t) for t in targets]
    for i, e in enumerate(value_order):
        if i % 4096 == 0 and should_stop():
            return
        a, b = inst.meeting_a[e], inst.meeting_b[e]
        if state.slot_of[e] == UNPLACED and state.count[a] < quota[a] and state.count[b] < quota[b]:
            place_compactly(state, e, compact)
    movable = [state.instance.fixed_slot[e] < 0 for e in range(inst.n_meetings)]
    for i, e in enumerate(value_order):
        if i % 4096 == 0 and should_stop():
            return
        if state.slot_of[e] == UNPLACED and chosen_by_lp[e]:
            place_with_repair(state, e, movable, depth=1)
    for i, e in enumerate(value_order):
        if i % 4096 == 0 and should_stop():
            return
        if state.slot_of[e] == UNPLACED:
            place_compactly(state, e, compact)

    lift_low_end(state, by_person, targets, rank, compact, should_stop=should_stop)


def value_order(instance: Instance, optional: list[int], lp_value: np.ndarray) -> list[int]:
    """``optional`` by LP value, then score, then index: the order :func:`place_optional` takes."""
    if not optional:
        return []
    ids = np.asarray(optional, dtype=np.int64)
    scores = np.asarray(instance.score, dtype=np.float64)[ids]
    # Rounded LP values so that tiny numerical differences do not decide the order; ties by score, id.
    order = np.lexsort((ids, -scores, -np.round(lp_value[ids], 6)))
    return [int(v) for v in ids[order]]


def _give_one(state: SlotState, p: int, options: list[int], compact: bool) -> bool:
    return any(state.slot_of[e] == UNPLACED and place_compactly(state, e, compact) for e in options)


def ratio(state: SlotState, targets: Sequence[int], p: int) -> float:
    return state.count[p] / targets[p] if targets[p] else 1.0


PERCENTILES = (0.0, 0.1)
OPTIONS_EXAMINED = 8
QUOTA_SHARE = 0.6
Exchange = tuple[int, int, int]  # (meeting added, meeting dropped or -1, slot of the dropped one)


def lift_low_end(
    state: SlotState,
    by_person: list[list[int]],
    targets: Sequence[int],
    rank: dict[int, int],
    compact: bool = True,
    max_rounds: int = 10,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Raise the minimum ratio, then the 10th percentile; return how many exchanges were kept.

    A round tries to lift every attendee at the current level; if the level (the minimum, or the
    value at the 10th percentile) does not rise, the round is undone, so score is never traded for a
    change the fairness objective does not see.
    """
    inst = state.instance
    people = [p for p in range(inst.n_people) if targets[p] > 0]
    if not people:
        return 0
    kept = 0
    for percentile in PERCENTILES:
        for _ in range(max_rounds):
            ratios = sorted(ratio(state, targets, p) for p in people)
            index = int(len(ratios) * percentile)
            before = ratios[index]
            at_level = [p for p in people if ratio(state, targets, p) <= before]
            at_level.sort(key=lambda p: (ratio(state, targets, p), p))
            # The level rises once no more than `index` people are at or below it.
            at_or_below = len(at_level)
            journal: list[Exchange] = []
            for p in at_level:
                if at_or_below <= index or should_stop():
                    break
                exchange = _exchange_towards(state, p, by_person[p], targets, rank, before, compact)
                if exchange is not None:
                    journal.append(exchange)
                    if ratio(state, targets, p) > before:
                        at_or_below -= 1
            if at_or_below <= index:
                kept += len(journal)
                continue
            for added, dropped, origin in reversed(journal):
                state.remove(added)
                if dropped >= 0:
                    state.place(dropped, origin)
            break
    return kept


def _exchange_towards(
    state: SlotState,
    p: int,
    options: list[int],
    targets: Sequence[int],
    rank: dict[int, int],
    floor: float,
    compact: bool,
) -> Exchange | None:
    """Give p one more meeting, taking the place of a meeting of someone who stays above ``floor``.

    Among possible exchanges, the one losing the least score is taken.
    """
    inst = state.instance
    if state.count[p] >= inst.capacity[p]:
        return None
    best: tuple[float, int, int] | None = None
    examined = 0
    for e in options:
        if state.slot_of[e] != UNPLACED:
            continue
        if examined >= OPTIONS_EXAMINED and best is not None:
            break  # the best candidates come first (value order); enough to choose from
        examined += 1
        q = inst.meeting_b[e] if inst.meeting_a[e] == p else inst.meeting_a[e]
        if place_compactly(state, e, compact):
            return (e, -1, -1)
        free_now = state.free_slots(e)
        q_full = state.count[q] >= inst.capacity[q]
        if not q_full and free_now:
            continue  # blocked by something an exchange with q does not change
        p_free_allowed = inst.meeting_slots[e] & ~state.busy[p]
        for f in inst.incident[q]:
            slot = state.slot_of[f]
            if slot == UNPLACED or inst.must[f] or inst.fixed_slot[f] >= 0:
                continue
            r = inst.meeting_b[f] if inst.meeting_a[f] == q else inst.meeting_a[f]
            if r == p or (state.count[r] - 1) / targets[r] <= floor:
                continue
            # Dropping f frees q, r and a table in f's slot; e fits if a slot is free or that one is.
            if not (free_now or p_free_allowed >> slot & 1):
                continue
            loss = inst.score[f] - inst.score[e]
            if best is None or loss < best[0]:
                best = (loss, e, f)
    if best is None:
        return None
    _, e, f = best
    origin = state.remove(f)
    state.place(e, best_slot(state, e, state.free_slots(e), compact))
    return (e, f, origin)
