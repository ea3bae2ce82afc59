from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from matchmaker.cli import main


def _write(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "PROBLEM.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _event(required_second: bool = False) -> dict[str, Any]:
    # One slot and one table: only one of the two required meetings can take place.
    return {
        "slots": [{"id": "s1"}, {"id": "s2"}],
        "tables": [{"id": "T1"}],
        "attendees": [
            {"id": "a"},
            {"id": "b", "unavailable": ["s2"]},
            {"id": "c"},
            {"id": "d", "unavailable": ["s2"]},
        ],
        "meetings": [
            {"a": "a", "b": "b", "required": True},
            {"a": "c", "b": "d", "required": required_second},
            {"a": "a", "b": "c", "score": 0.5},
        ],
    }


def test_solve_command_writes_the_schedule_and_exits_zero(tmp_path: Path) -> None:
    out = tmp_path / "SCHEDULE.json"

    result = CliRunner().invoke(
        main,
        ["solve", str(_write(tmp_path, _event())), "--out", str(out), "--time-limit", "2", "--seed", "3"],
    )

    assert result.exit_code == 0, result.output
    schedule = json.loads(out.read_text(encoding="utf-8"))
    assert {"a": "a", "b": "b", "slot": "s1", "table": "T1"} in schedule["meetings"]
    assert schedule["unscheduled"] == []
    assert "scheduled 2 meetings (1/1 required)" in result.output


def test_solve_command_exits_three_and_names_the_meeting_left_out(tmp_path: Path) -> None:
    out = tmp_path / "SCHEDULE.json"

    result = CliRunner().invoke(
        main,
        [
            "solve",
            str(_write(tmp_path, _event(required_second=True))),
            "--out",
            str(out),
            "--time-limit",
            "2",
        ],
    )

    assert result.exit_code == 3
    unscheduled = json.loads(out.read_text(encoding="utf-8"))["unscheduled"]
    assert [(u["a"], u["b"]) for u in unscheduled] == [("c", "d")]
    assert unscheduled[0]["reason"].startswith("no table")
    assert "not scheduled: c-d: no table" in result.output


def test_solve_command_rejects_invalid_input_and_writes_nothing(tmp_path: Path) -> None:
    document = _event()
    document["meetings"].append({"a": "a", "b": "zed"})
    out = tmp_path / "SCHEDULE.json"

    result = CliRunner().invoke(main, ["solve", str(_write(tmp_path, document)), "--out", str(out)])

    assert result.exit_code == 2
    assert "error: " in result.output
    assert "meeting #4 (a-zed): unknown attendee 'zed'" in result.output
    assert not out.exists()


def test_solve_command_refuses_a_huge_integer_score_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "PROBLEM.json"
    path.write_text(json.dumps(_event()).replace('"score": 0.5', '"score": 1' + "0" * 400), encoding="utf-8")
    out = tmp_path / "SCHEDULE.json"

    result = CliRunner().invoke(main, ["solve", str(path), "--out", str(out)])

    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: {path}: meeting #3 (a-c): 'score' must be a finite number, at least 0"
    ]
    assert not out.exists()


@pytest.mark.parametrize("limit", ["inf", "1e308", "nan"])
def test_solve_command_refuses_a_time_limit_that_is_no_number_of_seconds(tmp_path: Path, limit: str) -> None:
    out = tmp_path / "SCHEDULE.json"

    result = CliRunner().invoke(
        main, ["solve", str(_write(tmp_path, _event())), "--out", str(out), "--time-limit", limit]
    )

    assert result.exit_code == 2
    assert "Invalid value for '--time-limit'" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


def test_solve_command_reports_a_missing_problem_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["solve", str(tmp_path / "nope.json"), "--out", str(tmp_path / "o.json")]
    )

    assert result.exit_code == 2
    assert "nope.json: cannot read the file" in result.output


def test_solve_command_counts_its_time_limit_from_the_process_start(tmp_path: Path) -> None:
    import time

    from benchmarks.scheduling_instances import b2b_event

    problem = b2b_event(60, 220, 16, 16, seed=2, forbidden_share=0.3)
    document = {
        "slots": [{"id": s.id, "day": s.day} for s in problem.slots],
        "tables": [{"id": t.id} for t in problem.tables],
        "attendees": [{"id": p.id, "unavailable": sorted(p.unavailable)} for p in problem.attendees],
        "meetings": [{"a": m.a, "b": m.b, "required": True} for m in problem.meetings],
    }
    out = tmp_path / "SCHEDULE.json"
    began = time.perf_counter()

    result = CliRunner().invoke(
        main,
        ["solve", str(_write(tmp_path, document)), "--out", str(out), "--time-limit", "5"],
        obj={"process_started": began - 4.0},  # as if start-up had taken four of the five seconds
    )

    assert result.exit_code == 0, result.output
    assert time.perf_counter() - began < 2.5
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["seconds"] >= 4.0


def test_process_start_is_read_from_the_operating_system() -> None:
    import time

    from matchmaker.cli.entry import process_started

    started = process_started()

    assert started <= time.perf_counter()
    # This test process started before the test ran, and long enough ago to tell.
    assert time.perf_counter() - started > 0.1


def test_solve_command_loads_neither_the_web_app_nor_the_database(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = tmp_path / "SCHEDULE.json"
    args = ["solve", str(_write(tmp_path, _event())), "--out", str(out), "--time-limit", "2"]
    heavy = ("flask", "alembic", "sqlalchemy", "psycopg", "gunicorn")
    script = (
        "import sys\n"
        "from matchmaker.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))\n"
    )

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)

    assert out.is_file()
    assert result.stdout.splitlines()[-1] == "[]"  # start-up counts inside --time-limit


def test_solve_command_says_when_start_up_took_longer_than_the_limit(tmp_path: Path) -> None:
    import time

    out = tmp_path / "SCHEDULE.json"

    result = CliRunner().invoke(
        main,
        ["solve", str(_write(tmp_path, _event())), "--out", str(out), "--time-limit", "0.5"],
        obj={"process_started": time.perf_counter() - 1.0},  # as if start-up had taken a second
    )

    assert result.exit_code == 0, result.output
    assert "note: took 1." in result.output and "over the --time-limit of 0.5 s" in result.output


def test_solve_command_reads_a_problem_file_saved_with_a_byte_order_mark(tmp_path: Path) -> None:
    # Windows Notepad saves UTF-8 with a BOM; the attendee CSV reader accepts one too.
    path = tmp_path / "PROBLEM.json"
    path.write_text(json.dumps(_event()), encoding="utf-8-sig")
    out = tmp_path / "SCHEDULE.json"

    result = CliRunner().invoke(main, ["solve", str(path), "--out", str(out), "--time-limit", "2"])

    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["stats"]["required_scheduled"] == 1


def test_solve_command_refuses_to_write_the_schedule_over_its_problem_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _event())
    before = path.read_text(encoding="utf-8")

    result = CliRunner().invoke(main, ["solve", str(path), "--out", str(tmp_path / "." / path.name)])

    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"error: --out {tmp_path / '.' / path.name} is the problem file itself: name another file"
    ]
    assert path.read_text(encoding="utf-8") == before  # the problem is not lost


def test_solve_command_counts_people_with_no_possible_meeting_apart(tmp_path: Path) -> None:
    document = _event()
    document["attendees"] += [{"id": "loner"}, {"id": "away", "unavailable": ["s1", "s2"]}]
    document["meetings"] += [{"a": "away", "b": "c", "score": 0.9}]
    out = tmp_path / "SCHEDULE.json"

    result = CliRunner().invoke(main, ["solve", str(_write(tmp_path, document)), "--out", str(out)])

    assert result.exit_code == 0, result.output
    assert "attendees without a meeting (and 2 with no meeting possible)," in result.output


def test_solve_help_shows_the_problem_file_and_the_exit_codes() -> None:
    result = CliRunner().invoke(main, ["solve", "--help"])

    assert result.exit_code == 0
    assert '"meetings": [{"a": "p1", "b": "p2"' in result.output  # a new user learns the format here
    assert "Exit codes: 0 every required meeting is placed; 3" in " ".join(result.output.split())
