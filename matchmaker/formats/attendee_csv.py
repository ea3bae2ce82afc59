"""The attendee CSV: what organisers import into an event and what ``matchmaker match`` reads.

UTF-8 (a byte-order mark is accepted), comma-separated, one header row. Lists inside a cell are
separated by ``;``. Only ``id``, ``name``, ``offers`` and ``seeks`` columns are required. Every row is
validated by the one declaration of an attendee record (:class:`matchmaker.shapes.attendee.AttendeeRecord`):
the same limits and rules as the forms and the API. :func:`read_attendee_rows` reports every problem
of a file by line (1 = the header) and column; :func:`read_attendee_csv` raises the first one as
:class:`AttendeeCsvError`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from matchmaker.formats.spreadsheet import neutralise, restore
from matchmaker.shapes.attendee import RECORD_FIELDS, AttendeeRecord, EventVocabulary
from matchmaker.shapes.problems import Problem, problems_of

__all__ = [
    "COLUMNS",
    "AttendeeCsvError",
    "AttendeeRecord",
    "AttendeeRowReader",
    "CsvProblem",
    "CsvRow",
    "open_attendee_csv",
    "read_attendee_csv",
    "read_attendee_rows",
    "write_attendee_csv",
]

COLUMNS = RECORD_FIELDS
REQUIRED_COLUMNS = ("id", "name", "offers", "seeks")
LIST_COLUMNS = ("languages", "interests", "free_tags", "intents", "unavailable")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class CsvProblem:
    """One problem of a file: the line its record starts on (1 = the header), the column (``None``:
    the whole line or file), and the problem as data (``code``, ``params``) and in English."""

    line: int
    column: str | None
    message: str
    code: str = "invalid"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CsvReadResult:
    records: tuple[AttendeeRecord, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class CsvRows:
    """Everything a file holds: the records that are valid, every problem, and its warnings."""

    records: tuple[AttendeeRecord, ...]
    problems: tuple[CsvProblem, ...]
    warnings: tuple[str, ...]
    # The line each valid record starts on, by id.
    lines: dict[str, int] = field(default_factory=dict)


class AttendeeCsvError(ValueError):
    """The file cannot be used. ``str()`` is one line: ``line 7, column "seeks": <message>``."""

    def __init__(self, line: int, column: str | None, message: str, code: str = "invalid_file") -> None:
        self.line = line
        self.column = column
        self.message = message
        self.code = code
        where = f'line {line}, column "{column}"' if column else f"line {line}"
        super().__init__(f"{where}: {message}")


def split_list(cell: str) -> tuple[str, ...]:
    """``"a; b;;c"`` -> ``("a", "b", "c")``."""
    return tuple(item.strip() for item in cell.split(LIST_SEPARATOR) if item.strip())


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise AttendeeCsvError(
            line, None, "the file is not UTF-8 text (save it as CSV UTF-8)", "not_utf8"
        ) from None


def _text_of(source: str | Path | TextIO | bytes) -> str:
    if isinstance(source, bytes):
        return _decode(source)
    if isinstance(source, str | Path):
        return _decode(Path(source).read_bytes())
    try:
        text = source.read()
    except UnicodeDecodeError:
        raise AttendeeCsvError(
            1, None, "the file is not UTF-8 text (save it as CSV UTF-8)", "not_utf8"
        ) from None
    return text.removeprefix("\ufeff")


def _rows(stream: TextIO) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every non-blank record."""
    reader = csv.reader(stream, strict=True)
    next_line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise AttendeeCsvError(next_line, None, f"not valid CSV ({exc})", "bad_csv") from None
        except UnicodeDecodeError:
            raise AttendeeCsvError(
                next_line, None, "the file is not UTF-8 text (save it as CSV UTF-8)", "not_utf8"
            ) from None
        line, next_line = next_line, reader.line_num + 1
        if any(cell.strip() for cell in cells):
            yield line, cells


def _header(line: int, cells: list[str]) -> tuple[list[str], list[str]]:
    names = [cell.strip().lower() for cell in cells]
    for required in REQUIRED_COLUMNS:
        if required not in names:
            raise AttendeeCsvError(
                line, required, "required column is missing from the header", "missing_column"
            )
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise AttendeeCsvError(line, name, "column appears twice in the header", "duplicate_column")
        seen.add(name)
    warnings = [f'line {line}: unknown column "{name}" is ignored' for name in names if name not in COLUMNS]
    return names, warnings


def _cells_as_input(row: dict[str, str]) -> dict[str, Any]:
    """A row's cells as the record's input: lists split on ``;``, an empty cell is an absent value."""
    data: dict[str, Any] = {}
    for column in COLUMNS:
        if column not in row:
            continue
        cell = restore(row[column])  # undo the export's protection against formulas (see _cell)
        if column in LIST_COLUMNS:
            data[column] = split_list(cell)
        elif column == "max_meetings":
            if cell.strip():
                data[column] = cell.strip()
        else:
            data[column] = cell
    return data


def _problem(line: int, problem: Problem) -> CsvProblem:
    column = problem.field if problem.field in COLUMNS else None
    message = problem.message.removeprefix(f"{problem.field} ") if column else problem.message
    return CsvProblem(line, column, message, problem.code, problem.params)


def _record(
    line: int, row: dict[str, str], vocabulary: EventVocabulary | None
) -> AttendeeRecord | list[CsvProblem]:
    try:
        return AttendeeRecord.model_validate(_cells_as_input(row), context={"event": vocabulary})
    except ValidationError as error:
        return [_problem(line, problem) for problem in problems_of(error)]


@dataclass(frozen=True)
class CsvRow:
    """One record of a file: the line it starts on, and the record or its problems."""

    line: int
    record: AttendeeRecord | None
    problems: tuple[CsvProblem, ...] = ()


class AttendeeRowReader:
    """The records of an open file one at a time, so that a file of any length is read in bounded memory
    (only the ids seen so far are kept, to refuse a repeated one). The header is read on creation.

    Raises :class:`AttendeeCsvError` for a problem of the file itself (empty, not UTF-8, broken quoting,
    a bad header), on creation or while iterating: nothing after it can be trusted.
    """

    def __init__(self, stream: TextIO, vocabulary: EventVocabulary | None = None) -> None:
        self._rows = _rows(stream)
        self._vocabulary = vocabulary
        try:
            header_line, header_cells = next(self._rows)
        except StopIteration:
            raise AttendeeCsvError(
                1, None, "the file is empty (a header row is required)", "empty_file"
            ) from None
        if header_cells:
            header_cells[0] = header_cells[0].removeprefix("\ufeff")
        self.names, warnings = _header(header_line, header_cells)
        self.warnings = tuple(warnings)
        # The line each valid record starts on, by id.
        self.lines: dict[str, int] = {}

    def __iter__(self) -> Iterator[CsvRow]:
        names = self.names
        for line, cells in self._rows:
            if len(cells) > len(names):
                yield CsvRow(
                    line,
                    None,
                    (
                        CsvProblem(
                            line,
                            None,
                            f"{len(cells)} cells but the header has {len(names)} columns",
                            "too_many_cells",
                        ),
                    ),
                )
                continue
            outcome = _record(line, dict(zip(names, cells, strict=False)), self._vocabulary)
            if isinstance(outcome, list):
                yield CsvRow(line, None, tuple(outcome))
                continue
            if outcome.id in self.lines:
                first = self.lines[outcome.id]
                yield CsvRow(
                    line,
                    None,
                    (
                        CsvProblem(
                            line,
                            "id",
                            f"id {outcome.id!r} is already used on line {first}",
                            "duplicate_id",
                            {"value": outcome.id, "line": first},
                        ),
                    ),
                )
                continue
            self.lines[outcome.id] = line
            yield CsvRow(line, outcome)


def open_attendee_csv(data: bytes) -> TextIO:
    """The file's bytes as a text stream decoded as it is read (a byte-order mark is dropped)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")


def read_attendee_rows(
    source: str | Path | TextIO | bytes, vocabulary: EventVocabulary | None = None, max_problems: int = 200
) -> CsvRows:
    """Read every row of a file (a path, an open text file or its bytes); valid ones come back as
    records in file order, every problem of the others by
    line and column (up to ``max_problems``). With ``vocabulary``, interests and slot codes must be
    the event's. A problem of the file itself (not UTF-8, broken quoting, a bad header) ends the
    reading: nothing after it can be trusted."""
    problems: list[CsvProblem] = []
    records: list[AttendeeRecord] = []
    try:
        reader = AttendeeRowReader(io.StringIO(_text_of(source), newline=""), vocabulary)
        for row in reader:
            if len(problems) >= max_problems:
                break
            if row.record is None:
                problems.extend(row.problems)
            else:
                records.append(row.record)
    except AttendeeCsvError as error:
        return CsvRows((), (CsvProblem(error.line, error.column, error.message, error.code),), ())
    return CsvRows(tuple(records), tuple(problems[:max_problems]), reader.warnings, reader.lines)


def read_attendee_csv(
    source: str | Path | TextIO, vocabulary: EventVocabulary | None = None
) -> CsvReadResult:
    """Read and validate every row; the records come back in file order.

    Raises :class:`AttendeeCsvError` on the first problem (nothing is returned for a bad file).
    Unknown columns are not errors: each gives a warning and is ignored.
    """
    result = read_attendee_rows(source, vocabulary, max_problems=1)
    if result.problems:
        first = result.problems[0]
        raise AttendeeCsvError(first.line, first.column, first.message, first.code)
    return CsvReadResult(result.records, result.warnings)


def _cell(value: object) -> str:
    """A value as its cell, safe to open in a spreadsheet: organisers open exports in Excel, and what an
    attendee typed (``=HYPERLINK(...)``) must not run there as a formula. Reading undoes it."""
    if isinstance(value, tuple):
        return neutralise(LIST_SEPARATOR.join(str(item) for item in value))
    return "" if value is None else neutralise(str(value))


def write_attendee_csv(records: Iterable[AttendeeRecord], target: str | Path | TextIO) -> None:
    """Write ``records`` with every column, in :data:`COLUMNS` order; ``read_attendee_csv`` reads it back."""
    if sorted(AttendeeRecord.model_fields) != sorted(COLUMNS):
        raise AssertionError("AttendeeRecord fields and COLUMNS disagree")

    def write(stream: TextIO) -> None:
        # CRLF between records (RFC 4180): the writer then quotes a cell holding a bare CR too, which
        # with "\n" alone it writes unquoted, and reading would split the record there.
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow([_cell(getattr(record, column)) for column in COLUMNS])

    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            write(stream)
    else:
        write(target)
