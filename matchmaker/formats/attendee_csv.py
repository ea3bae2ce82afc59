"""The attendee CSV: what organisers import into an event and what ``matchmaker match`` reads.

UTF-8 (a byte-order mark is accepted), comma-separated, one header row. Lists inside a cell are
separated by ``;``. Only ``id``, ``name``, ``offers`` and ``seeks`` columns are required; every row
needs an id, a name and at least one of offers / seeks. Any problem in the file is reported as one
:class:`AttendeeCsvError` naming the line (1 = the header) and the column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TextIO

from matchmaker.core.intents import INTENTS
from matchmaker.core.matching.profile import Profile

COLUMNS = ("id", "name", "email", "company", "job_title", "sector", "country", "languages", "offers",
           "seeks", "avoids", "interests", "intents", "unavailable", "max_meetings")
REQUIRED_COLUMNS = ("id", "name", "offers", "seeks")
LIST_COLUMNS = ("languages", "interests", "intents", "unavailable")
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class AttendeeRecord:
    """One row of the attendee CSV; list cells are split on ``;`` and stripped, empty items dropped."""

    id: str
    name: str
    offers: str = ""
    seeks: str = ""
    # What the attendee does not want offered or asked of them; items separated like offers and seeks.
    avoids: str = ""
    email: str = ""
    company: str = ""
    job_title: str = ""
    sector: str = ""
    country: str = ""
    languages: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    unavailable: tuple[str, ...] = ()
    max_meetings: int | None = None

    def to_profile(self) -> Profile:
        """What the matcher needs from this row, keyed by the CSV id."""
        return Profile(key=self.id, offers=self.offers, seeks=self.seeks, avoids=self.avoids, name=self.name,
                       company=self.company, sector=self.sector, interests=self.interests,
                       intents=self.intents, languages=self.languages)


@dataclass(frozen=True)
class CsvReadResult:
    records: tuple[AttendeeRecord, ...]
    warnings: tuple[str, ...]


class AttendeeCsvError(ValueError):
    """The file cannot be used. ``str()`` is one line: ``line 7, column "seeks": <message>``."""

    def __init__(self, line: int, column: str | None, message: str) -> None:
        self.line = line
        self.column = column
        self.message = message
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
        raise AttendeeCsvError(line, None, "the file is not UTF-8 text (save it as CSV UTF-8)") from None


def _text_of(source: str | Path | TextIO) -> str:
    if isinstance(source, str | Path):
        return _decode(Path(source).read_bytes())
    try:
        text = source.read()
    except UnicodeDecodeError:
        raise AttendeeCsvError(1, None, "the file is not UTF-8 text (save it as CSV UTF-8)") from None
    return text.removeprefix("\ufeff")


def _rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record starts, cells) for every non-blank record."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    next_line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise AttendeeCsvError(next_line, None, f"not valid CSV ({exc})") from None
        line, next_line = next_line, reader.line_num + 1
        if any(cell.strip() for cell in cells):
            yield line, cells


def _header(line: int, cells: list[str]) -> tuple[list[str], list[str]]:
    names = [cell.strip().lower() for cell in cells]
    for required in REQUIRED_COLUMNS:
        if required not in names:
            raise AttendeeCsvError(line, required, "required column is missing from the header")
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise AttendeeCsvError(line, name, "column appears twice in the header")
        seen.add(name)
    warnings = [f'line {line}: unknown column "{name}" is ignored' for name in names if name not in COLUMNS]
    return names, warnings


def _record(line: int, row: dict[str, str]) -> AttendeeRecord:
    for column in ("id", "name"):
        if not row.get(column, "").strip():
            raise AttendeeCsvError(line, column, f"{column} is empty")
    if not row.get("offers", "").strip() and not row.get("seeks", "").strip():
        raise AttendeeCsvError(line, "offers", "a row needs offers or seeks (both are empty)")
    intents = split_list(row.get("intents", ""))
    for code in intents:
        if code not in INTENTS:
            raise AttendeeCsvError(line, "intents", f"unknown intent {code!r} (known: {', '.join(INTENTS)})")
    max_meetings: int | None = None
    if raw := row.get("max_meetings", "").strip():
        if not raw.isdigit():
            raise AttendeeCsvError(line, "max_meetings", f"{raw!r} is not a whole number of meetings")
        max_meetings = int(raw)
    return AttendeeRecord(
        id=row["id"].strip(),
        name=row["name"].strip(),
        offers=row.get("offers", "").strip(),
        seeks=row.get("seeks", "").strip(),
        avoids=row.get("avoids", "").strip(),
        email=row.get("email", "").strip(),
        company=row.get("company", "").strip(),
        job_title=row.get("job_title", "").strip(),
        sector=row.get("sector", "").strip(),
        country=row.get("country", "").strip(),
        languages=tuple(code.lower() for code in split_list(row.get("languages", ""))),
        interests=split_list(row.get("interests", "")),
        intents=intents,
        unavailable=split_list(row.get("unavailable", "")),
        max_meetings=max_meetings,
    )


def read_attendee_csv(source: str | Path | TextIO) -> CsvReadResult:
    """Read and validate every row; the records come back in file order.

    Raises :class:`AttendeeCsvError` on the first problem (nothing is returned for a bad file).
    Unknown columns are not errors: each gives a warning and is ignored.
    """
    rows = _rows(_text_of(source))
    try:
        header_line, header_cells = next(rows)
    except StopIteration:
        raise AttendeeCsvError(1, None, "the file is empty (a header row is required)") from None
    names, warnings = _header(header_line, header_cells)
    records: list[AttendeeRecord] = []
    first_line_of: dict[str, int] = {}
    for line, cells in rows:
        if len(cells) > len(names):
            raise AttendeeCsvError(line, None, f"{len(cells)} cells but the header has {len(names)} columns")
        row = dict(zip(names, cells, strict=False))
        record = _record(line, row)
        if record.id in first_line_of:
            first = first_line_of[record.id]
            raise AttendeeCsvError(line, "id", f"id {record.id!r} is already used on line {first}")
        first_line_of[record.id] = line
        records.append(record)
    return CsvReadResult(tuple(records), tuple(warnings))


def _cell(value: object) -> str:
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return "" if value is None else str(value)


def write_attendee_csv(records: Iterable[AttendeeRecord], target: str | Path | TextIO) -> None:
    """Write ``records`` with every column, in :data:`COLUMNS` order; ``read_attendee_csv`` reads it back."""
    names = [f.name for f in fields(AttendeeRecord)]
    if sorted(names) != sorted(COLUMNS):
        raise AssertionError("AttendeeRecord fields and COLUMNS disagree")

    def write(stream: TextIO) -> None:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow([_cell(getattr(record, column)) for column in COLUMNS])

    if isinstance(target, str | Path):
        with Path(target).open("w", encoding="utf-8", newline="") as stream:
            write(stream)
    else:
        write(target)
