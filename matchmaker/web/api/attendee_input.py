"""Attendee records from JSON, validated by the one declaration of a record (the CSV's too).

JSON records are checked by :class:`matchmaker.shapes.attendee.AttendeeRecord`, then written as an
attendee CSV and go through :mod:`matchmaker.services.attendee_import`, so the API, the dashboard upload
and ``matchmaker`` imports accept and refuse exactly the same rows.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from matchmaker.formats.attendee_csv import LIST_COLUMNS, AttendeeRecord, write_attendee_csv
from matchmaker.services.attendee_import import ImportReport
from matchmaker.shapes.problems import Problem
from matchmaker.web.api.errors import invalid
from matchmaker.web.api.params import refused, shaped

MAX_IMPORT_RECORDS = 20_000
RECORD_FIELDS = tuple(AttendeeRecord.model_fields)


def record_from_json(data: Any, prefix: str = "", context: dict[str, Any] | None = None) -> AttendeeRecord:
    """One record; wrong fields raise a 422 naming the first (``attendees[3].email``), all in details."""
    if not isinstance(data, dict):
        raise invalid(prefix.rstrip(".") or "body", "each attendee must be a JSON object")
    record = shaped(AttendeeRecord, data, context, prefix)
    # Lists travel as ";"-separated CSV cells on the way to the import.
    for name in LIST_COLUMNS:
        if any(";" in item for item in getattr(record, name)):
            raise refused(
                [Problem(name, "separator", f"{name} items can't contain ';'", path=(name,))], prefix
            )
    return record


def records_from_json(body: dict[str, Any]) -> list[AttendeeRecord]:
    items = body.get("attendees")
    if not isinstance(items, list) or not items:
        raise invalid("attendees", "attendees must be a non-empty list of attendee objects")
    if len(items) > MAX_IMPORT_RECORDS:
        raise invalid("attendees", f"at most {MAX_IMPORT_RECORDS} attendees per import")
    return [record_from_json(item, f"attendees[{index}].") for index, item in enumerate(items)]


def records_as_csv(records: list[AttendeeRecord]) -> tuple[bytes, dict[int, int]]:
    """The records as attendee CSV, and the line each record starts on -> its index in ``records``
    (a quoted cell may hold line breaks, so lines and records don't simply line up)."""
    buffer = io.StringIO()
    write_attendee_csv(records, buffer)
    content = buffer.getvalue()
    reader = csv.reader(io.StringIO(content, newline=""))
    starts: dict[int, int] = {}
    first_line = 1
    for number, _cells in enumerate(reader):
        if number > 0:
            starts[first_line] = number - 1
        first_line = reader.line_num + 1
    return content.encode("utf-8"), starts


def problems_json(report: ImportReport, index_of_line: dict[int, int] | None = None) -> list[dict[str, Any]]:
    """Every problem of an import: CSV line (or the JSON record's index) and column, with a message."""
    problems = []
    for problem in report.problems:
        item: dict[str, Any] = {"line": problem.line, "field": problem.column, "message": problem.message}
        if index_of_line is not None:
            item = {
                "index": index_of_line.get(problem.line),
                "field": problem.column,
                "message": problem.message,
            }
        problems.append(item)
    return problems
