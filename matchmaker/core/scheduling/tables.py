"""Giving every placed meeting a concrete table.

Per slot, meetings with a fixed table keep it and the others take the free tables in order. Any slot
assignment within the table capacity can be completed this way, so the search never reasons about
individual tables.
"""

from __future__ import annotations

from matchmaker.core.scheduling.state import UNPLACED, SlotState


def assign_tables(state: SlotState) -> dict[int, int]:
    """Map every placed meeting to a table index; fixed tables are honoured."""
    inst = state.instance
    by_slot: list[list[int]] = [[] for _ in range(inst.n_slots)]
    for e, s in enumerate(state.slot_of):
        if s != UNPLACED:
            by_slot[s].append(e)
    table_of: dict[int, int] = {}
    for meetings in by_slot:
        taken = {inst.fixed_table[e] for e in meetings if inst.fixed_table[e] >= 0}
        free = (t for t in range(inst.n_tables) if t not in taken)
        for e in meetings:
            table_of[e] = inst.fixed_table[e] if inst.fixed_table[e] >= 0 else next(free)
    return table_of
