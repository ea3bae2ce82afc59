"""Putting single meetings into slots: the compact slot choice and a short ejection-chain repair.

The slot choice prefers, in order: fewest new idle gaps for the two attendees, slots next to meetings
they already have (agendas grow as blocks), then the earliest slot. Repair makes room for a meeting by
moving the meetings that block a slot elsewhere, recursively up to a small depth.
"""

from __future__ import annotations

from matchmaker.core.scheduling.state import UNPLACED, SlotState


def best_slot(state: SlotState, e: int, free: int, compact: bool = True) -> int:
    """The preferred slot among the bit mask ``free`` (must be non-empty)."""
    if not compact:
        return (free & -free).bit_length() - 1
    inst = state.instance
    a, b = inst.meeting_a[e], inst.meeting_b[e]
    busy_a, busy_b = state.busy[a], state.busy[b]
    neighbours = (busy_a << 1) | (busy_a >> 1) | (busy_b << 1) | (busy_b >> 1)
    best, best_key = -1, (1 << 30, 0, 0)
    rest = free
    while rest:
        bit = rest & -rest
        rest ^= bit
        s = bit.bit_length() - 1
        adjacency = 0
        if neighbours & bit:
            day = state.instance.day_mask_of_slot(s)
            near = ((bit << 1) | (bit >> 1)) & day
            adjacency = (1 if busy_a & near else 0) + (1 if busy_b & near else 0)
        key = (state.gap_delta_add(a, s) + state.gap_delta_add(b, s), -adjacency, s)
        if key < best_key:
            best, best_key = s, key
    return best


def place_compactly(state: SlotState, e: int, compact: bool = True) -> bool:
    """Place ``e`` in its best free slot if it has one and both attendees have room; report success."""
    free = state.free_slots(e)
    if not free or not state.has_room(e):
        return False
    state.place(e, best_slot(state, e, free, compact))
    return True


def place_with_repair(state: SlotState, e: int, movable: list[bool], depth: int = 2) -> bool:
    """Place ``e``, moving blocking meetings (only those marked ``movable``) to other slots if needed.

    Tries each possible slot; the meetings of the two attendees in that slot (and, if every table is
    taken, one other meeting of that slot) must move to a slot free for them, possibly after moving
    their own blockers (``depth`` levels). On failure the state is exactly as before.
    """
    if place_compactly(state, e):
        return True
    if not state.has_room(e):
        return False
    return _eject_into(state, e, 0, movable, depth, {e}, [])


Journal = list[tuple[int, int]]  # (meeting, slot it came from or UNPLACED), undone in reverse order


def _undo(state: SlotState, journal: Journal, mark: int) -> None:
    while len(journal) > mark:
        f, origin = journal.pop()
        if state.slot_of[f] != UNPLACED:
            state.remove(f)
        if origin != UNPLACED:
            state.place(f, origin)


def _eject_into(
    state: SlotState,
    e: int,
    exclude: int,
    movable: list[bool],
    depth: int,
    visited: set[int],
    journal: Journal,
) -> bool:
    """Place the unplaced ``e`` outside ``exclude`` by relocating blockers; undo everything on failure."""
    inst = state.instance
    a, b = inst.meeting_a[e], inst.meeting_b[e]
    candidates = inst.meeting_slots[e] & ~exclude
    n_slots = state.n_slots
    while candidates:
        bit = candidates & -candidates
        candidates ^= bit
        s = bit.bit_length() - 1
        blockers = sorted({state.occupant[a * n_slots + s], state.occupant[b * n_slots + s]} - {UNPLACED})
        if any(not movable[f] or f in visited for f in blockers):
            continue
        mark = len(journal)
        inner_visited = visited | set(blockers)
        ok = all(_relocate(state, f, exclude | bit, movable, depth, inner_visited, journal) for f in blockers)
        if ok and state.load[s] >= state.capacity_per_slot:
            ok = _free_a_table(state, s, exclude | bit, movable, inner_visited, journal)
        if ok and state.free_slots(e) & bit:
            state.place(e, s)
            # Journalled too: when an outer level undoes, ``e`` must leave ``s`` before the meetings
            # moved out of ``s`` to make room for it come back (else ``s`` would be over its tables).
            journal.append((e, UNPLACED))
            return True
        _undo(state, journal, mark)
    return False


def _relocate(
    state: SlotState,
    f: int,
    exclude: int,
    movable: list[bool],
    depth: int,
    visited: set[int],
    journal: Journal,
) -> bool:
    journal.append((f, state.remove(f)))
    free = state.free_slots(f) & ~exclude
    if free:
        state.place(f, best_slot(state, f, free))
        return True
    return depth > 1 and _eject_into(state, f, exclude, movable, depth - 1, visited, journal)


def _free_a_table(
    state: SlotState, s: int, exclude: int, movable: list[bool], visited: set[int], journal: Journal
) -> bool:
    for f in sorted(state.in_slot[s]):
        if not movable[f] or f in visited:
            continue
        origin = state.remove(f)
        free = state.free_slots(f) & ~exclude
        if free:
            journal.append((f, origin))
            state.place(f, best_slot(state, f, free))
            return True
        state.place(f, origin)
    return False
