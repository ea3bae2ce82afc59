"""Importing attendees from the attendee CSV (dry run first, then all or nothing) and exporting them.

The CSV reader stops at the first problem; an organiser fixing a file wants every problem at once.
So a bad record is blanked out (line numbers stay the same: blank records are skipped) and the file
is read again, until it reads cleanly or :data:`MAX_REPORTED_ERRORS` problems are known.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Event
from matchmaker.formats.attendee_csv import (
    AttendeeCsvError,
    AttendeeRecord,
    read_attendee_csv,
    write_attendee_csv,
)
from matchmaker.services.attendees import add_attendees, normalise_email
from matchmaker.services.meetings import live_meetings, notify_schedule_change

MAX_REPORTED_ERRORS = 200


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str | None
    message: str

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


def _record_spans(text: str) -> dict[int, tuple[int, int]]:
    """First line of each CSV record -> (first, last) physical line; quoted cells may span lines."""
    spans: dict[int, tuple[int, int]] = {}
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for _ in reader:
            spans[start] = (start, reader.line_num)
            start = reader.line_num + 1
    except csv.Error:
        pass  # the reader reports broken quoting itself
    return spans


def _blank(lines: list[str], span: tuple[int, int]) -> None:
    for number in range(span[0], span[1] + 1):
        if number - 1 < len(lines):
            lines[number - 1] = ""


def _read_all_problems(
    text: str,
) -> tuple[tuple[AttendeeRecord, ...], list[RowProblem], tuple[str, ...], bool]:
    lines = text.split("\n")
    problems: list[RowProblem] = []
    spans = _record_spans(text)
    while True:
        try:
            result = read_attendee_csv(io.StringIO("\n".join(lines)))
            return result.records, problems, result.warnings, False
        except AttendeeCsvError as error:
            problems.append(RowProblem(error.line, error.column, error.message))
            span = spans.get(error.line)
            # A header problem, broken quoting or an unknown position: nothing further can be trusted.
            if error.line == 1 or span is None or len(problems) >= MAX_REPORTED_ERRORS:
                return (), problems, (), len(problems) >= MAX_REPORTED_ERRORS
            _blank(lines, span)


def _record_lines(text: str, records: tuple[AttendeeRecord, ...]) -> dict[str, int]:
    ids = {record.id for record in records}
    reader = csv.reader(io.StringIO(text, newline=""))
    found: dict[str, int] = {}
    start = 1
    header: list[str] | None = None
    for cells in reader:
        if header is None:
            header = [cell.strip().lower() for cell in cells]
        elif "id" in header and len(cells) > header.index("id"):
            key = cells[header.index("id")].strip()
            if key in ids and key not in found:
                found[key] = start
        start = reader.line_num + 1
    return found


def _event_problems(
    session: Session, event: Event, records: tuple[AttendeeRecord, ...], line_of: dict[str, int]
) -> list[RowProblem]:
    """What the file can't know: clashes with the event's attendees and slots."""
    codes = {slot.code for slot in event.slots}
    existing = session.execute(
        select(Attendee.external_id, Attendee.email).where(Attendee.event_id == event.id)
    ).all()
    taken_ids = {row.external_id for row in existing if row.external_id}
    taken_emails = {row.email for row in existing if row.email}
    seen_emails: dict[str, int] = {}
    problems: list[RowProblem] = []
    for record in records:
        line = line_of.get(record.id, 0)
        if record.id in taken_ids:
            problems.append(RowProblem(line, "id", f"id {record.id!r} is already an attendee of this event"))
        email = normalise_email(record.email)
        if email and email in taken_emails:
            problems.append(RowProblem(line, "email", f"{email} is already registered for this event"))
        elif email and email in seen_emails:
            problems.append(
                RowProblem(line, "email", f"{email} is already used on line {seen_emails[email]}")
            )
        if email:
            seen_emails.setdefault(email, line)
        for code in record.unavailable:
            if code not in codes:
                problems.append(RowProblem(line, "unavailable", f"the event has no slot {code!r}"))
        if len(record.country) not in (0, 2):
            problems.append(
                RowProblem(line, "country", f"{record.country!r} is not a two-letter country code")
            )
    return problems


def check_attendee_csv(session: Session, event: Event, data: bytes) -> ImportReport:
    """Dry run: read the whole file and report every problem; writes nothing."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = RowProblem(line, None, "the file is not UTF-8 text (save it as CSV UTF-8)")
        return ImportReport((), (problem,))
    text = text.replace("\r\n", "\n")
    records, problems, warnings, truncated = _read_all_problems(text)
    line_of = _record_lines(text, records)
    if not problems or (problems and problems[0].line != 1):
        problems.extend(_event_problems(session, event, records, line_of))
    problems.sort(key=lambda p: (p.line, p.column or ""))
    return ImportReport(records if not problems else (), tuple(problems), warnings, truncated, line_of)


def import_attendee_csv(session: Session, event: Event, data: bytes) -> list[Attendee]:
    """Add every row of the file, or none: raises :class:`ImportRejected` if any row has a problem."""
    report = check_attendee_csv(session, event, data)
    if not report.ok:
        raise ImportRejected(report)
    return add_attendees(session, event, report.records)


def record_of(attendee: Attendee) -> AttendeeRecord:
    return AttendeeRecord(
        id=attendee.external_id or f"A{attendee.id}",
        name=attendee.name,
        offers=attendee.offers,
        seeks=attendee.seeks,
        email=attendee.email or "",
        company=attendee.company,
        job_title=attendee.job_title,
        sector=attendee.sector,
        country=attendee.country,
        languages=tuple(attendee.languages),
        interests=tuple(attendee.interests),
        intents=tuple(attendee.intents),
        unavailable=tuple(slot.code for slot in attendee.unavailable_slots),
        max_meetings=attendee.max_meetings,
    )


def export_attendee_csv(session: Session, event: Event) -> str:
    """The event's attendees in the import format (re-importable into another event)."""
    attendees = session.scalars(select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.name))
    buffer = io.StringIO()
    write_attendee_csv((record_of(a) for a in attendees), buffer)
    return buffer.getvalue()


class AttendeeEditError(ValueError):
    """An edit that can't be saved; the message names the field."""


@dataclass(frozen=True)
class AttendeeChanges:
    name: str
    email: str
    company: str
    job_title: str
    sector: str
    country: str
    offers: str
    seeks: str
    max_meetings: int | None
    unavailable: tuple[int, ...] = ()


def update_attendee(session: Session, attendee: Attendee, changes: AttendeeChanges) -> None:
    """Save an organiser's edit of one attendee (flushes); raises :class:`AttendeeEditError`."""
    if not changes.name.strip():
        raise AttendeeEditError("name: must not be empty")
    if not changes.offers.strip() and not changes.seeks.strip():
        raise AttendeeEditError("offers: an attendee needs offers or seeks")
    email = normalise_email(changes.email) or None
    if email is not None:
        clash = session.scalar(
            select(Attendee.id).where(
                Attendee.event_id == attendee.event_id, Attendee.email == email, Attendee.id != attendee.id
            )
        )
        if clash is not None:
            raise AttendeeEditError(f"email: {email} belongs to another attendee of this event")
    if len(changes.country.strip()) not in (0, 2):
        raise AttendeeEditError("country: use a two-letter code such as PL")
    if changes.max_meetings is not None and changes.max_meetings < 0:
        raise AttendeeEditError("max meetings: must not be negative")
    slots = [slot for slot in attendee.event.slots if slot.id in set(changes.unavailable)]
    attendee.name, attendee.email, attendee.company = changes.name.strip(), email, changes.company.strip()
    attendee.job_title, attendee.sector = changes.job_title.strip(), changes.sector.strip()
    attendee.country, attendee.max_meetings = changes.country.strip().upper(), changes.max_meetings
    attendee.offers, attendee.seeks = changes.offers.strip(), changes.seeks.strip()
    attendee.set_unavailable_slots(slots)
    session.flush()


def remove_attendee(session: Session, attendee: Attendee) -> None:
    """Delete the attendee; their meetings, requests and recommendations go with them (database cascade).

    The people they were to meet are told their agenda changed.
    """
    event = attendee.event
    partners = [
        m.other(attendee.id)
        for m in live_meetings(session, event.id)
        if attendee.id in (m.attendee_a_id, m.attendee_b_id)
    ]
    session.delete(attendee)
    session.flush()
    session.expire_all()  # meetings were deleted by the database, not by the session
    notify_schedule_change(session, event, partners)
