"""The problem translated to integers: the form every algorithm in this package works on.

Slots, attendees and meetings become indices; sets of slots become Python ``int`` bit masks (bit ``s``
= slot ``s``), which keeps the hot loops of the search short and allocation-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from matchmaker.core.scheduling.model import Problem, worth_scheduling


@dataclass(frozen=True)
class Instance:
    """Index form of a validated :class:`Problem`.

    ``meeting_slots[e]`` is the set of slots where meeting ``e`` can take place at all: allowed for the
    meeting, open (not yet started) and available to both attendees; empty for an optional meeting
    below the quality floor. A fixed meeting keeps its own slot even when that slot is closed.
    ``capacity[p]`` is min(max meetings, available slots).
    """

    n_slots: int
    n_tables: int
    open_mask: int  # slots not yet started
    slot_day: tuple[int, ...]
    day_masks: tuple[int, ...]
    available: tuple[int, ...]
    capacity: tuple[int, ...]
    meeting_a: tuple[int, ...]
    meeting_b: tuple[int, ...]
    score: tuple[float, ...]
    must: tuple[bool, ...]
    meeting_slots: tuple[int, ...]
    fixed_slot: tuple[int, ...]
    fixed_table: tuple[int, ...]
    incident: tuple[tuple[int, ...], ...]
    slot_ids: tuple[str, ...]
    table_ids: tuple[str, ...]
    person_ids: tuple[str, ...]

    @property
    def n_people(self) -> int:
        return len(self.available)

    @property
    def n_meetings(self) -> int:
        return len(self.meeting_a)

    def day_mask_of_slot(self, slot: int) -> int:
        return self.day_masks[self.slot_day[slot]]

    def targets(self) -> list[int]:
        """Meetings each attendee could hope for: min(capacity, candidates with a possible slot)."""
        feasible_degree = [0] * self.n_people
        for e in range(self.n_meetings):
            if self.meeting_slots[e]:
                feasible_degree[self.meeting_a[e]] += 1
                feasible_degree[self.meeting_b[e]] += 1
        return [min(c, d) for c, d in zip(self.capacity, feasible_degree, strict=True)]


def build_instance(problem: Problem) -> Instance:
    """Index a problem that passed :func:`validate_problem`; ids keep the order they were given in."""
    slot_index = {slot.id: i for i, slot in enumerate(problem.slots)}
    table_index = {table.id: i for i, table in enumerate(problem.tables)}
    person_index = {person.id: i for i, person in enumerate(problem.attendees)}
    day_index: dict[str, int] = {}
    slot_day = tuple(day_index.setdefault(slot.day, len(day_index)) for slot in problem.slots)
    day_masks = [0] * len(day_index)
    for s, d in enumerate(slot_day):
        day_masks[d] |= 1 << s
    all_slots = (1 << len(problem.slots)) - 1
    open_slots = sum(1 << i for i, slot in enumerate(problem.slots) if not slot.closed)

    available: list[int] = []
    capacity: list[int] = []
    for person in problem.attendees:
        mask = all_slots
        for slot_id in person.unavailable:
            mask &= ~(1 << slot_index[slot_id])
        available.append(mask)
        free = mask.bit_count()
        capacity.append(free if person.max_meetings is None else min(free, person.max_meetings))

    meeting_a, meeting_b, meeting_slots, fixed_slot, fixed_table = [], [], [], [], []
    incident: list[list[int]] = [[] for _ in problem.attendees]
    for e, meeting in enumerate(problem.meetings):
        a, b = person_index[meeting.a], person_index[meeting.b]
        meeting_a.append(a)
        meeting_b.append(b)
        incident[a].append(e)
        incident[b].append(e)
        allowed = open_slots if worth_scheduling(meeting, problem.min_score) else 0
        if meeting.allowed_slots is not None:
            allowed &= sum(1 << slot_index[s] for s in meeting.allowed_slots)
        fixed = meeting.fixed
        if fixed is not None:
            allowed |= 1 << slot_index[fixed.slot]  # fixed where it is, started or not
        meeting_slots.append(allowed & available[a] & available[b])
        fixed_slot.append(-1 if fixed is None else slot_index[fixed.slot])
        fixed_table.append(-1 if fixed is None or fixed.table is None else table_index[fixed.table])

    return Instance(
        n_slots=len(problem.slots),
        n_tables=len(problem.tables),
        open_mask=open_slots,
        slot_day=slot_day,
        day_masks=tuple(day_masks),
        available=tuple(available),
        capacity=tuple(capacity),
        meeting_a=tuple(meeting_a),
        meeting_b=tuple(meeting_b),
        score=tuple(float(m.score) for m in problem.meetings),
        must=tuple(m.must_happen for m in problem.meetings),
        meeting_slots=tuple(meeting_slots),
        fixed_slot=tuple(fixed_slot),
        fixed_table=tuple(fixed_table),
        incident=tuple(tuple(x) for x in incident),
        slot_ids=tuple(slot.id for slot in problem.slots),
        table_ids=tuple(table.id for table in problem.tables),
        person_ids=tuple(person.id for person in problem.attendees),
    )
