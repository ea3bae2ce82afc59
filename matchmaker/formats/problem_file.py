"""PROBLEM.json in, SCHEDULE.json out: the stable file format of ``matchmaker solve``.

PROBLEM.json::

    {"slots": [{"id": "d1-01", "day": "d1", "start": "...", "end": "..."}],
     "tables": [{"id": "T01"}],
     "attendees": [{"id": "p1", "unavailable": ["d1-03"], "max_meetings": 8}],
     "meetings": [{"a": "p1", "b": "p2", "score": 0.83, "required": false,
                   "slots": ["d1-01", "d1-02"], "fixed": {"slot": "d1-01", "table": "T01"}}],
     "objective": {"gaps": "minimize", "min_score": 0.3}}

Only ids are mandatory; a slot without a ``day`` that has a ``start`` is on the day of its start (as
written, in its own UTC offset). ``objective.min_score`` is the quality floor: optional meetings scoring
below it are never scheduled (required and fixed ones always are).

Every problem is reported as a :class:`ProblemError` whose message names the
entry (``meeting #3 (p1-p9): unknown attendee 'p9'``), so a caller can show it as it is.
"""

from __future__ import annotations

import itertools
import json
import math
from datetime import datetime
from pathlib import Path
from typing import Any

from matchmaker.core.scheduling.model import (
    Attendee,
    CandidateMeeting,
    FixedPlacement,
    Problem,
    ProblemError,
    Schedule,
    Slot,
    Table,
    validate_problem,
)

GAP_OBJECTIVES = ("minimize", "ignore")


def read_problem_file(path: str | Path) -> Problem:
    """Read and validate a PROBLEM.json file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")  # a BOM (Windows Notepad) is no error
    except OSError as exc:
        raise ProblemError(f"cannot read the file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ProblemError(f"not UTF-8 text (byte {exc.start + 1} is not UTF-8)") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProblemError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise ProblemError("not a problem file: its JSON is nested too deeply") from None
    return problem_from_json(data)


def problem_from_json(data: Any) -> Problem:
    """Build a validated :class:`Problem` from parsed JSON."""
    if not isinstance(data, dict):
        raise ProblemError("the problem must be a JSON object")
    slots = tuple(_slot(entry, i) for i, entry in enumerate(_list(data, "slots", "the problem")))
    tables = tuple(_table(entry, i) for i, entry in enumerate(_list(data, "tables", "the problem")))
    attendees = tuple(_attendee(entry, i) for i, entry in enumerate(_list(data, "attendees", "the problem")))
    meetings = tuple(_meeting(entry, i) for i, entry in enumerate(_list(data, "meetings", "the problem")))
    for kind, entries in (("slots", slots), ("tables", tables)):
        if meetings and not entries:  # no meeting could ever be placed: a file cut short, not a problem
            raise ProblemError(f"the problem has meetings but no {kind}")
    objective = data.get("objective", {})
    if not isinstance(objective, dict):
        raise ProblemError("objective must be an object")
    gaps = objective.get("gaps", "minimize")
    if gaps not in GAP_OBJECTIVES:
        raise ProblemError(f"objective.gaps must be one of {', '.join(GAP_OBJECTIVES)}, not {gaps!r}")
    floor = objective.get("min_score")
    if floor is not None and not _finite_number(floor):
        raise ProblemError("objective.min_score must be a number")
    _check_time_order(data["slots"], slots)
    problem = Problem(
        slots,
        tables,
        attendees,
        meetings,
        minimize_gaps=gaps == "minimize",
        min_score=None if floor is None else float(floor),
    )
    validate_problem(problem)
    return problem


def schedule_to_json(schedule: Schedule) -> dict[str, Any]:
    """The SCHEDULE.json document: meetings, unscheduled required meetings with reasons, stats."""
    stats = schedule.stats
    return {
        "meetings": [{"a": m.a, "b": m.b, "slot": m.slot, "table": m.table} for m in schedule.meetings],
        "unscheduled": [
            {"a": u.a, "b": u.b, "reason": str(u.reason), "code": u.reason.code} for u in schedule.unscheduled
        ],
        "stats": {
            "required": stats.required,
            "required_scheduled": stats.required_scheduled,
            "scheduled": stats.scheduled,
            "score": stats.score,
            "upper_bound": stats.upper_bound,
            "zero_meeting_attendees": stats.zero_meeting_attendees,
            "attendees_without_candidates": stats.attendees_without_candidates,
            "idle_gaps": stats.idle_gaps,
            "fairness_min": stats.fairness_min,
            "fairness_p10": stats.fairness_p10,
            "seconds": stats.seconds,
        },
    }


def write_schedule_file(path: str | Path, schedule: Schedule) -> None:
    """Write SCHEDULE.json (UTF-8, indented, ids as given)."""
    text = json.dumps(schedule_to_json(schedule), ensure_ascii=False, indent=1)
    Path(path).write_text(text + "\n", encoding="utf-8")


# --- parsing helpers: each names the entry it complains about --------------------------------------
def _list(data: dict[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ProblemError(f"{where}: {key!r} must be a list")
    return value


def _object(entry: Any, where: str) -> dict[str, Any]:
    if not isinstance(entry, dict):
        raise ProblemError(f"{where} must be an object")
    return entry


def _text(entry: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    value = entry.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise ProblemError(f"{where}: {key!r} must be a non-empty string")
    return value


def _ids(entry: dict[str, Any], key: str, where: str) -> list[str] | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProblemError(f"{where}: {key!r} must be a list of slot ids")
    return value


def _slot(entry: Any, index: int) -> Slot:
    where = f"slot #{index + 1}"
    entry = _object(entry, where)
    slot_id = _text(entry, "id", where)
    where = f"slot {slot_id!r}"
    for key in ("start", "end"):
        if key in entry:
            _timestamp(entry[key], f"{where}: {key!r}")
    if "start" in entry and "end" in entry:
        start, end = _timestamp(entry["start"], where), _timestamp(entry["end"], where)
        if (start.utcoffset() is None) != (end.utcoffset() is None):
            raise ProblemError(f"{where}: mixes times with and without a UTC offset")
        if end <= start:
            raise ProblemError(f"{where}: 'end' must be after 'start'")
    day = _text(entry, "day", where, default="")
    if not day and "start" in entry:
        # Without a day, slots on two dates were one agenda day: the night between them an idle gap.
        day = _timestamp(entry["start"], where).date().isoformat()
    return Slot(id=slot_id, day=day)


def _finite_number(value: Any) -> bool:
    """A JSON number a float can hold: not a boolean, not infinite, not an integer too large for one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:  # an integer of hundreds of digits
        return False


def _timestamp(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise ProblemError(f"{where} must be an ISO 8601 date-time string")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise ProblemError(f"{where}: {value!r} is not an ISO 8601 date-time") from None


def _check_time_order(raw_slots: list[dict[str, Any]], slots: tuple[Slot, ...]) -> None:
    starts = [(s, entry.get("start")) for s, entry in zip(slots, raw_slots, strict=True)]
    timed = [(s, _timestamp(v, s.id)) for s, v in starts if v is not None]
    for (previous, t0), (current, t1) in itertools.pairwise(timed):
        try:
            out_of_order = t1 < t0
        except TypeError:  # one with a UTC offset, one without
            raise ProblemError(f"slot {current.id!r}: mixes times with and without a UTC offset") from None
        if out_of_order:
            raise ProblemError(
                f"slot {current.id!r}: slots must be listed in time order (it starts before {previous.id!r})"
            )
    # Every table is busy in every slot: two slots at the same time would put a person in two meetings
    # at once, each in a slot of its own.
    ends = {s.id: entry.get("end") for s, entry in zip(slots, raw_slots, strict=True)}
    for (previous, _), (current, t1) in itertools.pairwise(timed):
        end = ends[previous.id]
        if end is not None and t1 < _timestamp(end, previous.id):
            raise ProblemError(f"slot {current.id!r}: starts before slot {previous.id!r} ends (they overlap)")


def _table(entry: Any, index: int) -> Table:
    where = f"table #{index + 1}"
    return Table(id=_text(_object(entry, where), "id", where))


def _attendee(entry: Any, index: int) -> Attendee:
    where = f"attendee #{index + 1}"
    entry = _object(entry, where)
    person_id = _text(entry, "id", where)
    where = f"attendee {person_id!r}"
    maximum = entry.get("max_meetings")
    if maximum is not None and (isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 0):
        raise ProblemError(f"{where}: 'max_meetings' must be a non-negative integer")
    return Attendee(
        id=person_id, unavailable=frozenset(_ids(entry, "unavailable", where) or ()), max_meetings=maximum
    )


def _meeting(entry: Any, index: int) -> CandidateMeeting:
    where = f"meeting #{index + 1}"
    entry = _object(entry, where)
    a, b = _text(entry, "a", where), _text(entry, "b", where)
    where = f"meeting #{index + 1} ({a}-{b})"
    score = entry.get("score", 1.0)
    if not _finite_number(score) or score < 0:  # the solver and its bound take scores as gains
        raise ProblemError(f"{where}: 'score' must be a finite number, at least 0")
    required = entry.get("required", False)
    if not isinstance(required, bool):
        raise ProblemError(f"{where}: 'required' must be true or false")
    allowed = _ids(entry, "slots", where)
    fixed = None
    if entry.get("fixed") is not None:
        raw = _object(entry["fixed"], f"{where}: 'fixed'")
        table = raw.get("table")
        if table is not None and (not isinstance(table, str) or not table):
            raise ProblemError(f"{where}: 'fixed.table' must be a table id")
        fixed = FixedPlacement(slot=_text(raw, "slot", f"{where}: 'fixed'"), table=table)
    return CandidateMeeting(
        a=a,
        b=b,
        score=float(score),
        required=required,
        allowed_slots=None if allowed is None else frozenset(allowed),
        fixed=fixed,
    )
