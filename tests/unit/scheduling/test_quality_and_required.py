"""The quality floor, closed slots and every feasible required meeting (proven otherwise)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from benchmarks.scheduling_b2b import shared_dir
from benchmarks.scheduling_instances import b2b_event
from matchmaker.core.scheduling import (
    Attendee,
    CandidateMeeting,
    FixedPlacement,
    Problem,
    Slot,
    Table,
    solve,
)
from matchmaker.core.scheduling.instance import build_instance
from matchmaker.core.scheduling.required import place_fixed, place_required
from matchmaker.core.scheduling.state import SlotState
from matchmaker.core.scheduling.unplaced import Unplaced
from matchmaker.formats.problem_file import read_problem_file
from tests.unit.scheduling.schedule_checks import hard_constraint_violations


def _shared_b2b(name: str) -> Path:
    folder = shared_dir()
    if folder is None or not (folder / name).is_file():
        pytest.skip(f"shared/b2b/{name} is not on this machine (set MATCHMAKER_B2B_DIR)")
    return folder / name


def _people(*ids: str) -> tuple[Attendee, ...]:
    return tuple(Attendee(i) for i in ids)


def test_optional_meetings_below_the_floor_are_never_scheduled_but_required_ones_are() -> None:
    problem = Problem(
        slots=(Slot("s1"), Slot("s2"), Slot("s3")),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("a", "b", "c", "d", "e"),
        meetings=(
            CandidateMeeting("a", "b", score=0.9),
            CandidateMeeting("a", "c", score=0.2),
            CandidateMeeting("d", "e", score=0.1, required=True),
            CandidateMeeting("c", "d", score=0.25),
        ),
        min_score=0.3,
    )

    schedule = solve(problem, time_limit=2)

    assert {(m.a, m.b) for m in schedule.meetings} == {("a", "b"), ("d", "e")}
    # c's only candidates are below the floor: c is not counted as left without a meeting.
    assert schedule.stats.zero_meeting_attendees == 0
    assert schedule.stats.attendees_without_candidates == 1
    assert schedule.stats.fairness_min == 1.0


def test_nothing_new_is_placed_in_a_closed_slot_and_fixed_meetings_there_stay() -> None:
    problem = Problem(
        slots=(Slot("s1", closed=True), Slot("s2", closed=True), Slot("s3"), Slot("s4")),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("a", "b", "c", "d"),
        meetings=(
            CandidateMeeting("a", "b", fixed=FixedPlacement("s1", "T1")),
            CandidateMeeting("c", "d", required=True),
            CandidateMeeting("a", "c", score=0.9),
            CandidateMeeting("b", "d", score=0.9),
            CandidateMeeting("a", "d", score=0.9),
        ),
    )

    schedule = solve(problem, time_limit=2)

    assert hard_constraint_violations(problem, schedule) == []
    assert ("a", "b", "s1") in {(m.a, m.b, m.slot) for m in schedule.meetings}
    assert all(m.slot in ("s3", "s4") for m in schedule.meetings if (m.a, m.b) != ("a", "b"))
    assert len(schedule.meetings) == 4


def test_a_required_meeting_whose_slots_all_started_says_so() -> None:
    problem = Problem(
        slots=(Slot("s1", closed=True), Slot("s2")),
        tables=(Table("T1"),),
        attendees=(Attendee("a"), Attendee("b", unavailable=frozenset({"s2"}))),
        meetings=(CandidateMeeting("a", "b", required=True),),
    )

    schedule = solve(problem, time_limit=2)

    reason = str(schedule.unscheduled[0].reason)
    assert reason.startswith("no slot left: the slots where a and b can both meet")


def test_every_required_meeting_of_forumt_14_is_placed() -> None:
    problem = read_problem_file(_shared_b2b("forumt-14.json"))

    schedule = solve(problem, time_limit=10)

    assert schedule.stats.required_scheduled == schedule.stats.required == 237
    assert hard_constraint_violations(problem, schedule) == []


@pytest.mark.parametrize(
    ("shape", "seed"), [((30, 110, 8, 16), 1), ((24, 80, 6, 14), 1), ((40, 120, 8, 16), 9)]
)
def test_every_required_meeting_is_placed_where_the_heuristic_leaves_some_out(
    shape: tuple[int, int, int, int], seed: int
) -> None:
    problem = b2b_event(*shape, seed=seed, forbidden_share=0.3, fixed_share=0.0)
    state = SlotState(build_instance(problem))
    place_fixed(state)
    assert place_required(state)  # the heuristic alone leaves meetings out on this event

    schedule = solve(problem, time_limit=10)

    assert schedule.unscheduled == ()
    assert hard_constraint_violations(problem, schedule) == []


def test_meetings_that_cannot_all_take_place_are_named_with_the_proof() -> None:
    # An odd cycle in two slots: each pair could meet, but not all three; d-e is unaffected.
    problem = Problem(
        slots=(Slot("s1"), Slot("s2")),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("a", "b", "c", "d", "e"),
        meetings=(
            CandidateMeeting("a", "b", required=True),
            CandidateMeeting("b", "c", required=True),
            CandidateMeeting("c", "a", required=True),
            CandidateMeeting("d", "e", required=True),
        ),
    )

    schedule = solve(problem, time_limit=3)

    assert schedule.stats.required_scheduled == 3
    [left] = schedule.unscheduled
    assert str(left.reason).startswith("a-b, b-c, c-a cannot all take place: an exact search proved")


def test_a_person_with_more_required_meetings_than_slots_is_named() -> None:
    problem = Problem(
        slots=(Slot("s1"), Slot("s2"), Slot("s3")),
        tables=(Table("T1"), Table("T2")),
        attendees=_people("a", "b", "c", "d", "e"),
        meetings=tuple(CandidateMeeting("a", x, required=True) for x in "bcde"),
    )

    schedule = solve(problem, time_limit=3)

    assert schedule.stats.required_scheduled == 3
    assert str(schedule.unscheduled[0].reason) == (
        "a has 4 required meetings (a-b, a-c, a-d, a-e) but only 3 slots where they could take place"
    )


def test_the_time_limit_counts_from_the_moment_given_as_started() -> None:
    problem = b2b_event(60, 220, 16, 16, seed=2, forbidden_share=0.3)
    began = time.perf_counter()

    schedule = solve(problem, time_limit=4.0, started=began - 3.0)

    assert time.perf_counter() - began < 2.5  # a second of the four was left when it began
    assert schedule.stats.seconds >= 3.0


def test_a_reason_is_data_with_the_english_sentence_for_the_cli() -> None:
    params = {"person": "7", "count": 2, "pairs": (("7", "8"), ("7", "9")), "slots": 1}
    reason = Unplaced("too_few_slots", params)

    assert str(reason) == "7 has 2 required meetings (7-8, 7-9) but only 1 slots where they could take place"
    as_json = {"code": "too_few_slots", "params": params | {"pairs": [["7", "8"], ["7", "9"]]}}
    assert reason.to_json() == as_json


def test_the_reason_for_a_required_meeting_counts_only_required_meetings() -> None:
    # b can only meet in s1, where b's fixed meeting with c already is; a has no required meeting at
    # all, but optional ones fill a's two slots once the required phase is over.
    problem = Problem(
        slots=(Slot("s1"), Slot("s2")),
        tables=(Table("T1"), Table("T2"), Table("T3")),
        attendees=(Attendee("a"), Attendee("b", unavailable=frozenset({"s2"})), *_people("c", "x", "y")),
        meetings=(
            CandidateMeeting("a", "b", required=True),
            CandidateMeeting("b", "c", fixed=FixedPlacement("s1")),
            CandidateMeeting("a", "x", score=0.9),
            CandidateMeeting("a", "y", score=0.9),
        ),
    )

    schedule = solve(problem, time_limit=3)

    [left] = schedule.unscheduled
    assert (left.a, left.b) == ("a", "b")
    assert str(left.reason) == (
        "no free common slot left: of the 1 slots both can meet in, a has other required meetings in 0, "
        "b in 1, and 0 have no table left"
    )


def test_over_the_maximum_is_said_only_of_a_maximum_the_person_has() -> None:
    # a has no maximum: its two required meetings fill its two slots, so a-d has no free slot left.
    problem = Problem(
        slots=(Slot("s1"), Slot("s2")),
        tables=(Table("T1"), Table("T2")),
        attendees=(*_people("a", "b", "c", "d"), Attendee("e", max_meetings=1), Attendee("f")),
        meetings=(
            CandidateMeeting("a", "b", required=True, score=0.9),
            CandidateMeeting("a", "c", required=True, score=0.9),
            CandidateMeeting("a", "d", required=True, score=0.1, allowed_slots=frozenset({"s2"})),
            CandidateMeeting("e", "b", required=True, allowed_slots=frozenset({"s1"})),
            CandidateMeeting("e", "f", required=True),
        ),
    )

    schedule = solve(problem, time_limit=3)

    reasons = {(u.a, u.b): str(u.reason) for u in schedule.unscheduled}
    assert not any("over the maximum" in r for pair, r in reasons.items() if "a" in pair), reasons
