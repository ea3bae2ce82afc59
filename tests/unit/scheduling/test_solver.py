from __future__ import annotations

import pytest

from benchmarks.scheduling_baseline import naive_greedy
from benchmarks.scheduling_instances import b2b_event, synthetic_fair
from matchmaker.core.scheduling import (
    Attendee,
    CandidateMeeting,
    FixedPlacement,
    Problem,
    Progress,
    Slot,
    Table,
    for_full_replan,
    solve,
)
from tests.unit.scheduling.schedule_checks import hard_constraint_violations


def _slots(n: int, day: str = "d1") -> tuple[Slot, ...]:
    return tuple(Slot(f"s{i + 1}", day) for i in range(n))


def _people(*ids: str, **maximum: int) -> tuple[Attendee, ...]:
    return tuple(Attendee(i, max_meetings=maximum.get(i)) for i in ids)


@pytest.fixture(scope="module")
def small_fair() -> Problem:
    return synthetic_fair(150, seed=3)


def test_solve_keeps_every_hard_constraint_on_a_small_fair(small_fair: Problem) -> None:
    schedule = solve(small_fair, time_limit=3, seed=1)

    assert hard_constraint_violations(small_fair, schedule) == []
    assert schedule.unscheduled == ()
    assert schedule.stats.zero_meeting_attendees == 0


def test_solve_scores_no_more_than_its_upper_bound(small_fair: Problem) -> None:
    stats = solve(small_fair, time_limit=3).stats

    assert stats.upper_bound is not None
    assert 0 < stats.score <= stats.upper_bound + 1e-6


@pytest.mark.parametrize("kind", ["fair, gaps ignored", "tight event"])
def test_solve_gives_the_same_schedule_for_the_same_seed(small_fair: Problem, kind: str) -> None:
    # Both finish their work budget well inside the limit, so the wall clock never cuts them short.
    if kind == "tight event":
        problem = b2b_event(40, 120, 8, 16, seed=1, forbidden_share=0.3)
    else:
        problem = Problem(
            small_fair.slots,
            small_fair.tables,
            small_fair.attendees,
            small_fair.meetings,
            minimize_gaps=False,
        )

    first = solve(problem, time_limit=20, seed=7)
    second = solve(problem, time_limit=20, seed=7)

    assert first.meetings == second.meetings


def test_solve_leaves_far_fewer_idle_gaps_than_the_naive_greedy(small_fair: Problem) -> None:
    from benchmarks.scheduling_baseline import idle_gaps

    naive = idle_gaps(small_fair, naive_greedy(small_fair))

    # A generous limit: the work budget (not the clock) ends the search even on a busy machine.
    assert solve(small_fair, time_limit=10).stats.idle_gaps <= naive // 2


def test_solve_schedules_every_meeting_of_a_tight_event_where_greedy_fails() -> None:
    event = b2b_event(40, 120, 8, 16, seed=1, forbidden_share=0.3)
    assert len(naive_greedy(event)) < len(event.meetings)  # the event is genuinely tight

    schedule = solve(event, time_limit=3)

    assert schedule.stats.required_scheduled == len(event.meetings)
    assert hard_constraint_violations(event, schedule) == []


def test_solve_keeps_fixed_meetings_at_their_slot_and_table() -> None:
    problem = Problem(
        slots=_slots(3),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("a", "b", "c", "d"),
        meetings=(
            CandidateMeeting("a", "b", fixed=FixedPlacement("s2", "T2")),
            CandidateMeeting("c", "d", fixed=FixedPlacement("s2")),
            CandidateMeeting("a", "c", score=5),
        ),
    )

    placed = {(m.a, m.b): (m.slot, m.table) for m in solve(problem, time_limit=2).meetings}

    assert placed[("a", "b")] == ("s2", "T2")
    assert placed[("c", "d")] == ("s2", "T1")
    assert placed[("a", "c")][0] != "s2"


def test_solve_explains_a_required_meeting_without_a_common_free_slot() -> None:
    problem = Problem(
        slots=_slots(2),
        tables=(Table("T1"),),
        attendees=(
            Attendee("a", unavailable=frozenset({"s1"})),
            Attendee("b", unavailable=frozenset({"s2"})),
        ),
        meetings=(CandidateMeeting("a", "b", required=True),),
    )

    schedule = solve(problem, time_limit=2)

    assert [(u.a, u.b) for u in schedule.unscheduled] == [("a", "b")]
    assert "no common free slot" in str(schedule.unscheduled[0].reason)


def test_solve_explains_a_required_meeting_over_the_maximum() -> None:
    problem = Problem(
        slots=_slots(3),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("a", "b", "c", a=1),
        meetings=(CandidateMeeting("a", "b", required=True), CandidateMeeting("a", "c", required=True)),
    )

    schedule = solve(problem, time_limit=2)

    assert len(schedule.meetings) == 1
    reason = str(schedule.unscheduled[0].reason)
    assert reason == "a has 2 required meetings (a-b, a-c), more than the maximum of 1"


def test_solve_explains_a_required_meeting_without_a_table() -> None:
    problem = Problem(
        slots=_slots(1),
        tables=(Table("T1"),),
        attendees=_people("a", "b", "c", "d"),
        meetings=(CandidateMeeting("a", "b", required=True), CandidateMeeting("c", "d", required=True)),
    )

    schedule = solve(problem, time_limit=2)

    assert len(schedule.meetings) == 1
    assert str(schedule.unscheduled[0].reason).startswith("no table")


def test_solve_reports_a_fixed_meeting_that_clashes_with_another() -> None:
    problem = Problem(
        slots=_slots(2),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("a", "b", "c"),
        meetings=(
            CandidateMeeting("a", "b", fixed=FixedPlacement("s1")),
            CandidateMeeting("a", "c", fixed=FixedPlacement("s1")),
        ),
    )

    schedule = solve(problem, time_limit=2)

    assert [(m.a, m.b, m.slot) for m in schedule.meetings] == [("a", "b", "s1")]
    assert str(schedule.unscheduled[0].reason) == "a already has fixed meeting a-b in slot s1"


def test_solve_gives_a_meeting_to_someone_a_score_greedy_would_leave_out() -> None:
    # x can meet once; by score alone x meets y and z gets nothing, fairness gives x to z.
    problem = Problem(
        slots=_slots(2),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("x", "y", "z", "w", x=1),
        meetings=(
            CandidateMeeting("x", "y", score=0.9),
            CandidateMeeting("x", "z", score=0.1),
            CandidateMeeting("y", "w", score=0.8),
        ),
    )

    schedule = solve(problem, time_limit=2)

    assert {(m.a, m.b) for m in schedule.meetings} == {("x", "z"), ("y", "w")}
    assert schedule.stats.zero_meeting_attendees == 0


def test_solve_packs_a_persons_meetings_without_idle_gaps_when_possible() -> None:
    problem = Problem(
        slots=_slots(6),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("hub", "a", "b", "c"),
        meetings=tuple(CandidateMeeting("hub", p, required=True) for p in ("a", "b", "c")),
    )

    schedule = solve(problem, time_limit=2)

    slots = sorted(int(m.slot[1:]) for m in schedule.meetings)
    assert schedule.stats.idle_gaps == 0
    assert slots == list(range(slots[0], slots[0] + 3))


def test_solve_reports_progress_up_to_done(small_fair: Problem) -> None:
    seen: list[tuple[float, Progress]] = []

    solve(small_fair, time_limit=3, on_progress=lambda fraction, best: seen.append((fraction, best)))

    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert seen[-1][1].scheduled > 0


def test_solve_stops_early_when_cancelled_and_still_returns_a_valid_schedule(small_fair: Problem) -> None:
    schedule = solve(small_fair, time_limit=30, should_stop=lambda: True)

    assert hard_constraint_violations(small_fair, schedule) == []
    assert schedule.stats.required_scheduled == schedule.stats.required


def test_solve_with_gaps_ignored_still_keeps_the_constraints(small_fair: Problem) -> None:
    problem = Problem(
        small_fair.slots, small_fair.tables, small_fair.attendees, small_fair.meetings, minimize_gaps=False
    )

    schedule = solve(problem, time_limit=3)

    assert hard_constraint_violations(problem, schedule) == []


def test_full_replan_may_move_a_published_meeting_that_a_normal_rerun_keeps() -> None:
    # The published a-b sits in s1 and blocks c's only slot with a; a re-plan moves a-b to s2.
    problem = Problem(
        slots=_slots(2),
        tables=(Table("T1"), Table("T2")),
        attendees=(Attendee("a"), Attendee("b"), Attendee("c", unavailable=frozenset({"s2"}))),
        meetings=(
            CandidateMeeting("a", "b", fixed=FixedPlacement("s1")),
            CandidateMeeting("a", "c", required=True),
        ),
    )

    kept = solve(problem, time_limit=2)
    replanned = solve(for_full_replan(problem), time_limit=2)

    assert [(m.a, m.b, m.slot) for m in kept.meetings] == [("a", "b", "s1")]
    assert kept.unscheduled[0].b == "c"
    assert {(m.a, m.b, m.slot) for m in replanned.meetings} == {("a", "c", "s1"), ("a", "b", "s2")}
