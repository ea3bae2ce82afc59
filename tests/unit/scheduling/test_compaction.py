"""Agenda compaction (matchmaker.core.scheduling.compaction): fewer gaps, same meetings, valid slots."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.scheduling_instances import synthetic_fair
from matchmaker.core.scheduling import Attendee, CandidateMeeting, Problem, Slot, Table
from matchmaker.core.scheduling.compaction import Compactor
from matchmaker.core.scheduling.instance import build_instance
from matchmaker.core.scheduling.required import place_fixed, place_required
from matchmaker.core.scheduling.selection import place_optional, value_order
from matchmaker.core.scheduling.state import UNPLACED, SlotState


def _placed_fair() -> SlotState:
    instance = build_instance(synthetic_fair(200, seed=5))
    state = SlotState(instance)
    place_fixed(state)
    place_required(state)
    optional = [e for e in range(instance.n_meetings) if not instance.must[e]]
    order = value_order(instance, optional, np.zeros(instance.n_meetings))
    place_optional(state, order, [False] * instance.n_meetings, instance.targets(), compact=False)
    return state


def test_compactor_ends_at_its_best_assignment_with_the_same_meetings() -> None:
    state = _placed_fair()
    inst = state.instance
    chosen = {e for e, s in enumerate(state.slot_of) if s != UNPLACED}
    before = state.total_gaps()

    total = Compactor(state, [True] * inst.n_meetings, seed=3).run(3000)

    assert total == state.total_gaps() < before
    assert {e for e, s in enumerate(state.slot_of) if s != UNPLACED} == chosen
    assert all(load <= inst.n_tables for load in state.load)
    for p in range(inst.n_people):
        slots = [state.slot_of[e] for e in inst.incident[p] if state.slot_of[e] != UNPLACED]
        assert len(slots) == len(set(slots))
        assert all(inst.available[p] >> s & 1 for s in slots)


@pytest.mark.parametrize("seed", [1, 2])
def test_compactor_stopped_while_hot_goes_back_to_the_best_assignment_seen(seed: int) -> None:
    # A long budget keeps the temperature high when the stop comes after ~1,000 steps, so the
    # assignment at that moment is worse than the best seen, and the moves since are undone.
    state = _placed_fair()
    compactor = Compactor(state, [True] * state.instance.n_meetings, seed=seed)
    calls = iter(range(10**6))

    total = compactor.run(100_000, should_stop=lambda: next(calls) >= 2)

    assert total == state.total_gaps() == compactor.best_total


def test_compactor_gives_the_same_agendas_for_the_same_seed() -> None:
    first, second = _placed_fair(), _placed_fair()
    movable = [True] * first.instance.n_meetings

    Compactor(first, movable, seed=9).run(2000)
    Compactor(second, movable, seed=9).run(2000)

    assert first.slot_of == second.slot_of


def _assert_valid(state: SlotState, chosen: set[int]) -> None:
    """Same meetings, no one twice in a slot, tables within capacity, slots allowed and available."""
    inst = state.instance
    assert {e for e, s in enumerate(state.slot_of) if s != UNPLACED} == chosen
    load = [0] * inst.n_slots
    for e, s in enumerate(state.slot_of):
        if s != UNPLACED:
            load[s] += 1
            assert inst.meeting_slots[e] >> s & 1
    assert load == state.load
    assert all(n <= inst.n_tables for n in load)
    for p in range(inst.n_people):
        slots = [state.slot_of[e] for e in inst.incident[p] if state.slot_of[e] != UNPLACED]
        assert len(slots) == len(set(slots))
        assert all(inst.available[p] >> s & 1 for s in slots)
        assert state.busy[p] == sum(1 << s for s in slots)


def _full_tables_state() -> SlotState:
    # One table, three slots: A meets B in s1 and C in s3 (a gap in s2), D meets E in s2. Every
    # single-meeting move and every Kempe chain puts a second meeting into a slot with one table.
    slots = tuple(Slot(f"s{i}", "d1") for i in (1, 2, 3))
    people = tuple(Attendee(i) for i in "ABCDE")
    meetings = (CandidateMeeting("A", "B"), CandidateMeeting("A", "C"), CandidateMeeting("D", "E"))
    state = SlotState(build_instance(Problem(slots, (Table("T1"),), people, meetings)))
    for e, s in enumerate((0, 2, 1)):
        state.place(e, s)
    return state


def test_a_move_into_a_full_slot_takes_a_meeting_of_that_slot_the_other_way() -> None:
    stuck, balanced = _full_tables_state(), _full_tables_state()

    assert stuck.total_gaps() == 1
    Compactor(stuck, [True] * 3, seed=0).run(200)
    Compactor(balanced, [True] * 3, seed=0, balance=4).run(200)

    assert stuck.total_gaps() == 1
    assert balanced.total_gaps() == 0
    _assert_valid(balanced, {0, 1, 2})


def test_the_balancing_meeting_is_never_a_fixed_one() -> None:
    state = _full_tables_state()
    movable = [True, True, False]  # D-E is fixed in s2: nothing can close A's gap

    Compactor(state, movable, seed=0, balance=4).run(200)

    assert state.slot_of[2] == 1
    assert state.total_gaps() == 1


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_balanced_moves_keep_schedules_valid_and_never_end_with_more_gaps(seed: int) -> None:
    # Two tables fewer than the meetings need per slot on average: every slot ends up full.
    problem = synthetic_fair(200, seed=seed)
    tight = Problem(problem.slots, problem.tables[:20], problem.attendees, problem.meetings)
    state = SlotState(build_instance(tight))
    inst = state.instance
    place_fixed(state)
    place_required(state)
    optional = [e for e in range(inst.n_meetings) if not inst.must[e]]
    order = value_order(inst, optional, np.zeros(inst.n_meetings))
    place_optional(state, order, [False] * inst.n_meetings, inst.targets(), compact=False)
    assert all(n == inst.n_tables for n in state.load)
    chosen = {e for e, s in enumerate(state.slot_of) if s != UNPLACED}
    movable = [e % 7 != 0 for e in range(inst.n_meetings)]  # some meetings stay where they are
    fixed = {e: state.slot_of[e] for e in chosen if not movable[e]}
    before = state.total_gaps()
    plain = SlotState(inst)
    plain.restore(state.snapshot())

    total = Compactor(state, movable, seed=seed, balance=8).run(4000)
    Compactor(plain, movable, seed=seed).run(4000)

    assert total == state.total_gaps() <= before
    assert total < plain.total_gaps()
    assert all(state.slot_of[e] == s for e, s in fixed.items())
    _assert_valid(state, chosen)


class _Clock:
    """A fake ``time.perf_counter`` that advances by ``tick`` at every reading."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


@pytest.mark.parametrize("seed", [1, 2])
def test_a_run_ended_by_its_time_cools_down_by_then(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # The clock is read every 64 steps, so 0.1 s at 1 ms a reading is ~6,400 steps of a budget of
    # 10**7: cooled by its time, the run ends as cold as a finished one, and with fewer gaps than the
    # same run stopped after as many steps at the temperature of its step budget (still hot).
    monkeypatch.setattr("matchmaker.core.scheduling.compaction.time.perf_counter", _Clock(0.001))
    cooled, hot = _placed_fair(), _placed_fair()
    movable = [True] * cooled.instance.n_meetings
    calls = iter(range(10**6))

    total = Compactor(cooled, movable, seed=seed).run(10**7, seconds=0.1)
    # should_stop is asked every 512 steps: 13 calls stop it after ~6,600 steps.
    hot_total = Compactor(hot, movable, seed=seed).run(10**7, should_stop=lambda: next(calls) >= 13)

    assert total == cooled.total_gaps() < hot_total
    _assert_valid(cooled, {e for e, s in enumerate(hot.slot_of) if s != UNPLACED})
