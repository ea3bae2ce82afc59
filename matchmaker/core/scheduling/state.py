"""A mutable slot assignment with O(1) feasibility checks and incremental idle-gap deltas.

Tables are only a capacity here (at most ``n_tables`` meetings per slot): any assignment that respects
it can be given concrete tables afterwards (see :mod:`matchmaker.core.scheduling.tables`).
"""

from __future__ import annotations

from matchmaker.core.scheduling.gaps import day_gaps
from matchmaker.core.scheduling.instance import Instance

UNPLACED = -1


class SlotState:
    """Which meeting sits in which slot, kept consistent with per-person and per-slot occupancy."""

    def __init__(self, instance: Instance) -> None:
        self.instance = instance
        self.n_slots = instance.n_slots
        self.slot_of = [UNPLACED] * instance.n_meetings
        self.busy = [0] * instance.n_people
        self.count = [0] * instance.n_people
        self.occupant = [UNPLACED] * (instance.n_people * instance.n_slots)
        self.load = [0] * instance.n_slots
        self.in_slot: list[set[int]] = [set() for _ in range(instance.n_slots)]
        self.capacity_per_slot = instance.n_tables
        # Bit s is set while slot s still has a free table.
        self.open_slots = (1 << instance.n_slots) - 1 if instance.n_tables > 0 else 0
        self._day_of_slot = [instance.day_masks[d] for d in instance.slot_day]

    # --- queries -------------------------------------------------------------------------------------
    def free_slots(self, e: int) -> int:
        """Slots where meeting ``e`` could be placed right now (both free, a table free, allowed)."""
        inst = self.instance
        return (
            inst.meeting_slots[e]
            & ~self.busy[inst.meeting_a[e]]
            & ~self.busy[inst.meeting_b[e]]
            & (self.open_slots)
        )

    def has_room(self, e: int) -> bool:
        inst = self.instance
        a, b = inst.meeting_a[e], inst.meeting_b[e]
        return self.count[a] < inst.capacity[a] and self.count[b] < inst.capacity[b]

    def gap_delta_add(self, p: int, slot: int) -> int:
        day = self._day_of_slot[slot]
        busy, avail = self.busy[p] & day, self.instance.available[p] & day
        return day_gaps(busy | (1 << slot), avail) - day_gaps(busy, avail)

    def gaps_for_busy(self, p: int, busy: int, days: int) -> int:
        """Idle gaps p would have with ``busy``, counted only over the days intersecting ``days``."""
        avail = self.instance.available[p]
        total = 0
        for day in self.instance.day_masks:
            if day & days:
                total += day_gaps(busy & day, avail & day)
        return total

    def total_gaps(self) -> int:
        inst = self.instance
        return sum(
            day_gaps(self.busy[p] & day, inst.available[p] & day)
            for p in range(inst.n_people)
            if self.count[p] > 1
            for day in inst.day_masks
        )

    def placed(self) -> list[int]:
        return [e for e, s in enumerate(self.slot_of) if s != UNPLACED]

    # --- changes -------------------------------------------------------------------------------------
    def place(self, e: int, slot: int) -> None:
        """Put ``e`` into ``slot``; the caller has checked that the slot is free for it."""
        inst = self.instance
        a, b = inst.meeting_a[e], inst.meeting_b[e]
        bit = 1 << slot
        self.slot_of[e] = slot
        self.busy[a] |= bit
        self.busy[b] |= bit
        self.count[a] += 1
        self.count[b] += 1
        self.occupant[a * self.n_slots + slot] = e
        self.occupant[b * self.n_slots + slot] = e
        self.load[slot] += 1
        self.in_slot[slot].add(e)
        if self.load[slot] >= self.capacity_per_slot:
            self.open_slots &= ~bit

    def remove(self, e: int) -> int:
        """Take ``e`` out of its slot and return that slot."""
        inst = self.instance
        a, b = inst.meeting_a[e], inst.meeting_b[e]
        slot = self.slot_of[e]
        bit = 1 << slot
        self.slot_of[e] = UNPLACED
        self.busy[a] &= ~bit
        self.busy[b] &= ~bit
        self.count[a] -= 1
        self.count[b] -= 1
        self.occupant[a * self.n_slots + slot] = UNPLACED
        self.occupant[b * self.n_slots + slot] = UNPLACED
        self.load[slot] -= 1
        self.in_slot[slot].discard(e)
        self.open_slots |= bit
        return slot

    def move(self, e: int, target: int) -> None:
        self.remove(e)
        self.place(e, target)

    def snapshot(self) -> list[int]:
        return list(self.slot_of)

    def restore(self, slot_of: list[int]) -> None:
        for e, s in enumerate(self.slot_of):
            if s != UNPLACED:
                self.remove(e)
        for e, s in enumerate(slot_of):
            if s != UNPLACED:
                self.place(e, s)
