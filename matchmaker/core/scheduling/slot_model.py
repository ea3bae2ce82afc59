"""The exact CP-SAT model of placing meetings into slots, in the encoding that works for B2B events.

Following Bofill et al. (JAIR 2022), the model is built around the people rather than the tables:

- ``x[e, t]``: meeting e takes place in slot t (only slots free for it: allowed, open, both free);
- ``u[p, t]``: person p has a meeting in slot t, equal to the sum of p's ``x`` in t, and the
  cardinality constraint "sum over t of u[p, t] = p's number of meetings" (implied, but it is what
  lets the solver reason about a person's whole day at once);
- all-different slots over each person's meetings when all of them must take place;
- tables only as a count per slot (any assignment within the count gets tables afterwards,
  see :mod:`.tables`).

Meetings outside the chosen set stay where they are and enter as constants. The idle-gap
objective (:meth:`SlotModel.minimise_gaps`) has one "a hole ends in slot t" Boolean per person
and slot, as in the paper; CP-SAT's own bound on it is then a proven lower bound.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from ortools.sat.python import cp_model

from matchmaker.core.scheduling.state import UNPLACED, SlotState

Status = Literal["optimal", "feasible", "infeasible", "unknown"]


def _bits(mask: int) -> Iterable[int]:
    while mask:
        bit = mask & -mask
        mask ^= bit
        yield bit.bit_length() - 1


class SlotModel:
    """A CP-SAT model of re-placing the meetings ``free`` around the rest of ``state``.

    ``must_place``: every free meeting takes place (else ``placed[e]`` tells whether it does).
    ``seed_slots`` hints a placement (a meeting's current slot, or UNPLACED). ``state`` is unchanged.
    """

    def __init__(
        self,
        state: SlotState,
        free: Iterable[int],
        *,
        must_place: bool,
        seed_slots: Mapping[int, int],
    ) -> None:
        self.state = state
        self.instance = inst = state.instance
        self.free = sorted(set(free))
        self.model = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        self.placed: dict[int, cp_model.IntVar] = {}
        self.u: dict[int, dict[int, cp_model.IntVar]] = {}
        self.must_place = must_place
        origin = {e: state.slot_of[e] for e in self.free}
        for e in self.free:
            if origin[e] != UNPLACED:
                state.remove(e)
        try:
            # Only the fixed rest occupies the state while the model is built.
            self.busy = list(state.busy)
            self.free_slots = {e: state.free_slots(e) for e in self.free}
            self.room = [inst.capacity[p] - state.count[p] for p in range(inst.n_people)]
            self.load = list(state.load)
        finally:
            for e in self.free:
                if origin[e] != UNPLACED:
                    state.place(e, origin[e])
        self._literal_meeting: dict[int, int] = {}
        self._build(seed_slots)

    def _build(self, seed_slots: Mapping[int, int]) -> None:
        inst, model = self.instance, self.model
        by_person: dict[int, list[int]] = {}
        for e in self.free:
            options = []
            for t in _bits(self.free_slots[e]):
                var = model.new_bool_var(f"x{e}_{t}")
                self.x[(e, t)] = var
                options.append(var)
                model.add_hint(var, seed_slots.get(e, UNPLACED) == t)
            placed = model.new_bool_var(f"placed{e}")
            self.placed[e] = placed
            self._literal_meeting[placed.index] = e
            model.add(cp_model.LinearExpr.sum(options) == placed)
            model.add_hint(placed, seed_slots.get(e, UNPLACED) != UNPLACED)
            if self.must_place:
                model.add(placed == 1)
            for p in (inst.meeting_a[e], inst.meeting_b[e]):
                by_person.setdefault(p, []).append(e)
        by_slot: dict[int, list[cp_model.IntVar]] = {}
        for (_, t), var in self.x.items():
            by_slot.setdefault(t, []).append(var)
        for t, group in by_slot.items():
            room = self.state.capacity_per_slot - self.load[t]
            if len(group) > room:
                model.add(cp_model.LinearExpr.sum(group) <= room)
        for p, meetings in by_person.items():
            self._person(p, meetings)

    def _person(self, p: int, meetings: list[int]) -> None:
        model = self.model
        used: dict[int, cp_model.IntVar] = {}
        for t in range(self.instance.n_slots):
            here = [self.x[(e, t)] for e in meetings if (e, t) in self.x]
            if not here:
                continue
            var = model.new_bool_var(f"u{p}_{t}")
            model.add(cp_model.LinearExpr.sum(here) == var)
            used[t] = var
        self.u[p] = used
        count = cp_model.LinearExpr.sum([self.placed[e] for e in meetings])
        model.add(cp_model.LinearExpr.sum(list(used.values())) == count)
        if len(meetings) > self.room[p]:
            model.add(count <= self.room[p])
        if self.must_place and len(meetings) > 1:
            slot_vars = []
            for e in meetings:
                values = sorted(t for (f, t) in self.x if f == e)
                if not values:
                    continue
                var = model.new_int_var_from_domain(cp_model.Domain.from_values(values), "")
                model.add(var == cp_model.LinearExpr.weighted_sum([self.x[(e, t)] for t in values], values))
                slot_vars.append(var)
            model.add_all_different(slot_vars)

    # --- objectives --------------------------------------------------------------------------------
    def maximise_placed(self) -> None:
        self.model.maximize(cp_model.LinearExpr.sum(list(self.placed.values())))

    def hole_ends(self, p: int, count_unavailable: bool = False) -> list[cp_model.IntVar | int]:
        """Booleans "a hole of p ends in slot t", one per day position (constants where p is fixed).

        The positions are p's available slots (the product's measure: a slot p is away is no
        waiting), or every slot with ``count_unavailable`` (the measure of Bofill et al.).
        """
        inst, model = self.instance, self.model
        used = self.u.get(p, {})
        ends: list[cp_model.IntVar | int] = []
        for day in inst.day_masks:
            positions = day if count_unavailable else day & inst.available[p]
            sequence: list[cp_model.IntVar | int] = [
                1 if self.busy[p] >> t & 1 else used.get(t, 0) for t in _bits(positions)
            ]
            before: cp_model.IntVar | int = 0  # some meeting at a position before the previous one
            previous: cp_model.IntVar | int = 0
            for value in sequence:
                if isinstance(value, int) and isinstance(previous, int) and isinstance(before, int):
                    ends.append(int(value == 1 and previous == 0 and before == 1))
                else:
                    end = model.new_bool_var("")
                    # end <=> value & not previous & before
                    clause: list[cp_model.LiteralT] = [end]
                    for literal, wanted in ((value, 1), (previous, 0), (before, 1)):
                        if isinstance(literal, int):
                            if literal != wanted:
                                model.add(end == 0)
                                clause = []
                                break
                        else:
                            model.add_implication(end, literal if wanted else literal.Not())
                            clause.append(literal.Not() if wanted else literal)
                    if clause:
                        model.add_bool_or(clause)
                    ends.append(end)
                before = _or(model, before, previous)
                previous = value
        return ends

    def minimise_gaps(self, people: Iterable[int], weights: tuple[int, int] = (1, 0)) -> None:
        """Minimise weighted idle gaps of ``people``: (product measure, gaps at unavailable slots)."""
        terms: list[cp_model.IntVar | cp_model.LinearExpr] = []
        coefficients: list[int] = []
        for p in people:
            available_ends = self.hole_ends(p)
            if weights[1]:
                all_ends = self.hole_ends(p, count_unavailable=True)
                for end in all_ends:
                    if not isinstance(end, int):
                        terms.append(end)
                        coefficients.append(weights[1])
            for end in available_ends:
                if not isinstance(end, int):
                    terms.append(end)
                    coefficients.append(weights[0])
        self.model.minimize(cp_model.LinearExpr.weighted_sum(terms, coefficients))

    # --- reading the result ------------------------------------------------------------------------
    def solution(self, solver: cp_model.CpSolver) -> dict[int, int]:
        slots = {e: UNPLACED for e in self.free}
        for (e, t), var in self.x.items():
            if solver.boolean_value(var):
                slots[e] = t
        return slots

    def meeting_of_literal(self, index: int) -> int | None:
        return self._literal_meeting.get(index)


def _or(model: cp_model.CpModel, a: cp_model.IntVar | int, b: cp_model.IntVar | int) -> cp_model.IntVar | int:
    if isinstance(a, int) and isinstance(b, int):
        return int(a or b)
    if isinstance(a, int):
        return 1 if a else b
    if isinstance(b, int):
        return 1 if b else a
    var = model.new_bool_var("")
    model.add_max_equality(var, [a, b])
    return var


def solve_model(
    model: SlotModel, *, seed: int, seconds: float, workers: int = 1
) -> tuple[Status, cp_model.CpSolver]:
    """Solve with one worker by default (reproducible for a seed); the status in words."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.01, seconds)
    status = solver.solve(model.model)
    result: Status = "unknown"
    if status == cp_model.OPTIMAL:
        result = "optimal"
    elif status == cp_model.FEASIBLE:
        result = "feasible"
    elif status == cp_model.INFEASIBLE:
        result = "infeasible"
    if result == "optimal" and not model.model.has_objective():
        result = "feasible"
    return result, solver
