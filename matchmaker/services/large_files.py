"""Attendee files of any length: the dry run, the import and the export in bounded memory, with progress.

The dry run reads the file one record at a time and keeps only what later rows are checked against
(ids and addresses); the import reads it again and writes in batches of plain INSERTs, all inside the
caller's one transaction: a problem anywhere means nothing is kept. The export streams the attendees
in batches. A background job (:mod:`matchmaker.jobs.data_jobs`) runs these for the organiser's page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload

from matchmaker.db.models import Attendee, Event, Unavailability
from matchmaker.formats.attendee_csv import (
    AttendeeCsvError,
    AttendeeRecord,
    AttendeeRowReader,
    open_attendee_csv,
    write_attendee_csv,
)
from matchmaker.services.attendee_import import MAX_REPORTED_ERRORS, EventClashes, RowProblem
from matchmaker.services.attendees import assign_profile, record_of, vocabulary_of
from matchmaker.shapes.attendee import STORED_FIELDS

BATCH = 1000
# Called with the share of the work done (0-1), every BATCH rows.
OnProgress = Callable[[float], None]


def _nothing(_share: float) -> None:
    return None


def _lines(data: bytes) -> int:
    # An estimate of the records (a quoted cell may hold a line break): enough for a progress bar.
    return max(1, data.count(b"\n"))


@dataclass
class FileReport:
    """What a dry run of a whole file found (JSON-ready through :meth:`as_json`)."""

    rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: tuple[str, ...] = ()
    truncated: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "warnings": list(self.warnings),
            "truncated": self.truncated,
            "problems": [
                {"line": p.line, "column": p.column, "message": p.message, "code": p.code, "params": p.params}
                for p in self.problems
            ],
        }


def _records(
    session: Session, event: Event, data: bytes, report: FileReport, on_progress: OnProgress
) -> Iterator[AttendeeRecord]:
    """The file's valid records one at a time; every problem goes into ``report`` (up to the limit)."""
    clashes = EventClashes(session, event)
    lines = _lines(data)
    try:
        reader = AttendeeRowReader(open_attendee_csv(data), vocabulary_of(event))
        report.warnings = reader.warnings
        for row in reader:
            report.rows += 1
            if report.rows % BATCH == 0:
                on_progress(min(1.0, report.rows / lines))
            problems = [RowProblem(p.line, p.column, p.message, p.code, p.params) for p in row.problems]
            if row.record is not None:
                problems += clashes.check(row.record, row.line)
            if problems:
                _add(report, problems)
            elif row.record is not None:
                yield row.record
    except AttendeeCsvError as error:
        if error.code == "not_utf8":
            error = _where_not_utf8(data) or error
        _add(report, [RowProblem(error.line, error.column, error.message, error.code)])


def _add(report: FileReport, problems: list[RowProblem]) -> None:
    room = MAX_REPORTED_ERRORS - len(report.problems)
    report.problems += problems[: max(room, 0)]
    report.truncated = report.truncated or len(problems) > room


def _where_not_utf8(data: bytes) -> AttendeeCsvError | None:
    """The line of the first byte that isn't UTF-8 (a stream decoder only knows the chunk)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return AttendeeCsvError(line, None, "the file is not UTF-8 text (save it as CSV UTF-8)", "not_utf8")
    return None


def check_file(session: Session, event: Event, data: bytes, on_progress: OnProgress = _nothing) -> FileReport:
    """Dry run of a file of any length: every problem by line and column; writes nothing."""
    report = FileReport()
    for _record in _records(session, event, data, report, on_progress):
        pass
    report.problems.sort(key=lambda p: (p.line, p.column or ""))
    return report


def import_file(
    session: Session, event: Event, data: bytes, on_progress: OnProgress = _nothing
) -> FileReport:
    """Add every row of the file or none (flushes; the caller commits): checks the whole file first, and
    writes only if it has no problem. Returns the report; ``report.ok`` says whether rows were added."""
    report = check_file(session, event, data, lambda share: on_progress(share / 2))
    if not report.ok:
        return report
    slots_by_code = {slot.code: slot for slot in event.slots}
    batch: list[AttendeeRecord] = []
    written = 0
    # Read again rather than kept from the check: holding 50,000 records is what memory can't afford.
    for record in _records(session, event, data, FileReport(), _nothing):
        batch.append(record)
        if len(batch) == BATCH:
            written += _insert(session, event, batch, slots_by_code)
            batch = []
            on_progress(0.5 + written / max(1, report.rows) / 2)
    _insert(session, event, batch, slots_by_code)
    session.flush()
    return report


def _insert(
    session: Session, event: Event, records: list[AttendeeRecord], slots_by_code: dict[str, Any]
) -> int:
    """Plain INSERTs for one batch: no ORM objects stay behind in the session."""
    if not records:
        return 0
    rows, unavailable = [], []
    for record in records:
        attendee = Attendee(event_id=event.id, external_id=record.id)
        assign_profile(attendee, record, slots_by_code)  # the one place where the shape meets the model
        rows.append({column: getattr(attendee, column) for column in _COLUMNS})
        unavailable.append([u.slot.id for u in attendee.unavailability])
    statement = insert(Attendee).returning(Attendee.id, sort_by_parameter_order=True)
    ids = session.execute(statement, rows).scalars()
    pairs = [
        {"event_id": event.id, "attendee_id": attendee_id, "slot_id": slot_id}
        for attendee_id, slots in zip(ids, unavailable, strict=True)
        for slot_id in slots
    ]
    if pairs:
        session.execute(insert(Unavailability), pairs)
    return len(records)


_COLUMNS = ("event_id", "external_id", *STORED_FIELDS)


def export_file(session: Session, event: Event, on_progress: OnProgress = _nothing) -> bytes:
    """The event's attendees as attendee CSV (UTF-8), read in batches."""
    query = (
        select(Attendee)
        .where(Attendee.event_id == event.id)
        .options(selectinload(Attendee.unavailability).joinedload(Unavailability.slot))
        .order_by(Attendee.name, Attendee.id)
        .execution_options(yield_per=BATCH)
    )

    total = max(1, session.scalar(select(func.count()).where(Attendee.event_id == event.id)) or 0)

    def records() -> Iterator[AttendeeRecord]:
        # yield_per: rows come in batches, and the session keeps no reference to those already written.
        for done, attendee in enumerate(session.scalars(query), start=1):
            yield record_of(attendee)
            if done % BATCH == 0:
                on_progress(done / total)

    buffer = io.StringIO()
    write_attendee_csv(records(), buffer)
    return buffer.getvalue().encode("utf-8")
