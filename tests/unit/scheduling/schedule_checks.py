"""A checker of every hard constraint, written independently of the solver's own bookkeeping."""

from __future__ import annotations

from collections import Counter

from matchmaker.core.scheduling import Problem, Schedule


def hard_constraint_violations(problem: Problem, schedule: Schedule) -> list[str]:
    """Human-readable violations; an empty list means the schedule is valid."""
    problems: list[str] = []
    slot_ids = {s.id for s in problem.slots}
    table_ids = {t.id for t in problem.tables}
    people = {p.id: p for p in problem.attendees}
    candidates = {frozenset((m.a, m.b)): m for m in problem.meetings}
    seen_person_slot: set[tuple[str, str]] = set()
    seen_table_slot: set[tuple[str, str]] = set()
    seen_pairs: set[frozenset[str]] = set()
    count: Counter[str] = Counter()
    for m in schedule.meetings:
        pair = frozenset((m.a, m.b))
        candidate = candidates.get(pair)
        if candidate is None:
            problems.append(f"{m.a}-{m.b} is not a candidate meeting")
            continue
        if pair in seen_pairs:
            problems.append(f"{m.a}-{m.b} meets twice")
        seen_pairs.add(pair)
        if m.slot not in slot_ids or m.table not in table_ids:
            problems.append(f"{m.a}-{m.b} has an unknown slot or table")
        if (m.table, m.slot) in seen_table_slot:
            problems.append(f"table {m.table} hosts two meetings in {m.slot}")
        seen_table_slot.add((m.table, m.slot))
        if candidate.allowed_slots is not None and m.slot not in candidate.allowed_slots:
            problems.append(f"{m.a}-{m.b} is outside its allowed slots")
        if candidate.fixed is not None and (
            m.slot != candidate.fixed.slot or candidate.fixed.table not in (None, m.table)
        ):
            problems.append(f"fixed meeting {m.a}-{m.b} moved")
        for person in (m.a, m.b):
            count[person] += 1
            if (person, m.slot) in seen_person_slot:
                problems.append(f"{person} has two meetings in {m.slot}")
            seen_person_slot.add((person, m.slot))
            if m.slot in people[person].unavailable:
                problems.append(f"{person} meets in unavailable slot {m.slot}")
    for person, n in count.items():
        maximum = people[person].max_meetings
        if maximum is not None and n > maximum:
            problems.append(f"{person} has {n} meetings, more than {maximum}")
    return problems
