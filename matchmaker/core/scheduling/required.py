"""First phase: fixed meetings where they were published, then every other required meeting.

Fixed meetings are placed as given; a fixed meeting that clashes with an earlier one (same person or
same table in its slot, its person now unavailable, no table left) is reported with the clash. Other
required meetings are placed most-constrained first (fewest free slots), then repaired by ejection.
"""

from __future__ import annotations

import heapq

from matchmaker.core.scheduling.instance import Instance
from matchmaker.core.scheduling.placement import place_compactly, place_with_repair
from matchmaker.core.scheduling.state import UNPLACED, SlotState
from matchmaker.core.scheduling.unplaced import Unplaced


def place_fixed(state: SlotState) -> dict[int, Unplaced]:
    """Place every fixed meeting; return the reasons of those that could not stay where they were."""
    inst = state.instance
    reasons: dict[int, Unplaced] = {}
    table_taken: dict[tuple[int, int], int] = {}
    fixed = [e for e in range(inst.n_meetings) if inst.fixed_slot[e] >= 0]
    # Meetings with a fixed table claim it first so that table-less fixed meetings fill the rest.
    fixed.sort(key=lambda e: (inst.fixed_table[e] < 0, e))
    for e in fixed:
        reason = _fixed_conflict(state, e, table_taken)
        if reason is not None:
            reasons[e] = reason
            continue
        state.place(e, inst.fixed_slot[e])
        if inst.fixed_table[e] >= 0:
            table_taken[(inst.fixed_slot[e], inst.fixed_table[e])] = e
    return reasons


def _fixed_conflict(state: SlotState, e: int, table_taken: dict[tuple[int, int], int]) -> Unplaced | None:
    inst = state.instance
    s, t = inst.fixed_slot[e], inst.fixed_table[e]
    slot_id = inst.slot_ids[s]
    for p in (inst.meeting_a[e], inst.meeting_b[e]):
        if not inst.available[p] >> s & 1:
            return Unplaced("fixed_unavailable", {"person": inst.person_ids[p], "slot": slot_id})
        other = state.occupant[p * inst.n_slots + s]
        if other != UNPLACED:
            return Unplaced(
                "fixed_taken", {"person": inst.person_ids[p], "pair": _pair(inst, other), "slot": slot_id}
            )
        if state.count[p] >= inst.capacity[p]:
            return Unplaced("fixed_over_maximum", {"person": inst.person_ids[p], "maximum": inst.capacity[p]})
    if t >= 0 and (s, t) in table_taken:
        other = table_taken[(s, t)]
        return Unplaced(
            "fixed_table_taken", {"table": inst.table_ids[t], "pair": _pair(inst, other), "slot": slot_id}
        )
    if state.load[s] >= state.capacity_per_slot:
        return Unplaced("fixed_no_table", {"slot": slot_id})
    return None


def _pair(inst: Instance, e: int) -> tuple[str, str]:
    return inst.person_ids[inst.meeting_a[e]], inst.person_ids[inst.meeting_b[e]]


def place_required(state: SlotState, compact: bool = True) -> list[int]:
    """Place the non-fixed required meetings; return those still unplaced (in index order).

    Order: dynamically the meeting with the fewest currently free slots (a lazy heap refreshed for the
    neighbours of each placed meeting), which is what keeps tight events feasible.
    """
    inst = state.instance
    pending = {e for e in range(inst.n_meetings) if inst.must[e] and inst.fixed_slot[e] < 0}
    heap = [(state.free_slots(e).bit_count(), e) for e in sorted(pending)]
    heapq.heapify(heap)
    left: list[int] = []
    while heap:
        key, e = heapq.heappop(heap)
        if e not in pending:
            continue
        current = state.free_slots(e).bit_count()
        if current != key:
            heapq.heappush(heap, (current, e))
            continue
        pending.discard(e)
        if not place_compactly(state, e, compact):
            left.append(e)
            continue
        for p in (inst.meeting_a[e], inst.meeting_b[e]):
            for f in inst.incident[p]:
                if f in pending:
                    heapq.heappush(heap, (state.free_slots(f).bit_count(), f))
    movable = [inst.fixed_slot[e] < 0 for e in range(inst.n_meetings)]
    return [e for e in sorted(left) if not place_with_repair(state, e, movable, depth=3)]
