"""A construction that builds agendas as blocks: sweep the slots in time order, keep people going.

Given the meetings already chosen, they are taken out and re-placed slot by slot. In each slot the
free tables go first to meetings of two people who were both meeting in the previous slot, then of
one such person, then to new starts (the most urgent first: fewest possible slots left). Someone who
is "on a roll" thus keeps meeting until their meetings for the day run out, which is what leaves
few idle gaps. Whatever the sweep cannot place is put back by repair; if that fails, nothing changes.
"""

from __future__ import annotations

from matchmaker.core.scheduling.placement import place_with_repair
from matchmaker.core.scheduling.state import SlotState


def sweep(state: SlotState, movable: list[bool]) -> bool:
    """Re-place all movable placed meetings by a time sweep; False (and no change) if some cannot be."""
    inst = state.instance
    before = state.snapshot()
    pending = [e for e in state.placed() if movable[e]]
    if not pending:
        return True
    for e in pending:
        state.remove(e)
    meeting_a, meeting_b, meeting_slots = inst.meeting_a, inst.meeting_b, inst.meeting_slots
    busy = state.busy
    remaining = set(pending)
    for s in range(inst.n_slots):
        bit = 1 << s
        previous = bit >> 1 if s > 0 and inst.slot_day[s - 1] == inst.slot_day[s] else 0
        later = ~((bit << 1) - 1)
        ranked = []
        for e in remaining:
            if not meeting_slots[e] & bit:
                continue
            a, b = meeting_a[e], meeting_b[e]
            if (busy[a] | busy[b]) & bit:
                continue
            rolling = (1 if busy[a] & previous else 0) + (1 if busy[b] & previous else 0)
            urgency = (meeting_slots[e] & later).bit_count()
            ranked.append((-rolling, urgency, e))
        ranked.sort()
        for *_, e in ranked:
            if state.load[s] >= state.capacity_per_slot:
                break
            a, b = meeting_a[e], meeting_b[e]
            if not (busy[a] | busy[b]) & bit:
                state.place(e, s)
                remaining.discard(e)
    if all(place_with_repair(state, e, movable, depth=2) for e in sorted(remaining)):
        return True
    state.restore(before)
    return False
