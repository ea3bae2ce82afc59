"""Why a required meeting is not in the schedule, in words an organiser can act on."""

from __future__ import annotations

from matchmaker.core.scheduling.state import SlotState
from matchmaker.core.scheduling.unplaced import Unplaced


def explain_unplaced(state: SlotState, e: int, allowed_all: bool) -> Unplaced:
    """The reason for required meeting ``e`` being unplaced in the final ``state``.

    ``allowed_all`` tells whether the meeting allowed every slot, to word the no-slot case precisely.
    """
    inst = state.instance
    a, b = inst.meeting_a[e], inst.meeting_b[e]
    name_a, name_b = inst.person_ids[a], inst.person_ids[b]
    if inst.meeting_slots[e] == 0:
        if inst.open_mask != (1 << inst.n_slots) - 1 and inst.available[a] & inst.available[b]:
            return Unplaced("slots_started", {"a": name_a, "b": name_b})
        code = "never_both_available" if allowed_all else "never_both_available_allowed"
        return Unplaced(code, {"a": name_a, "b": name_b})
    for p in (a, b):
        # Only a maximum the person has: a capacity that is just their free slots, all taken, is
        # worded below as the slots each one is busy in.
        if state.count[p] >= inst.capacity[p] and inst.capacity[p] < inst.available[p].bit_count():
            return Unplaced(
                "over_maximum",
                {"person": inst.person_ids[p], "count": state.count[p], "maximum": inst.capacity[p]},
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
        return Unplaced("no_table", {"slots": possible})
    return Unplaced(
        "slots_taken",
        {
            "slots": possible,
            "a": name_a,
            "b": name_b,
            "busy_a": busy_a,
            "busy_b": busy_b,
            "no_table": no_table,
        },
    )
