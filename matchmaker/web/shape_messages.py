"""Words for refused input, in the visitor's language.

The shapes (:mod:`matchmaker.shapes`) say what is wrong as data: a field, a ``code`` and its values;
this module says it to a person. The API and the CLI keep the shapes' English messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from matchmaker.shapes.problems import Problem
from matchmaker.web.i18n import gettext


def _l(message: str) -> str:
    """Marks a message for extraction (``_l`` is a keyword of babel.cfg); translated in :func:`say`."""
    return message


_TIME = _l("Please enter a time like 09:00.")
_DATE = _l("Please enter a date (YYYY-MM-DD).")
_WHOLE = _l("Please enter a whole number.")
_CHOICE = _l("Please choose one of the options.")
_NUL = _l("This text contains a character that can't be stored; please retype it.")

MESSAGES: dict[str, str] = {
    "required": _l("Please fill this in."),
    "missing": _l("Please fill this in."),
    "string_too_long": _l("Please keep this to %(max_length)s characters."),
    "too_long": _l("Please choose at most %(max_length)s."),
    "unstorable": _NUL,
    "string_unicode": _NUL,
    "control_character": _l("Please keep this to one line, without control characters."),
    "control_character_text": _l("This text contains a control character; please retype it."),
    "string_type": _l("Please enter text here."),
    "email": _l("This doesn't look like an e-mail address (example: anna@company.com)."),
    "email_taken": _l("Another attendee of this event already uses this e-mail address."),
    "id_taken": _l("Another attendee of this event already has the id “%(value)s”."),
    "country": _l("Please choose a country from the list."),
    "language": _l("Please choose languages from the list."),
    "interface_language": _l("Please choose from the languages offered."),
    "unknown_interest": _l("The event has no interest “%(value)s”."),
    "unknown_slot": _l("The event has no slot “%(value)s”."),
    "unknown_intent": _l("Please choose goals from the list."),
    "offers_or_seeks": _l(
        "Tell us what you offer or what you are looking for (or both): this is what we match on."
    ),
    "consent": _l("Please agree to the privacy terms to take part."),
    "int_parsing": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "greater_than_equal": _l("Please enter %(ge)s or more."),
    "less_than_equal": _l("Please enter %(le)s or less."),
    "bool_parsing": _CHOICE,
    "literal_error": _CHOICE,
    "time_zone": _l("Please choose a time zone from the list."),
    "at_least_one_language": _l("Please choose at least one language."),
    "ends_before_start": _l("The last day can't be before the first day."),
    "too_many_days": _l("An event lasts at most %(max_days)s days."),
    "year_out_of_range": _l("Please enter a date in the years %(first)s to %(last)s."),
    "date_parsing": _DATE,
    "date_type": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "clock": _TIME,
    "time_parsing": _TIME,
    "time_type": _TIME,
    "day_order": _l("The day must end after it starts."),
    "break_order": _l("A break must end after it starts."),
    "breaks_format": _l("“%(part)s” is not like 12:30-13:30."),
    "naming_number": _l("Put {n} where the number goes, e.g. “Table {n}”."),
    "table_name_too_long": _l("Table names are at most %(max_length)s characters."),
    "zones_format": _l("“%(part)s” is not like “Hall A: 1-10”."),
    "zones_range": _l("“%(part)s” is outside tables 1-%(count)s."),
    "zone_too_long": _l("A zone's name has at most %(max_length)s characters."),
    # Problems of an attendee CSV file.
    "not_utf8": _l("The file is not UTF-8 text (save it as CSV UTF-8)."),
    "bad_csv": _l("This is not valid CSV (check the quotes)."),
    "missing_column": _l("This required column is missing from the header."),
    "duplicate_column": _l("This column appears twice in the header."),
    "empty_file": _l("The file is empty (a header row is required)."),
    "too_many_cells": _l("This line has more cells than the header has columns."),
    "duplicate_id": _l("The id “%(value)s” is already used on line %(line)s."),
    "email_repeated": _l("%(value)s is already used on line %(line)s."),
    "email_registered": _l("%(value)s is already registered for this event."),
}
FALLBACK = _l("This value can't be used.")


def say(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The problem ``code`` in the visitor's language."""
    try:
        return gettext(MESSAGES.get(code, FALLBACK), **dict(params or {}))
    except (KeyError, TypeError, ValueError):  # a translation naming a value the problem doesn't have
        return gettext(FALLBACK)


def field_errors(problems: Iterable[Problem], names: Mapping[str, str] | None = None) -> dict[str, list[str]]:
    """{form field: [messages]} for every problem; ``names`` maps a shape's field to the form's field
    where they differ (``unavailable`` -> ``available_slots``)."""
    errors: dict[str, list[str]] = {}
    for problem in problems:
        field = (names or {}).get(problem.field, problem.field)
        message = say(problem.code, problem.params)
        if message not in errors.setdefault(field, []):
            errors[field].append(message)
    return errors


def say_problem(problem: Any) -> str:
    """A reported problem (of an import: ``code``, ``params``, ``message``) in the visitor's language;
    its English message where no words are known for its code."""
    code = getattr(problem, "code", "")
    if code in MESSAGES:
        return say(code, getattr(problem, "params", None))
    return str(getattr(problem, "message", ""))
