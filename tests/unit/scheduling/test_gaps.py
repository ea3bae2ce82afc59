from __future__ import annotations

import pytest

from benchmarks.scheduling_exact import exact_required_gaps
from benchmarks.scheduling_instances import b2b_event
from matchmaker.core.scheduling import solve
from matchmaker.core.scheduling.gaps import day_gaps, person_gaps


def _mask(*slots: int) -> int:
    return sum(1 << s for s in slots)


ALL = _mask(*range(8))


@pytest.mark.parametrize(
    ("busy", "available", "gaps"),
    [
        (_mask(0, 1, 2), ALL, 0),
        (_mask(0, 2), ALL, 1),
        (_mask(0, 3, 4, 7), ALL, 2),
        (_mask(0, 2), ALL & ~_mask(1), 0),  # the slot between is unavailable: not waiting
        (_mask(0, 3), ALL & ~_mask(1), 1),
        (_mask(5), ALL, 0),
    ],
)
def test_day_gaps_counts_waits_between_consecutive_meetings(busy: int, available: int, gaps: int) -> None:
    assert day_gaps(busy, available) == gaps


def test_person_gaps_does_not_count_the_night_between_two_days() -> None:
    morning, afternoon = _mask(0, 1, 2, 3), _mask(4, 5, 6, 7)

    assert person_gaps(_mask(3, 4), ALL, [morning, afternoon]) == 0
    assert person_gaps(_mask(0, 3), ALL, [morning, afternoon]) == 1


@pytest.mark.parametrize("seed", [1, 2])
def test_solve_matches_the_exact_optimum_on_a_small_event(seed: int) -> None:
    event = b2b_event(24, 60, 8, 8, seed=seed, forbidden_share=0.3)
    exact = exact_required_gaps(event, time_limit=20)
    assert exact.optimal

    schedule = solve(event, time_limit=5, seed=seed)

    assert schedule.unscheduled == ()
    assert schedule.stats.idle_gaps == exact.gaps
