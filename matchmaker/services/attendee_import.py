"""Importing attendees from the attendee CSV (dry run first, then all or nothing), editing one, and
exporting them.

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
from matchmaker.services.attendees import add_attendees, assign_profile, vocabulary_of
from matchmaker.services.forgetting import forget_attendee
from matchmaker.services.meetings import live_meetings, notify_schedule_change
from matchmaker.shapes.attendee import AttendeeEdit

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
            problems.append(RowProblem(line, "id", f"id {record.id!r} is already an attendee of this event",
                                       "id_taken", {"value": record.id}))
        email = record.email
        if email and email in self.taken_emails:
            problems.append(RowProblem(line, "email", f"{email} is already registered for this event",
                                       "email_taken", {"value": email}))
        elif email and email in self.seen_emails:
            first = self.seen_emails[email]
            problems.append(RowProblem(line, "email", f"{email} is already used on line {first}",
                                       "email_repeated", {"value": email, "line": first}))
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
    return ImportReport(rows.records if not problems else (), tuple(problems[:MAX_REPORTED_ERRORS]),
                        rows.warnings, truncated, rows.lines)


def import_attendee_csv(session: Session, event: Event, data: bytes) -> list[Attendee]:
    """Add every row of the file, or none: raises :class:`ImportRejected` if any row has a problem."""
    report = check_attendee_csv(session, event, data)
    if not report.ok:
        raise ImportRejected(report)
    return add_attendees(session, event, report.records)


def profile_values(attendee: Attendee) -> dict[str, Any]:
    """The attendee's profile as the shapes name its fields (event tags and free tags apart), for a
    form to show or an export to write."""
    known = {item["tag"] for item in attendee.event.interests}
    return {
        "name": attendee.name, "email": attendee.email or "", "company": attendee.company,
        "job_title": attendee.job_title, "sector": attendee.sector, "country": attendee.country,
        "languages": tuple(attendee.languages), "offers": attendee.offers, "seeks": attendee.seeks,
        "avoids": attendee.avoids,
        "interests": tuple(tag for tag in attendee.interests if not known or tag in known),
        "free_tags": tuple(tag for tag in attendee.interests if known and tag not in known),
        "intents": tuple(attendee.intents),
        "unavailable": tuple(slot.code for slot in attendee.unavailable_slots),
        "max_meetings": attendee.max_meetings,
    }


def record_of(attendee: Attendee) -> AttendeeRecord:
    """The attendee as an import row. Not validated again: what is stored is written out as it is
    (data saved under older rules must still export)."""
    return AttendeeRecord.model_construct(id=attendee.external_id or f"A{attendee.id}",
                                          **profile_values(attendee))


class AttendeeEditError(ValueError):
    """An edit that can't be saved; ``field`` names the field at fault."""

    def __init__(self, field: str, message: str, code: str, value: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.code, self.params = field, code, {"value": value}


def update_attendee(session: Session, attendee: Attendee, changes: AttendeeEdit,
                    external_id: str | None = None) -> None:
    """Save an organiser's edit of one attendee (flushes): ``changes`` is validated already (with the
    event's vocabulary); what needs the database is checked here. Raises :class:`AttendeeEditError`."""
    email = changes.email or None
    if email is not None and session.scalar(
        select(Attendee.id).where(
            Attendee.event_id == attendee.event_id, Attendee.email == email, Attendee.id != attendee.id
        )
    ) is not None:
        raise AttendeeEditError("email", f"{email} belongs to another attendee of this event", "email_taken",
                                email)
    if external_id is not None:
        if session.scalar(
            select(Attendee.id).where(Attendee.event_id == attendee.event_id,
                                      Attendee.external_id == external_id, Attendee.id != attendee.id)
        ) is not None:
            raise AttendeeEditError("id", f"id {external_id!r} is already an attendee of this event",
                                    "id_taken", external_id)
        attendee.external_id = external_id
    assign_profile(attendee, changes, {slot.code: slot for slot in attendee.event.slots})
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
    forget_attendee(session, attendee)  # partners' feedback kept, the outbox scrubbed of them
    session.delete(attendee)
    session.flush()
    session.expire_all()  # meetings were deleted by the database, not by the session
    notify_schedule_change(session, event, partners)
