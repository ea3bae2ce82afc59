from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from matchmaker.core.scheduling import FixedPlacement, ProblemError, solve
from matchmaker.formats.problem_file import problem_from_json, read_problem_file, schedule_to_json


def _document(**changes: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "slots": [
            {
                "id": "d1-01",
                "day": "d1",
                "start": "2026-05-12T09:00:00+02:00",
                "end": "2026-05-12T09:20:00+02:00",
            },
            {
                "id": "d1-02",
                "day": "d1",
                "start": "2026-05-12T09:20:00+02:00",
                "end": "2026-05-12T09:40:00+02:00",
            },
            {"id": "d1-03", "day": "d1"},
        ],
        "tables": [{"id": "T01"}, {"id": "T02"}],
        "attendees": [{"id": "p1", "unavailable": ["d1-03"], "max_meetings": 8}, {"id": "p2"}, {"id": "p3"}],
        "meetings": [
            {
                "a": "p1",
                "b": "p2",
                "score": 0.83,
                "required": False,
                "slots": ["d1-01", "d1-02"],
                "fixed": {"slot": "d1-01", "table": "T01"},
            },
            {"a": "p2", "b": "p3"},
        ],
        "objective": {"gaps": "minimize"},
    }
    document.update(changes)
    return document


def test_problem_from_json_reads_every_field_and_applies_defaults() -> None:
    problem = problem_from_json(_document())

    first, second = problem.meetings
    assert first.allowed_slots == frozenset({"d1-01", "d1-02"})
    assert first.fixed == FixedPlacement("d1-01", "T01")
    assert (second.score, second.required, second.allowed_slots, second.fixed) == (1.0, False, None, None)
    assert problem.attendees[0].unavailable == frozenset({"d1-03"})
    assert problem.attendees[1].max_meetings is None
    assert problem.minimize_gaps is True


def test_problem_from_json_puts_slots_without_day_on_the_date_they_start() -> None:
    # Two afternoons' and mornings' slots with times but no day: not one day with a night-long gap.
    times = [("a1", "2026-05-11T16:00"), ("a2", "2026-05-11T16:30"), ("b1", "2026-05-12T09:00")]
    problem = problem_from_json(
        _document(
            slots=[{"id": i, "start": f"{t}:00+02:00"} for i, t in times],
            attendees=[{"id": "p2"}, {"id": "p3"}],
            meetings=[{"a": "p2", "b": "p3"}],
        )
    )

    assert [slot.day for slot in problem.slots] == ["2026-05-11", "2026-05-11", "2026-05-12"]


def test_problem_from_json_treats_slots_without_day_as_one_day() -> None:
    problem = problem_from_json(
        _document(
            slots=[{"id": "a"}, {"id": "b"}, {"id": "d1-03"}],
            meetings=[{"a": "p2", "b": "p3"}],
            objective={"gaps": "ignore"},
        )
    )

    assert {slot.day for slot in problem.slots} == {""}
    assert problem.minimize_gaps is False


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"meetings": [{"a": "p1", "b": "p9"}]}, "meeting #1 (p1-p9): unknown attendee 'p9'"),
        ({"meetings": [{"a": "p1", "b": "p1"}]}, "meeting #1 (p1-p1): an attendee cannot meet themself"),
        ({"meetings": [{"a": "p1", "b": "p2", "slots": ["zz"]}]}, "meeting #1 (p1-p2): unknown slot 'zz'"),
        ({"attendees": [{"id": "p1"}, {"id": "p1"}]}, "duplicate attendee id 'p1'"),
        (
            {"meetings": [{"a": "p1", "b": "p2", "slots": ["d1-02"], "fixed": {"slot": "d1-01"}}]},
            "fixed slot 'd1-01' is outside its allowed slots",
        ),
        ({"meetings": [{"a": "p1", "b": "p2", "score": "high"}]}, "'score' must be a finite number"),
        ({"attendees": [{"id": "p1", "max_meetings": -1}]}, "attendee 'p1': 'max_meetings' must be"),
        ({"tables": "T01"}, "'tables' must be a list"),
        ({"objective": {"gaps": "maximize"}}, "objective.gaps must be one of minimize, ignore"),
        (
            {
                "slots": [
                    {"id": "x", "start": "2026-05-12T10:00:00+02:00"},
                    {"id": "y", "start": "2026-05-12T09:00:00+02:00"},
                ]
            },
            "slots must be listed in time order",
        ),
        ({"slots": [{"id": "x", "start": "noon"}]}, "'noon' is not an ISO 8601 date-time"),
        (
            {
                "slots": [
                    {"id": "x", "start": "2026-05-12T09:00:00+02:00", "end": "2026-05-12T09:30:00+02:00"},
                    {"id": "y", "start": "2026-05-12T09:15:00+02:00", "end": "2026-05-12T09:45:00+02:00"},
                ]
            },
            "slot 'y': starts before slot 'x' ends (they overlap)",
        ),
        (
            {"slots": [{"id": "x", "start": "2026-05-12T09:00:00+02:00", "end": "2026-05-12T09:20:00"}]},
            "slot 'x': mixes times with and without a UTC offset",
        ),
        ({"meetings": [{"a": "p1", "b": "p2", "score": 10**400}]}, "'score' must be a finite number"),
        ({"objective": {"min_score": 10**400}}, "objective.min_score must be a number"),
        # Meetings with nowhere to go: the reasons read "never both available" / "all tables are taken".
        ({"slots": []}, "the problem has meetings but no slots"),
        ({"tables": []}, "the problem has meetings but no tables"),
        # A negative score: the solver placed the meeting though it lowers the total (-5.00, bound 0.00).
        ({"meetings": [{"a": "p1", "b": "p2", "score": -5}]}, "'score' must be a finite number, at least 0"),
    ],
)
def test_problem_from_json_rejects_invalid_input_naming_the_entry(
    changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ProblemError) as raised:
        problem_from_json(_document(**changes))

    assert message in str(raised.value)


def test_read_problem_file_reports_broken_json_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text('{"slots": [\n', encoding="utf-8")

    with pytest.raises(ProblemError, match=r"not valid JSON: .* at line 2"):
        read_problem_file(path)


def test_read_problem_file_reports_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_bytes(json.dumps(_document(tables=[{"id": "Tü"}]), ensure_ascii=False).encode("latin-1"))

    with pytest.raises(ProblemError, match=r"not UTF-8 text \(byte \d+ is not UTF-8\)"):
        read_problem_file(path)


def test_read_problem_file_reports_json_nested_too_deeply(tmp_path: Path) -> None:
    path = tmp_path / "problem.json"
    path.write_text('{"slots": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")

    with pytest.raises(ProblemError, match="nested too deeply"):
        read_problem_file(path)


def test_schedule_to_json_has_the_documented_shape() -> None:
    problem = problem_from_json(_document())

    document = schedule_to_json(solve(problem, time_limit=2))

    assert set(document) == {"meetings", "unscheduled", "stats"}
    assert {"a": "p1", "b": "p2", "slot": "d1-01", "table": "T01"} in document["meetings"]
    assert {
        "required",
        "scheduled",
        "score",
        "upper_bound",
        "zero_meeting_attendees",
        "idle_gaps",
        "seconds",
    } <= set(document["stats"])
    json.dumps(document, allow_nan=False)  # strictly valid JSON
