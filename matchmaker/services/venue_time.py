"""Moments as people at the venue read them: in the event's time zone, in the reader's language (Babel).

Every organiser page, kiosk answer and mail formats times through these, never with ``strftime``:
``%a`` is English whatever the reader's language, and UTC is nobody's time at a fair. Plain English is
formatted the British way (24-hour clock, day before month), as fairs here run.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, format_time


@lru_cache(maxsize=32)
def babel_locale(code: str | None) -> Locale:
    """The Babel locale for a language code ("pl", "ru", "en" -> en_GB); unknown codes give en_GB."""
    try:
        locale = Locale.parse(code or "en_GB", sep="-" if code and "-" in code else "_")
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en_GB")
    if locale.language == "en" and not locale.territory:
        return Locale.parse("en_GB")
    return locale


def time_of_day(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """``09:20``"""
    return format_time(moment, "short", tzinfo=zone, locale=locale)


def weekday_and_time(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """``Tue 09:20`` / ``wt., 09:20`` / ``вт 09:20``: a slot, where the event's days are known."""
    return format_skeleton("EHm", moment, tzinfo=zone, locale=locale)


def weekday_and_date(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """``Tue 18 May``"""
    return format_skeleton("MMMEd", moment, tzinfo=zone, locale=locale)


def day_and_time(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """``Tue 18 May, 09:20``: a moment of the event, weekday and date included."""
    return _combined(weekday_and_date(moment, zone, locale), time_of_day(moment, zone, locale), locale)


def date_and_time(moment: datetime, zone: tzinfo, locale: Locale) -> str:
    """``18 May 2027, 09:20``: when something happened (a run started, a mail was sent)."""
    return _combined(
        format_skeleton("yMMMd", moment, tzinfo=zone, locale=locale),
        time_of_day(moment, zone, locale),
        locale,
    )


def full_date(day: date, locale: Locale) -> str:
    """``Tuesday, 18 May 2027``"""
    return format_date(day, "full", locale=locale)


def medium_date(day: date, locale: Locale) -> str:
    """``18 May 2027``"""
    return format_date(day, "medium", locale=locale)


def _combined(day: str, clock: str, locale: Locale) -> str:
    # The locale's own way of joining a date and a time ("{1}, {0}" in English, "{1} {0}" elsewhere).
    pattern = str(locale.datetime_formats.get("medium", "{1}, {0}"))
    return pattern.replace("'", "").format(clock, day)


def iso_in_zone(moment: datetime, zone: tzinfo) -> str:
    """The moment with the venue's UTC offset, for machines (data attributes, JSON)."""
    return moment.astimezone(zone).isoformat()
