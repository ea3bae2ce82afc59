"""Agendas as blocks: a CP-SAT model in which each person meets in one run of consecutive slots.

The idle-gap objective as such (one "a hole ends here" Boolean per person and slot, see
:mod:`.slot_model`) gives CP-SAT almost nothing to work with on B2B events: its LP bound stays at 0
and, started from the heuristic's agendas, it found no better ones in 10 s on any shared event. What
works is to ask a coarser question first, in the spirit of Bofill et al.'s per-business
"has a meeting at t" Booleans and cardinality constraints:

- ``u[p, t]``: p has a meeting in slot t (the sum of p's ``x[e, t]``);
- for each person either one Boolean ``y[p, s]`` "p's k meetings fill the k available slots from
  position s on" (then ``u[p, .]`` is exactly that window: no idle gap), or ``gappy[p]``;
- tables only as a count per slot (assigned afterwards, see :mod:`.tables`);
- minimise the number of gappy people.

The windows make propagation strong (choosing one fixes a person's whole day), and the objective has
one term per person. The solution then goes back to the local search (:mod:`.compaction`,
:mod:`.lns`), which closes most of the gappy people's gaps; the caller keeps whichever agendas have
fewer gaps. Only for one-day events: with several days, a person's count per day is not known.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from matchmaker.core.scheduling.slot_model import SlotModel, _bits
from matchmaker.core.scheduling.state import UNPLACED, SlotState


def applies_to(state: SlotState) -> bool:
    return len(state.instance.day_masks) == 1


def compact_in_blocks(
    state: SlotState,
    movable: Sequence[bool],
    *,
    seed: int,
    seconds: float,
    workers: int = 2,
    watch: Callable[[Callable[[], None]], None] | None = None,
) -> bool:
    """Re-place the placed movable meetings so that as few people as possible have an idle gap.

    The same meetings stay placed; starts from the current agendas (a complete hint, so CP-SAT's
    first solution is at least as good in its own measure). Returns True and changes ``state`` when
    CP-SAT found a solution with fewer gappy people than the current agendas; else ``state`` is
    unchanged. ``watch`` is handed a function that ends the search early (thread-safe), e.g. when
    another solver has the answer.
    """
    if not applies_to(state):
        return False
    free = [e for e in state.placed() if movable[e]]
    if not free:
        return False
    current = {e: state.slot_of[e] for e in free}
    model = SlotModel(state, free, must_place=False, seed_slots=current)
    for var in model.placed.values():
        model.model.add(var == 1)
    gappy = _add_blocks(model, free)
    if not gappy:
        return False
    model.model.minimize(cp_model.LinearExpr.sum(gappy))
    hinted = _complete_hint(model, current)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    if watch is not None:
        watch(solver.stop_search)
    status = solver.solve(model.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False
    if hinted is not None and solver.objective_value >= hinted:
        return False
    slots = model.solution(solver)
    if any(s == UNPLACED for s in slots.values()):
        return False
    for e in free:
        state.remove(e)
    for e in free:
        state.place(e, slots[e])
    return True


def _add_blocks(model: SlotModel, free: list[int]) -> list[cp_model.IntVar]:
    inst, cp = model.instance, model.model
    day = inst.day_masks[0]
    count = [0] * inst.n_people
    for e in free:
        count[inst.meeting_a[e]] += 1
        count[inst.meeting_b[e]] += 1
    gappy: list[cp_model.IntVar] = []
    for p, used in model.u.items():
        positions = list(_bits(day & inst.available[p]))
        fixed = {t for t in positions if model.busy[p] >> t & 1}
        k = count[p] + len(fixed)
        if k < 2:
            continue
        flag = cp.new_bool_var(f"gappy{p}")
        windows: list[cp_model.IntVar] = []
        cover: dict[int, list[cp_model.IntVar]] = {t: [] for t in positions}
        for s in range(len(positions) - k + 1):
            window = positions[s : s + k]
            # Every slot of the window must be one p can meet in (or already meets in), and the
            # window must hold p's fixed meetings.
            if any(t not in used and t not in fixed for t in window) or not fixed <= set(window):
                continue
            var = cp.new_bool_var("")
            windows.append(var)
            for t in window:
                cover[t].append(var)
        cp.add_exactly_one([*windows, flag])
        for t, var in used.items():
            cp.add(var == cp_model.LinearExpr.sum(cover.get(t, []))).only_enforce_if(flag.Not())
        gappy.append(flag)
    return gappy


def _complete_hint(model: SlotModel, slots: dict[int, int]) -> float | None:
    """Hint every variable, not only the slots: CP-SAT then starts from the hint for sure.

    The values come from the same model with the slots fixed, which propagation alone solves.
    Returns that hint's objective (None if it could not be completed).
    """
    fixed = model.model.clone()
    for (e, t), var in model.x.items():
        fixed.add(fixed.get_bool_var_from_proto_index(var.index) == int(slots.get(e) == t))
    fixed.clear_hints()  # type: ignore[no-untyped-call]
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_time_in_seconds = 2.0
    if solver.solve(fixed) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    model.model.clear_hints()  # type: ignore[no-untyped-call]
    for index in range(len(model.model.proto.variables)):
        var = model.model.get_int_var_from_proto_index(index)
        model.model.add_hint(var, solver.value(fixed.get_int_var_from_proto_index(index)))
    return solver.objective_value
