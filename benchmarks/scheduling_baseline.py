"""The naive baseline the benchmark compares against: score order, first free slot, first free table.

Required meetings go first (in input order), then the others by descending score; each takes the
earliest slot where both attendees are available and free, the meeting's allowed slots permit it,
both are under their maximum, and a table is free. Fixed meetings keep their slot and table.
"""

from __future__ import annotations

from matchmaker.core.scheduling.gaps import person_gaps
from matchmaker.core.scheduling.model import PlacedMeeting, Problem


def naive_greedy(problem: Problem) -> list[PlacedMeeting]:
    slot_ids = [s.id for s in problem.slots]
    table_ids = [t.id for t in problem.tables]
    unavailable = {p.id: p.unavailable for p in problem.attendees}
    maximum = {
        p.id: p.max_meetings if p.max_meetings is not None else len(slot_ids) for p in problem.attendees
    }
    busy: dict[str, set[str]] = {p.id: set() for p in problem.attendees}
    # Free tables per slot, first table last so that pop() takes it.
    free_tables: dict[str, list[str]] = {s: table_ids[::-1] for s in slot_ids}
    placed: list[PlacedMeeting] = []

    def put(a: str, b: str, slot: str, table: str, score: float, required: bool) -> None:
        busy[a].add(slot)
        busy[b].add(slot)
        free_tables[slot].remove(table)
        placed.append(PlacedMeeting(a, b, slot, table, score, required))

    for m in problem.meetings:
        if m.fixed is not None:
            free = free_tables[m.fixed.slot]
            table = m.fixed.table if m.fixed.table in free else (free[-1] if free else None)
            if table is not None and m.fixed.slot not in busy[m.a] | busy[m.b]:
                put(m.a, m.b, m.fixed.slot, table, m.score, True)
    order = sorted((m for m in problem.meetings if m.fixed is None), key=lambda m: (not m.required, -m.score))
    for m in order:
        if len(busy[m.a]) >= maximum[m.a] or len(busy[m.b]) >= maximum[m.b]:
            continue
        for slot in slot_ids:
            if m.allowed_slots is not None and slot not in m.allowed_slots:
                continue
            if slot in unavailable[m.a] or slot in unavailable[m.b] or slot in busy[m.a] | busy[m.b]:
                continue
            if free_tables[slot]:
                busy[m.a].add(slot)
                busy[m.b].add(slot)
                table = free_tables[slot].pop()
                placed.append(PlacedMeeting(m.a, m.b, slot, table, m.score, m.required))
                break
    return placed


def idle_gaps(problem: Problem, meetings: list[PlacedMeeting]) -> int:
    """Idle gaps of a schedule, with the same definition the solver optimises."""
    index = {s.id: i for i, s in enumerate(problem.slots)}
    day_masks: dict[str, int] = {}
    for i, s in enumerate(problem.slots):
        day_masks[s.day] = day_masks.get(s.day, 0) | (1 << i)
    everything = (1 << len(problem.slots)) - 1
    busy: dict[str, int] = {p.id: 0 for p in problem.attendees}
    for m in meetings:
        busy[m.a] |= 1 << index[m.slot]
        busy[m.b] |= 1 << index[m.slot]
    total = 0
    for p in problem.attendees:
        available = everything & ~sum(1 << index[s] for s in p.unavailable)
        total += person_gaps(busy[p.id], available, day_masks.values())
    return total
