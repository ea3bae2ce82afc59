"""CP-SAT models (OR-Tools): the only module here that imports it.

One builder serves three uses: placing as many required meetings as possible when the heuristic fails
on a tight event, re-optimising a small neighbourhood of meetings for idle gaps (large neighbourhood
search), and the exact reference model used by the benchmark. Meetings outside the chosen set stay
where they are and enter the model as constants.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from matchmaker.core.scheduling.state import UNPLACED, SlotState


@dataclass(frozen=True)
class SubResult:
    """``slots[e]`` for every free meeting (UNPLACED if left out); ``gaps`` over the touched people.

    ``work`` is CP-SAT's deterministic time: the same on every machine, so budgets in it are
    reproducible.
    """

    slots: dict[int, int]
    gaps: int
    optimal: bool
    work: float = 0.0
    bound: float = 0.0  # CP-SAT's proven lower bound on ``gaps`` (with all_required)


def solve_subproblem(
    state: SlotState,
    free: Iterable[int],
    *,
    all_required: bool,
    with_gaps: bool,
    seed: int,
    deterministic_time: float,
    time_limit: float,
    workers: int = 1,
) -> SubResult | None:
    """Re-place the meetings in ``free`` (taken out of ``state`` for the duration of the call).

    With ``all_required`` every free meeting must be placed (None if impossible; empty ``slots`` if
    nothing was found in time); otherwise as many as possible are placed, fewest gaps breaking ties.
    ``state`` is unchanged on return; the caller applies the result.
    """
    inst = state.instance
    free = sorted(set(free))
    origin = {e: state.slot_of[e] for e in free}
    for e in free:
        if origin[e] != UNPLACED:
            state.remove(e)
    try:
        model = cp_model.CpModel()
        x: dict[tuple[int, int], cp_model.IntVar] = {}
        for e in free:
            domain = state.free_slots(e)  # only the fixed rest occupies the state now
            while domain:
                bit = domain & -domain
                domain ^= bit
                s = bit.bit_length() - 1
                var = model.new_bool_var(f"x{e}_{s}")
                x[(e, s)] = var
                if origin[e] == s:
                    model.add_hint(var, 1)
        by_meeting: dict[int, list[cp_model.IntVar]] = {e: [] for e in free}
        by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]] = {}
        by_slot: dict[int, list[cp_model.IntVar]] = {}
        by_person: dict[int, list[cp_model.IntVar]] = {}
        for (e, s), var in x.items():
            by_meeting[e].append(var)
            by_slot.setdefault(s, []).append(var)
            for p in (inst.meeting_a[e], inst.meeting_b[e]):
                by_person_slot.setdefault((p, s), []).append(var)
                by_person.setdefault(p, []).append(var)
        placed = []
        for e in free:
            if all_required:
                if not by_meeting[e]:
                    return None
                model.add_exactly_one(by_meeting[e])
            else:
                model.add_at_most_one(by_meeting[e])
                placed.extend(by_meeting[e])
        for group in by_person_slot.values():
            if len(group) > 1:
                model.add_at_most_one(group)
        for s, group in by_slot.items():
            model.add(cp_model.LinearExpr.sum(group) <= state.capacity_per_slot - state.load[s])
        for p, group in by_person.items():
            room = inst.capacity[p] - state.count[p]
            if room < len(group):
                model.add(cp_model.LinearExpr.sum(group) <= room)
        gap_terms = _gap_terms(model, state, by_person_slot, by_person) if with_gaps else []
        gaps_total = cp_model.LinearExpr.sum(gap_terms)
        if all_required:
            model.minimize(gaps_total)
        else:
            # Every placed meeting outweighs any gap saving: count first, compactness second.
            big = 1 + 2 * len(by_person)
            model.maximize(cp_model.LinearExpr.weighted_sum(placed, [big] * len(placed)) - gaps_total)
        solver = cp_model.CpSolver()
        # One worker keeps results reproducible for a given seed (several race nondeterministically).
        solver.parameters.num_workers = workers
        solver.parameters.random_seed = seed
        solver.parameters.max_deterministic_time = deterministic_time
        solver.parameters.max_time_in_seconds = time_limit
        status = solver.solve(model)
        work = solver.response_proto.deterministic_time
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return SubResult({}, 0, False, work) if status == cp_model.UNKNOWN else None
        slots = {e: UNPLACED for e in free}
        for (e, s), var in x.items():
            if solver.boolean_value(var):
                slots[e] = s
        gaps = round(sum(solver.value(t) for t in gap_terms)) if gap_terms else 0
        bound = solver.best_objective_bound if all_required else 0.0
        return SubResult(slots, gaps, status == cp_model.OPTIMAL, work, bound)
    finally:
        for e in free:
            if state.slot_of[e] != UNPLACED:
                state.remove(e)
        for e in free:
            if origin[e] != UNPLACED:
                state.place(e, origin[e])


def _gap_terms(
    model: cp_model.CpModel,
    state: SlotState,
    by_person_slot: dict[tuple[int, int], list[cp_model.IntVar]],
    by_person: dict[int, list[cp_model.IntVar]],
) -> list[cp_model.IntVar]:
    """Idle gaps of every touched person and day: block starts minus one if the day has a meeting.

    Slots the person is unavailable in are skipped, matching :mod:`...gaps` (they are not waiting).
    """
    inst = state.instance
    terms: list[cp_model.IntVar] = []
    for p in by_person:
        for day in inst.day_masks:
            sequence: list[cp_model.LinearExpr | int] = []
            positions = inst.available[p] & day
            while positions:
                bit = positions & -positions
                positions ^= bit
                s = bit.bit_length() - 1
                if state.busy[p] & bit:
                    sequence.append(1)
                elif (p, s) in by_person_slot:
                    sequence.append(cp_model.LinearExpr.sum(by_person_slot[(p, s)]))
                else:
                    sequence.append(0)
            if not any(not isinstance(v, int) for v in sequence):
                continue  # this day is fixed for p: its gaps are a constant
            starts = []
            previous: cp_model.LinearExpr | int = 0
            for value in sequence:
                start = model.new_bool_var("")
                model.add(start + previous >= value)
                starts.append(start)
                previous = value
            has_meeting = model.new_bool_var("")
            model.add(has_meeting <= cp_model.LinearExpr.sum(sequence))
            # A non-negative variable per person and day: its domain lets the solver prove bounds
            # (a bare expression of Booleans would look as low as -1 to it).
            gaps = model.new_int_var(0, len(sequence), "")
            model.add(gaps == cp_model.LinearExpr.sum(starts) - has_meeting)
            terms.append(gaps)
    return terms
