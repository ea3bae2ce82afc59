"""Choosing the optional meetings again, guided by LPs that ask for more fairness.

The first choice (:mod:`.selection`) follows an LP that only asks for one meeting each; its fairness
exchanges then trade score for fairness one meeting at a time, which is an expensive way to be fair.
An LP with fairness floors (everyone's share above the minimum reached, 90% at the 10th percentile
reached) knows the cheapest way to be that fair, and its optimum is nearly integral, so re-placing the
optional meetings in its order nearly reproduces it. Repeated, each step asks for a little more
fairness (first a higher minimum, then a higher 10th percentile); a step is kept only if the schedule
is better on the objectives in their order, so nothing is ever traded for score.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from matchmaker.core.scheduling.fairness import (
    FairnessTarget,
    at_least_as_fair,
    fairer_than,
    fairness_of,
    schedule_quality,
)
from matchmaker.core.scheduling.instance import Instance
from matchmaker.core.scheduling.lp_bound import LpBound, score_upper_bound
from matchmaker.core.scheduling.selection import place_optional, value_order
from matchmaker.core.scheduling.state import SlotState


class SolvedLps:
    """Fairness LPs solved so far, by their constraints (two targets can ask for the same floors)."""

    def __init__(self, instance: Instance, targets: Sequence[int], forced: Sequence[int]) -> None:
        self.instance = instance
        self.targets = targets
        self.forced = list(forced)
        self._solved: dict[tuple[Any, ...], LpBound] = {}

    def key(self, target: FairnessTarget) -> tuple[Any, ...]:
        c = target.constraints(self.targets)
        shares = c.get("share_floors", {})
        return (tuple(sorted(c["floors"].items())), tuple(sorted(shares.items())), c.get("share_count", 0))

    def knows(self, target: FairnessTarget) -> bool:
        return self.key(target) in self._solved

    def solve(self, target: FairnessTarget, time_limit: float) -> LpBound:
        """The LP for ``target``, solved now unless known (a result cut short by the time limit is
        kept too: its weaker bound is still valid, and solving again would not be faster)."""
        key = self.key(target)
        if key not in self._solved:
            constraints = target.constraints(self.targets)
            self._solved[key] = score_upper_bound(
                self.instance, forced=self.forced, time_limit=time_limit, **constraints
            )
        return self._solved[key]


def raise_fairness(
    state: SlotState,
    lps: SolvedLps,
    max_lps: int,
    deadline: float,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Re-choose optional meetings by fairer LPs, solving at most ``max_lps`` new LPs; return how
    many re-choices were kept.

    Each round tries, in order: a higher minimum, a higher 10th percentile, and the same fairness
    at a better score. A target whose LP is infeasible is out of reach for any schedule.
    """
    targets = lps.targets
    kept = started = 0
    followed: set[tuple[Any, ...]] = set()  # re-choosing by the same LP again would change nothing
    while True:
        fair = fairness_of(state.count, targets)
        improved = False
        for target in (*fairer_than(fair), at_least_as_fair(fair)[0]):
            if should_stop():
                return kept
            if lps.key(target) in followed:
                continue
            if not lps.knows(target):
                if started >= max_lps:
                    return kept
                started += 1
            lp = lps.solve(target, time_limit=max(0.1, 0.4 * (deadline - time.perf_counter())))
            if not lp.proven:
                return kept  # out of time
            followed.add(lps.key(target))
            if not lp.floors_kept:
                continue  # infeasible: no schedule is that fair
            if rechoose(state, lp, targets, should_stop):
                kept += 1
                improved = True
                break
        if not improved:
            return kept


def rechoose(
    state: SlotState, lp: LpBound, targets: Sequence[int], should_stop: Callable[[], bool] = lambda: False
) -> bool:
    """Re-place every optional meeting in the order of ``lp``; keep the result only if it is better on
    the objectives in their order (else the state is left as it was). Return whether it was kept."""
    inst = state.instance
    before, quality = state.snapshot(), schedule_quality(state, targets)
    for e in state.placed():
        if not inst.must[e]:
            state.remove(e)
    optional = [e for e in range(inst.n_meetings) if not inst.must[e] and inst.meeting_slots[e]]
    order = value_order(inst, optional, lp.x)
    place_optional(state, order, (lp.x > 0.5).tolist(), targets, compact=False, should_stop=should_stop)
    if schedule_quality(state, targets) > quality:
        return True
    state.restore(before)
    return False
