"""Score exchanges after the fair choice (matchmaker.core.scheduling.exchanges)."""

from __future__ import annotations

import numpy as np

from benchmarks.scheduling_fairs import sector_fair
from matchmaker.core.scheduling import Attendee, CandidateMeeting, Problem, Slot, Table
from matchmaker.core.scheduling.exchanges import improve_by_exchanges
from matchmaker.core.scheduling.fairness import schedule_quality
from matchmaker.core.scheduling.instance import build_instance
from matchmaker.core.scheduling.required import place_fixed, place_required
from matchmaker.core.scheduling.selection import place_optional, value_order
from matchmaker.core.scheduling.state import UNPLACED, SlotState


def _tiny(meetings: list[tuple[str, str, float]], unavailable: dict[str, set[str]]) -> SlotState:
    people = sorted({p for a, b, _ in meetings for p in (a, b)})
    problem = Problem(
        (Slot("s1"), Slot("s2")),
        (Table("T1"),),
        tuple(Attendee(p, unavailable=frozenset(unavailable.get(p, set()))) for p in people),
        tuple(CandidateMeeting(a, b, score=score) for a, b, score in meetings),
    )
    return SlotState(build_instance(problem))


def test_an_unplaced_better_meeting_takes_the_place_of_a_worse_one_of_the_same_person() -> None:
    # s1: a-b (0.3); s2: b-d (0.5); c can only come in s1, where a-c (0.9) would score more.
    state = _tiny([("a", "b", 0.3), ("a", "c", 0.9), ("b", "d", 0.5)], {"c": {"s2"}})
    state.place(0, 0)
    state.place(2, 1)

    gained = improve_by_exchanges(state, state.instance.targets())

    assert abs(gained - 0.6) < 1e-9
    assert state.slot_of == [UNPLACED, 0, 1]


def test_no_exchange_leaves_someone_without_a_meeting() -> None:
    # a-c (0.9) could only replace a-b (0.3), b's only meeting.
    state = _tiny([("a", "b", 0.3), ("a", "c", 0.9)], {"c": {"s2"}, "b": {"s2"}})
    state.place(0, 0)

    assert improve_by_exchanges(state, state.instance.targets()) == 0.0
    assert state.slot_of == [0, UNPLACED]


def test_exchanges_raise_the_score_and_lose_nothing_that_comes_first() -> None:
    instance = build_instance(sector_fair(300, seed=2))
    state = SlotState(instance)
    place_fixed(state)
    place_required(state)
    optional = [e for e in range(instance.n_meetings) if not instance.must[e] and instance.meeting_slots[e]]
    order = value_order(instance, optional, np.zeros(instance.n_meetings))
    targets = instance.targets()
    place_optional(state, order, [False] * instance.n_meetings, targets, compact=False)
    before = schedule_quality(state, targets)
    zero_before = sum(1 for p in range(instance.n_people) if targets[p] and state.count[p] == 0)

    gained = improve_by_exchanges(state, targets)

    after = schedule_quality(state, targets)
    assert gained > 0
    assert after[0] == before[0]  # the same required meetings
    assert after[1:3] >= before[1:3]  # fairness: minimum, then 10th percentile
    assert abs(after[3] - before[3] - gained) < 1e-6
    assert sum(1 for p in range(instance.n_people) if targets[p] and state.count[p] == 0) <= zero_before
    assert all(state.count[p] <= instance.capacity[p] for p in range(instance.n_people))
    assert all(load <= instance.n_tables for load in state.load)
    assert all(instance.meeting_slots[e] >> state.slot_of[e] & 1 for e in state.placed())
