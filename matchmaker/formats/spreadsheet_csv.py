"""CSV documents for spreadsheets: Excel reads them as UTF-8 and no cell runs as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from matchmaker.formats.spreadsheet import neutralise

# Excel opens a UTF-8 file as UTF-8 (Polish and Russian names intact) only with a byte order mark;
# other readers skip it.
BOM = "\ufeff"


def spreadsheet_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A CSV document (RFC 4180: commas, CRLF) with a BOM, every cell through :func:`neutralise`."""
    stream = io.StringIO()
    stream.write(BOM)
    writer = csv.writer(stream, lineterminator="\r\n")
    for row in (header, *rows):
        writer.writerow([neutralise("" if value is None else str(value)) for value in row])
    return stream.getvalue()
