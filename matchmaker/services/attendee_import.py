"""Importing attendees from the attendee CSV: a dry run first, then all or nothing. (An organiser's
edit of one attendee: :mod:`.attendee_edit`; the attendee as a profile or a record: :mod:`.attendees`;
files of any length and the export: :mod:`.large_files`.)

Every row is validated by the one declaration of an attendee record, with the event's interest tags
and slot codes; the dry run reports every problem of the file at once, by line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event
from matchmaker.formats.attendee_csv import (
    AttendeeRecord,
    read_attendee_rows,
)
from matchmaker.services.attendees import add_attendees, vocabulary_of

MAX_REPORTED_ERRORS = 200
_FILE_PROBLEMS = {"not_utf8", "bad_csv", "missing_column", "duplicate_column", "empty_file"}


@dataclass(frozen=True)
class RowProblem:
    """A problem of the file: line, column, English message, and the problem as data (``code`` and
    ``params``) for pages that say it in the organiser's language."""

    line: int
    column: str | None
    message: str
    code: str = "invalid"
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return (
            f'line {self.line}, column "{self.column}": {self.message}'
            if self.column
            else f"line {self.line}: {self.message}"
        )


@dataclass(frozen=True)
class ImportReport:
    """What a dry run found: the rows that would be added, and every problem by line and column."""

    records: tuple[AttendeeRecord, ...]
    problems: tuple[RowProblem, ...]
    warnings: tuple[str, ...] = ()
    truncated: bool = False
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportRejected(ValueError):
    """The file has problems; nothing was written. ``report`` lists them all."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__(f"{len(report.problems)} problems in the file; nothing was imported")
        self.report = report


class EventClashes:
    """What rows can't know alone: clashes with the event's attendees and between rows (fed one record at
    a time, so that a long file is checked without holding its records)."""

    def __init__(self, session: Session, event: Event) -> None:
        existing = session.execute(
            select(Attendee.external_id, Attendee.email).where(Attendee.event_id == event.id)
        ).all()
        self.taken_ids = {row.external_id for row in existing if row.external_id}
        self.taken_emails = {row.email for row in existing if row.email}
        self.seen_emails: dict[str, int] = {}

    def check(self, record: AttendeeRecord, line: int) -> list[RowProblem]:
        problems: list[RowProblem] = []
        if record.id in self.taken_ids:
            problems.append(
                RowProblem(
                    line,
                    "id",
                    f"id {record.id!r} is already an attendee of this event",
                    "id_taken",
                    {"value": record.id},
                )
            )
        email = record.email
        if email and email in self.taken_emails:
            problems.append(
                RowProblem(
                    line,
                    "email",
                    f"{email} is already registered for this event",
                    "email_taken",
                    {"value": email},
                )
            )
        elif email and email in self.seen_emails:
            first = self.seen_emails[email]
            problems.append(
                RowProblem(
                    line,
                    "email",
                    f"{email} is already used on line {first}",
                    "email_repeated",
                    {"value": email, "line": first},
                )
            )
        if email:
            self.seen_emails.setdefault(email, line)
        return problems


def _event_problems(
    session: Session, event: Event, records: tuple[AttendeeRecord, ...], line_of: dict[str, int]
) -> list[RowProblem]:
    clashes = EventClashes(session, event)
    return [problem for record in records for problem in clashes.check(record, line_of.get(record.id, 0))]


def check_attendee_csv(session: Session, event: Event, data: bytes) -> ImportReport:
    """Dry run: read the whole file and report every problem; writes nothing."""
    rows = read_attendee_rows(data, vocabulary_of(event), MAX_REPORTED_ERRORS)
    problems = [RowProblem(p.line, p.column, p.message, p.code, p.params) for p in rows.problems]
    if not any(p.code in _FILE_PROBLEMS for p in problems):  # else nothing in the file can be trusted
        problems.extend(_event_problems(session, event, rows.records, rows.lines))
    problems.sort(key=lambda p: (p.line, p.column or ""))
    truncated = len(problems) >= MAX_REPORTED_ERRORS
    return ImportReport(
        rows.records if not problems else (),
        tuple(problems[:MAX_REPORTED_ERRORS]),
        rows.warnings,
        truncated,
        rows.lines,
    )


def import_attendee_csv(session: Session, event: Event, data: bytes) -> list[Attendee]:
    """Add every row of the file, or none: raises :class:`ImportRejected` if any row has a problem."""
    report = check_attendee_csv(session, event, data)
    if not report.ok:
        raise ImportRejected(report)
    return add_attendees(session, event, report.records)
