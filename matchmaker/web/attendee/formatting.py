"""Template helpers for dates and times at the venue, in the visitor's language."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time

from matchmaker.db.models import Event, Slot
from matchmaker.services.translations import table_in_words
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.labels import (
    REQUEST_STATUS_LABELS,
    babel_locale,
    country_name,
    interest_label,
    language_name,
    reason_text,
    score_level,
)
from matchmaker.web.i18n import gettext


@bp.app_template_filter("table_in_words")
def table_name_in_words(name: str) -> str:
    """A table's name for "Table %(table)s", in the visitor's language (see services.translations)."""
    return table_in_words(name, gettext)


@bp.app_template_filter("venue_datetime")
def venue_datetime(moment: datetime, event: Event, form: str = "medium") -> str:
    """``moment`` as a date and time at the event's venue (its time zone), in the visitor's language."""
    return format_datetime(moment, form, tzinfo=event.zone, locale=babel_locale())


@bp.app_template_filter("venue_time")
def venue_time(moment: datetime, event: Event) -> str:
    return _time_at(moment, event.timezone, str(babel_locale()))


@lru_cache(maxsize=4096)
def _time_at(moment: datetime, timezone: str, locale: str) -> str:
    # Every agenda shows the same few dozen slot times: formatting each once per process saves the
    # agenda page a good part of its rendering time.
    return format_time(moment, "short", tzinfo=ZoneInfo(timezone), locale=locale)


@bp.app_template_filter("local_date")
def local_date(day: date, form: str = "long") -> str:
    """A calendar date (no time zone involved) in the visitor's language."""
    return format_date(day, form, locale=babel_locale())


@bp.app_template_filter("venue_day")
def venue_day(day: date) -> str:
    return _full_date(day, str(babel_locale()))


@lru_cache(maxsize=1024)
def _full_date(day: date, locale: str) -> str:
    return format_date(day, "full", locale=locale)


bp.add_app_template_filter(language_name, "language_name")


def slot_days(event: Event) -> list[tuple[date, list[Slot]]]:
    """The event's slots grouped by calendar day at the venue, in time order."""
    days: dict[date, list[Slot]] = {}
    for slot in sorted(event.slots, key=lambda s: s.start):
        days.setdefault(slot.day(event.zone), []).append(slot)
    return list(days.items())


@bp.app_context_processor
def attendee_helpers() -> dict[str, object]:
    return {
        "reason_text": reason_text,
        "slot_days": slot_days,
        "score_level": score_level,
        "request_status_label": lambda status: REQUEST_STATUS_LABELS.get(status, status),
        "language_name": language_name,
        "country_name": country_name,
        "interest_label": interest_label,
    }
