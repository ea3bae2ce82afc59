"""Every feasible required meeting, proven: CP-SAT places them all, or shows which ones conflict.

Used when the heuristic of :mod:`.required` leaves required meetings out. The model (see
:mod:`.slot_model`) has one Boolean per meeting and possible slot, a "has a meeting in slot t"
Boolean per person with the person's meeting count as a cardinality constraint, all-different
slots per person and the tables only as a count per slot; the heuristic's placement is the hint.

- All movable required meetings fit: they are placed (the heuristic's choice was the problem).
- They provably do not: CP-SAT's infeasible core over one "placed" assumption per meeting, shrunk
  until every meeting in it matters, is a set of meetings that cannot all take place; the reason
  names them and the counting argument behind it where there is one. Then as many required
  meetings as possible are placed (maximum proven when CP-SAT finishes).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from matchmaker.core.scheduling.slot_model import SlotModel, solve_model
from matchmaker.core.scheduling.state import UNPLACED, SlotState
from matchmaker.core.scheduling.unplaced import Unplaced

CORE_SHRINK_LIMIT = 40  # deletion checks at most; a core above that is reported as found


@dataclass(frozen=True)
class Conflict:
    """Required meetings that cannot all take place together (given the fixed ones), and why."""

    meetings: tuple[int, ...]
    why: Unplaced


@dataclass(frozen=True)
class RequiredOutcome:
    placed_all: bool
    conflicts: tuple[Conflict, ...]
    proven: bool  # False: the time ran out before CP-SAT could tell


def place_required_exactly(
    state: SlotState, movable: Sequence[bool], seed: int, deadline: float
) -> RequiredOutcome:
    """Re-place the movable required meetings so that all are placed if any schedule can do it.

    Optional meetings must not be placed yet. On return ``state`` holds the best placement found
    (never fewer required meetings than before).
    """
    inst = state.instance
    free = [e for e in range(inst.n_meetings) if inst.must[e] and movable[e]]
    before = {e: state.slot_of[e] for e in free}
    placed_before = sum(1 for s in before.values() if s != UNPLACED)
    model = SlotModel(state, free, must_place=False, seed_slots=before)
    for e in free:
        model.model.add_assumption(model.placed[e])
    status, solver = solve_model(model, seed=seed, seconds=_share(deadline, 0.7))
    if status == "feasible":
        _apply(state, free, model.solution(solver))
        return RequiredOutcome(True, (), True)
    if status != "infeasible":
        return RequiredOutcome(False, (), False)
    found = [model.meeting_of_literal(index) for index in solver.sufficient_assumptions_for_infeasibility()]
    core = _shrink(state, sorted(e for e in found if e is not None), seed, deadline)
    conflicts = (Conflict(tuple(core), explain_conflict(state, core)),) if core else ()
    # As many as possible: maximise the number placed, from the heuristic's placement.
    best = SlotModel(state, free, must_place=False, seed_slots=before)
    best.maximise_placed()
    status, solver = solve_model(best, seed=seed, seconds=_share(deadline, 0.8))
    if status in ("feasible", "optimal"):
        slots = best.solution(solver)
        if sum(1 for s in slots.values() if s != UNPLACED) > placed_before:
            _apply(state, free, slots)
    return RequiredOutcome(False, conflicts, True)


def _share(deadline: float, share: float) -> float:
    return max(0.05, share * (deadline - time.perf_counter()))


def _apply(state: SlotState, free: Sequence[int], slots: dict[int, int]) -> None:
    for e in free:
        if state.slot_of[e] != UNPLACED:
            state.remove(e)
    for e in free:
        if slots.get(e, UNPLACED) != UNPLACED:
            state.place(e, slots[e])


def _shrink(state: SlotState, core: list[int], seed: int, deadline: float) -> list[int]:
    """Drop meetings from the core while the rest still cannot all be placed (with the fixed ones)."""
    inst = state.instance
    saved = {e: state.slot_of[e] for e in range(inst.n_meetings) if inst.must[e] and inst.fixed_slot[e] < 0}
    for e, s in saved.items():  # the core is judged on its own, beside the fixed meetings only
        if s != UNPLACED:
            state.remove(e)
    try:
        kept = list(core)
        for e in list(core)[:CORE_SHRINK_LIMIT]:
            if time.perf_counter() > deadline - 0.5:
                break
            trial = [f for f in kept if f != e]
            model = SlotModel(state, trial, must_place=True, seed_slots={})
            status, _ = solve_model(model, seed=seed, seconds=min(1.0, _share(deadline, 0.1)))
            if status == "infeasible":
                kept = trial
        return kept
    finally:
        for e, s in saved.items():
            if s != UNPLACED:
                state.place(e, s)


def explain_conflict(state: SlotState, core: Sequence[int]) -> Unplaced:
    """Why the meetings of ``core`` cannot all take place, in terms an organiser can act on."""
    inst = state.instance
    names = tuple(_pair(state, e) for e in core)
    # A counting argument when one exists: someone with more meetings here than slots for them.
    fixed_busy = [0] * inst.n_people
    for e in range(inst.n_meetings):
        if inst.fixed_slot[e] >= 0 and state.slot_of[e] != UNPLACED:
            for q in (inst.meeting_a[e], inst.meeting_b[e]):
                fixed_busy[q] |= 1 << inst.fixed_slot[e]
    for p in sorted({q for e in core for q in (inst.meeting_a[e], inst.meeting_b[e])}):
        mine = [e for e in core if p in (inst.meeting_a[e], inst.meeting_b[e])]
        room = 0
        for e in mine:
            a, b = inst.meeting_a[e], inst.meeting_b[e]
            room |= inst.meeting_slots[e] & ~fixed_busy[a] & ~fixed_busy[b]
        if len(mine) > 1 and room.bit_count() < len(mine):
            return Unplaced(
                "too_few_slots",
                {"person": inst.person_ids[p], "count": len(mine), "pairs": names, "slots": room.bit_count()},
            )
        if len(mine) > inst.capacity[p]:
            return Unplaced(
                "too_many_for_maximum",
                {
                    "person": inst.person_ids[p],
                    "count": len(mine),
                    "pairs": names,
                    "maximum": inst.capacity[p],
                },
            )
    slots = 0
    for e in core:
        slots |= inst.meeting_slots[e]
    fixed_load = [0] * inst.n_slots
    for e in range(inst.n_meetings):
        if inst.fixed_slot[e] >= 0 and state.slot_of[e] != UNPLACED:
            fixed_load[inst.fixed_slot[e]] += 1
    tables = sum(max(0, inst.n_tables - fixed_load[t]) for t in range(inst.n_slots) if slots >> t & 1)
    if tables < len(core):
        return Unplaced("too_few_tables", {"pairs": names, "slots": slots.bit_count(), "tables": tables})
    people = tuple(sorted({inst.person_ids[q] for e in core for q in (inst.meeting_a[e], inst.meeting_b[e])}))
    return Unplaced(
        "proven_conflict", {"pairs": names, "count": len(core), "people": people, "slots": slots.bit_count()}
    )


def _pair(state: SlotState, e: int) -> tuple[str, str]:
    inst = state.instance
    return inst.person_ids[inst.meeting_a[e]], inst.person_ids[inst.meeting_b[e]]
