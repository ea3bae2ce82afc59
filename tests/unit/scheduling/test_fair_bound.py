"""The reported bound against exhaustive search on tiny events, and the fairness it assumes."""

from __future__ import annotations

import itertools
import random

from matchmaker.core.scheduling import Attendee, CandidateMeeting, Problem, Slot, Table
from matchmaker.core.scheduling.bound import bound_of_halves, required_to_force
from matchmaker.core.scheduling.fairness import (
    Fairness,
    FairnessTarget,
    at_least_as_fair,
    fairness_of,
    floors_above,
    floors_at,
)
from matchmaker.core.scheduling.instance import Instance, build_instance
from matchmaker.core.scheduling.lp_bound import score_upper_bound
from matchmaker.core.scheduling.state import SlotState


def _tiny_event(seed: int, n_slots: int = 3, n_meetings: int = 8) -> Problem:
    # Ten people so that the 10th percentile is the second-lowest share, not the minimum.
    rng = random.Random(seed)
    slots = tuple(Slot(f"s{k + 1}") for k in range(n_slots))
    people = tuple(
        Attendee(
            f"p{i}",
            unavailable=frozenset({"s2"}) if rng.random() < 0.2 else frozenset(),
            max_meetings=rng.choice((1, 2, 3)),
        )
        for i in range(10)
    )
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < n_meetings:
        a, b = sorted(rng.sample(range(10), 2))
        pairs.add((a, b))
    meetings = tuple(
        CandidateMeeting(f"p{a}", f"p{b}", score=round(rng.random(), 3)) for a, b in sorted(pairs)
    )
    return Problem(slots, (Table("T1"), Table("T2"), Table("T3")), people, meetings)


def _every_schedule(instance: Instance) -> list[tuple[Fairness, float]]:
    """(fairness, score) of every feasible slot assignment, by brute force."""
    targets = instance.targets()
    options = [
        [-1] + [s for s in range(instance.n_slots) if instance.meeting_slots[e] >> s & 1]
        for e in range(instance.n_meetings)
    ]
    found = []
    for slots in itertools.product(*options):
        load = [0] * instance.n_slots
        busy: set[tuple[int, int]] = set()
        count = [0] * instance.n_people
        ok = True
        for e, s in enumerate(slots):
            if s < 0:
                continue
            load[s] += 1
            for p in (instance.meeting_a[e], instance.meeting_b[e]):
                count[p] += 1
                ok = ok and (p, s) not in busy and count[p] <= instance.capacity[p]
                busy.add((p, s))
        if ok and max(load) <= instance.n_tables:
            score = sum(instance.score[e] for e, s in enumerate(slots) if s >= 0)
            found.append((fairness_of(count, targets), score))
    return found


def _bound(instance: Instance, fair: Fairness) -> float:
    targets = instance.targets()
    same, higher = (score_upper_bound(instance, **t.constraints(targets)) for t in at_least_as_fair(fair))
    return bound_of_halves(same, higher)


TINY_EVENTS = [(seed, 2, 11) for seed in range(10)] + [(seed, 3, 8) for seed in range(10)]


def test_fair_bound_is_at_least_every_schedule_as_fair_and_often_exact_on_tiny_events() -> None:
    levels = with_share_above_minimum = exact = 0
    for seed, n_slots, n_meetings in TINY_EVENTS:
        instance = build_instance(_tiny_event(seed, n_slots, n_meetings))
        schedules = _every_schedule(instance)
        for fair in {f for f, _ in schedules}:
            best = max(score for f, score in schedules if f >= fair)
            bound = _bound(instance, fair)

            assert bound >= best - 1e-6, (seed, n_slots, fair)
            levels += 1
            with_share_above_minimum += fair.p10 > fair.minimum
            exact += bound < best + 1e-6

    assert with_share_above_minimum >= 3
    assert exact >= 0.85 * levels


def test_share_floors_do_not_count_someone_one_meeting_short_as_nearly_there() -> None:
    # A ring of ten people, nine table places in all: 9 meetings give 18 attendances, but "everyone
    # at least one, nine of ten at two" needs 10 + 9 = 19. With count >= 2 y the LP would spread
    # 1.8 meetings over everyone (y = 0.9 each) and call it feasible; count >= 1 + y sees through it.
    people = tuple(Attendee(f"p{i}", max_meetings=2) for i in range(10))
    ring = tuple(CandidateMeeting(f"p{i}", f"p{(i + 1) % 10}") for i in range(10))
    problem = Problem(
        tuple(Slot(f"s{k}") for k in range(3)), tuple(Table(f"T{t}") for t in range(3)), people, ring
    )
    instance = build_instance(problem)

    lp = score_upper_bound(instance, **FairnessTarget(0.5, p10=1.0).constraints(instance.targets()))

    assert lp.proven and not lp.floors_kept  # proven infeasible with those floors


def test_floors_are_exact_at_fractional_shares() -> None:
    targets = [9, 6, 0, 7]

    assert floors_at(targets, 5 / 9) == {0: 5, 1: 4, 3: 4}
    assert floors_above(targets, 5 / 9) == {0: 6, 1: 4, 3: 4}
    assert floors_above(targets, 0.5) == {0: 5, 1: 4, 3: 4}


def test_fairness_of_reads_the_10th_percentile_above_the_minimum() -> None:
    counts = [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0]
    targets = [2, 4, 2, 2, 2, 2, 2, 2, 2, 2, 0]  # the last person has no candidates

    assert fairness_of(counts, targets) == Fairness(0.5, 0.5)
    assert fairness_of([1, 4, *counts[2:]], targets) == Fairness(0.5, 1.0)


def test_a_required_meeting_with_no_common_slot_does_not_stop_the_others_being_forced() -> None:
    # p0-p1 are required and meet in s1; p2-p3 are required but never there at the same time: no
    # schedule places them, so every schedule as good on required meetings places p0-p1.
    people = (
        Attendee("p0"),
        Attendee("p1"),
        Attendee("p2", unavailable=frozenset({"s2"})),
        Attendee("p3", unavailable=frozenset({"s1"})),
    )
    meetings = (
        CandidateMeeting("p0", "p1", score=0.5, required=True),
        CandidateMeeting("p2", "p3", score=0.5, required=True),
        CandidateMeeting("p0", "p2", score=0.9),
    )
    state = SlotState(build_instance(Problem((Slot("s1"), Slot("s2")), (Table("T1"),), people, meetings)))
    state.place(0, 0)

    assert required_to_force(state) == [0]
    state.remove(0)
    assert required_to_force(state) == []  # a possible required meeting is out: nothing is forced
