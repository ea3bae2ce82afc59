"""Attendee records from JSON, checked by the same rules as the CSV import.

JSON records are written as an attendee CSV and go through :mod:`matchmaker.services.attendee_import`,
so the API, the dashboard upload and ``matchmaker`` imports accept and refuse exactly the same rows.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from typing import Any

from matchmaker.core.intents import INTENTS
from matchmaker.formats.attendee_csv import COLUMNS, AttendeeRecord, write_attendee_csv
from matchmaker.services.attendee_import import ImportReport
from matchmaker.web.api.errors import ApiError, invalid
from matchmaker.web.api.params import integer, text, text_list

MAX_IMPORT_RECORDS = 20_000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Column -> longest value the database column holds (texts without a limit get a sane one).
TEXT_LIMITS = {"id": 64, "name": 200, "email": 254, "company": 200, "job_title": 200, "sector": 120,
               "country": 2, "offers": 5000, "seeks": 5000}
LIST_LIMITS = {"languages": 8, "interests": 80, "intents": 40, "unavailable": 20}
RECORD_FIELDS = tuple(COLUMNS)


def record_from_json(data: Any, prefix: str = "") -> AttendeeRecord:
    """One record; a wrong field raises a 422 naming ``<prefix><field>`` (``attendees[3].email``)."""
    if not isinstance(data, dict):
        raise invalid(prefix.rstrip(".") or "body", "each attendee must be a JSON object")
    unknown = sorted(set(data) - set(RECORD_FIELDS))
    if unknown:
        raise invalid(prefix + str(unknown[0])[:100], f"unknown field {str(unknown[0])[:100]!r}")
    try:
        values: dict[str, Any] = {name: text(data, name, limit) for name, limit in TEXT_LIMITS.items()}
        values |= {name: text_list(data, name, 50, limit) for name, limit in LIST_LIMITS.items()}
        values["max_meetings"] = integer(data, "max_meetings", 0, 1000)
    except ApiError as error:
        raise invalid(prefix + (error.field or ""), error.message) from None
    for name in ("id", "name"):
        if not values[name]:
            raise invalid(prefix + name, f"{name} is required")
    if not values["offers"] and not values["seeks"]:
        raise invalid(prefix + "offers", "an attendee needs offers or seeks (both are empty)")
    if values["email"] and not _EMAIL.match(values["email"]):
        raise invalid(prefix + "email", "email is not an e-mail address")
    if values["country"] and (len(values["country"]) != 2 or not values["country"].isalpha()):
        raise invalid(prefix + "country", "country is a two-letter code such as PL")
    unknown_intents = [code for code in values["intents"] if code not in INTENTS]
    if unknown_intents:
        raise invalid(
            prefix + "intents", f"unknown intent {unknown_intents[0]!r} (known: {', '.join(INTENTS)})"
        )
    for name in LIST_LIMITS:
        if any(";" in item for item in values[name]):
            raise invalid(prefix + name, f"{name} items can't contain ';'")
    record = AttendeeRecord(**values)
    return replace(record, languages=tuple(code.lower() for code in record.languages))


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
