"""Cells that are safe to open in a spreadsheet, and back (CSV "formula injection").

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab
or carriage return before one) as a formula: ``=HYPERLINK(...)`` typed into a profile would run on the
organiser's laptop. Such a cell is written with a leading apostrophe, which spreadsheets take as
"this is text" and do not show (OWASP's advice). A cell that already starts with an apostrophe gets
another one, so reading strips exactly one and every value comes back as it was.
"""

from __future__ import annotations

# The full-width forms too: some spreadsheets read them as the ASCII operators.
FORMULA_STARTS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
TEXT_MARK = "'"


def looks_like_formula(cell: str) -> bool:
    """Whether a spreadsheet could take ``cell`` for a formula (leading spaces are no protection)."""
    if cell[:1] in FORMULA_STARTS:
        return True
    stripped = cell.lstrip(" \u00a0")
    return bool(stripped) and stripped[0] in FORMULA_STARTS


def neutralise(cell: str) -> str:
    """``cell`` as it is safe to write into a CSV file meant for spreadsheets."""
    if cell.startswith(TEXT_MARK) or looks_like_formula(cell):
        return TEXT_MARK + cell
    return cell


def restore(cell: str) -> str:
    """The value :func:`neutralise` wrote ``cell`` for: the text mark is dropped where neutralise would
    have put one (before a formula start or another mark), so an apostrophe a person typed at the start
    of a plain word ("'t Hooft") survives a file written by hand."""
    rest = cell[1:]
    if cell.startswith(TEXT_MARK) and (rest.startswith(TEXT_MARK) or looks_like_formula(rest)):
        return rest
    return cell
