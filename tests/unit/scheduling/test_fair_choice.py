"""Re-choosing optional meetings by fairness-constrained LPs (matchmaker.core.scheduling.fair_choice)."""

from __future__ import annotations

import time

import numpy as np
import pytest

from benchmarks.scheduling_instances import synthetic_fair
from matchmaker.core.scheduling import Problem, solve
from matchmaker.core.scheduling.bound import BoundInBackground, required_to_force
from matchmaker.core.scheduling.fair_choice import SolvedLps, raise_fairness
from matchmaker.core.scheduling.fairness import schedule_quality
from matchmaker.core.scheduling.instance import build_instance
from matchmaker.core.scheduling.required import place_fixed, place_required
from matchmaker.core.scheduling.selection import place_optional, value_order
from matchmaker.core.scheduling.state import SlotState


@pytest.fixture(scope="module")
def fair() -> Problem:
    return synthetic_fair(300, seed=1)


def _score_order_schedule(problem: Problem) -> SlotState:
    """Required meetings, then optional ones in score order with the fairness exchanges."""
    instance = build_instance(problem)
    state = SlotState(instance)
    place_fixed(state)
    place_required(state)
    optional = [e for e in range(instance.n_meetings) if not instance.must[e] and instance.meeting_slots[e]]
    order = value_order(instance, optional, np.zeros(instance.n_meetings))
    place_optional(state, order, [False] * instance.n_meetings, instance.targets(), compact=False)
    return state


def test_raise_fairness_improves_a_score_order_schedule_on_the_objectives_in_order(fair: Problem) -> None:
    state = _score_order_schedule(fair)
    targets = state.instance.targets()
    before = schedule_quality(state, targets)

    kept = raise_fairness(
        state, SolvedLps(state.instance, targets, required_to_force(state)), 8, time.perf_counter() + 60
    )

    after = schedule_quality(state, targets)
    assert kept > 0
    assert after > before
    assert after[0] == before[0]  # every required meeting still placed
    assert all(state.count[p] <= state.instance.capacity[p] for p in range(state.instance.n_people))
    assert all(load <= state.instance.n_tables for load in state.load)


def test_raise_fairness_with_no_lp_budget_changes_nothing(fair: Problem) -> None:
    state = _score_order_schedule(fair)
    before = state.snapshot()

    raise_fairness(
        state, SolvedLps(state.instance, state.instance.targets(), []), 0, time.perf_counter() + 60
    )

    assert state.snapshot() == before


def test_solve_reaches_its_fairness_constrained_bound_on_a_small_fair(fair: Problem) -> None:
    # Without the LP-guided re-choice the fairness exchanges leave ~3% of the bound on the table.
    stats = solve(fair, time_limit=10).stats

    assert stats.upper_bound is not None
    assert stats.zero_meeting_attendees == 0
    assert stats.score >= 0.995 * stats.upper_bound


def test_bound_cut_short_by_the_deadline_is_weaker_but_still_valid(fair: Problem) -> None:
    state = _score_order_schedule(fair)
    inst, targets = state.instance, state.instance.targets()
    score = sum(inst.score[e] for e in state.placed())

    cut = BoundInBackground(state, SolvedLps(inst, targets, []), time.perf_counter() - 1).value()
    full = BoundInBackground(state, SolvedLps(inst, targets, []), time.perf_counter() + 60).value()

    assert cut is not None and full is not None
    assert cut > full >= score
