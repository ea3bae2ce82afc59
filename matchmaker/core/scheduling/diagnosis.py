"""Why a required meeting is not in the schedule, in words an organiser can act on."""

from __future__ import annotations

from matchmaker.core.scheduling.state import SlotState


def explain_unplaced(state: SlotState, e: int, allowed_all: bool) -> str:
    """A one-line reason for required meeting ``e`` being unplaced in the final ``state``.

    ``allowed_all`` tells whether the meeting allowed every slot, to word the no-slot case precisely.
    """
    inst = state.instance
    a, b = inst.meeting_a[e], inst.meeting_b[e]
    name_a, name_b = inst.person_ids[a], inst.person_ids[b]
    if inst.meeting_slots[e] == 0:
        if inst.open_mask != (1 << inst.n_slots) - 1 and inst.available[a] & inst.available[b]:
            return f"no slot left: the slots where {name_a} and {name_b} can both meet have already started"
        allowed = "" if allowed_all else " within its allowed slots"
        return f"no common free slot: {name_a} and {name_b} are never both available{allowed}"
    for p in (a, b):
        if state.count[p] >= inst.capacity[p]:
            return (
                f"over the maximum: {inst.person_ids[p]} already has {state.count[p]} required "
                f"meetings, the maximum is {inst.capacity[p]}"
            )
    busy_a = busy_b = no_table = 0
    candidates = inst.meeting_slots[e]
    while candidates:
        bit = candidates & -candidates
        candidates ^= bit
        if state.busy[a] & bit:
            busy_a += 1
        elif state.busy[b] & bit:
            busy_b += 1
        else:
            no_table += 1
    possible = inst.meeting_slots[e].bit_count()
    if no_table == possible:
        return f"no table: all tables are taken in each of the {possible} slots both can meet in"
    return (
        f"no free common slot left: of the {possible} slots both can meet in, {name_a} has other "
        f"required meetings in {busy_a}, {name_b} in {busy_b}, and {no_table} have no table left"
    )
