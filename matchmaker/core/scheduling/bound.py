"""The reported upper bound: LPs solved in a background thread while the agendas are compacted.

The bound only feeds a reported figure, never a decision, so computing it beside the search keeps
the schedule deterministic. It bounds the score of every schedule at least as good as ours on the
objectives that come first: the placed required meetings (when all of them are placed) and fairness
at least as high, lexicographically (see :func:`.fairness.at_least_as_fair`).
"""

from __future__ import annotations

import threading
import time

from matchmaker.core.scheduling.fair_choice import SolvedLps
from matchmaker.core.scheduling.fairness import FairnessTarget, at_least_as_fair, fairness_of
from matchmaker.core.scheduling.lp_bound import LpBound
from matchmaker.core.scheduling.state import SlotState


def required_to_force(state: SlotState) -> list[int]:
    """The required meetings that have a possible slot, if all of them are placed; otherwise none (a
    schedule placing as many but different ones would be just as good on the first objective).

    A required meeting with no possible slot at all (its two attendees share no free slot) is out of
    every schedule, so it does not stop the others from being forced: every schedule at least as
    good on the first objective places all the possible ones.
    """
    inst = state.instance
    required = [e for e in range(inst.n_meetings) if inst.must[e] and inst.meeting_slots[e]]
    if any(state.slot_of[e] < 0 for e in required):
        return []
    return required


class BoundInBackground:
    """Solves the LPs for the schedule's final fairness in one background thread (the other core
    compacts agendas); :meth:`value` gives the tightest valid bound among them.

    First the LP with only the minimum share as floors: it alone covers every schedule at least as
    fair, and solves fastest, so a busy machine still gets a fair bound. Then the two halves of
    :func:`.fairness.at_least_as_fair`, whose larger value is tighter. LPs already in ``lps`` (solved
    while choosing meetings, with the same forced meetings) are reused. ``everyone_one`` is an LP
    with "at least one meeting each", valid when nobody ended with zero meetings.
    """

    def __init__(
        self, state: SlotState, lps: SolvedLps, deadline: float, everyone_one: LpBound | None = None
    ) -> None:
        fair = fairness_of(state.count, lps.targets)
        self.lps = lps
        self.everyone_one = everyone_one
        self.nobody_at_zero = fair.minimum > 0
        self.minimum_only = FairnessTarget(fair.minimum)
        self.halves = at_least_as_fair(fair)
        self.thread = threading.Thread(target=self._run, args=(deadline,), daemon=True)
        self.thread.start()

    def _run(self, deadline: float) -> None:
        for target in (self.minimum_only, *self.halves):
            self.lps.solve(target, time_limit=deadline - time.perf_counter())

    def value(self) -> float | None:
        """The bound; an LP cut short by the time limit still gives a weaker valid one."""
        # Waited for to the end: HiGHS honours its own time limit (set to the solver's deadline),
        # and a native solver still running when the interpreter exits would abort the process.
        self.thread.join()
        same, higher = (self.lps.solve(target, time_limit=0.0) for target in self.halves)
        # Every LP here bounds its own set of schedules, proven or not (then by a weaker bound).
        candidates = [bound_of_halves(same, higher), self.lps.solve(self.minimum_only, time_limit=0.0).value]
        one = self.everyone_one
        # Its "at least one each" floors hold only if nobody ended with zero meetings.
        if one is not None and one.proven and (self.nobody_at_zero or not one.floors_kept):
            candidates.append(one.value)
        return min(candidates)


def bound_of_halves(same_minimum: LpBound, higher_minimum: LpBound) -> float:
    """The bound from the LPs of the two targets of :func:`.fairness.at_least_as_fair`."""
    # A proven LP that had to drop its floors means no schedule has a higher minimum at all.
    if higher_minimum.proven and not higher_minimum.floors_kept:
        return same_minimum.value
    return max(same_minimum.value, higher_minimum.value)
