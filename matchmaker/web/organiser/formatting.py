"""How every organiser page shows times, statuses and messages: at the venue, in the organiser's language.

Templates call these (see :func:`organiser_helpers`), views use :func:`word` for what they flash. Times
go through :mod:`matchmaker.services.venue_time` (Babel) in the event's time zone; codes (a run's
status, a meeting's source, a mail's kind) are shown in words; a use case's :class:`Notice` is worded
from its English template, which is the message id of its translations.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import Any

from babel import Locale
from babel.dates import format_time
from flask import g, has_request_context
from flask_babel import get_locale

from matchmaker.db.models import Event, MailStatus, MeetingSource, MeetingStatus, RunStatus, Slot
from matchmaker.services import venue_time
from matchmaker.services.notices import N_, Notice, NoticeError
from matchmaker.web.i18n import gettext

RUN_STATUS: dict[str, str] = {
    RunStatus.QUEUED: N_("queued"),
    RunStatus.RUNNING: N_("running"),
    RunStatus.SUCCEEDED: N_("succeeded"),
    RunStatus.FAILED: N_("failed"),
    RunStatus.CANCELLED: N_("cancelled"),
}
MEETING_STATUS: dict[str, str] = {
    MeetingStatus.SCHEDULED: N_("scheduled"),
    MeetingStatus.HELD: N_("held"),
    MeetingStatus.NO_SHOW: N_("no-show"),
    MeetingStatus.CANCELLED: N_("cancelled"),
}
MEETING_SOURCE: dict[str, str] = {
    MeetingSource.AUTO: N_("scheduled automatically"),
    MeetingSource.REQUEST: N_("from a request"),
    MeetingSource.MANUAL: N_("added by hand"),
}
MAIL_STATUS: dict[str, str] = {
    MailStatus.STORED: N_("in the outbox (no SMTP)"),
    MailStatus.QUEUED: N_("waiting to be sent"),
    MailStatus.SENT: N_("sent"),
    MailStatus.FAILED: N_("not delivered"),
}
MAIL_KIND: dict[str, str] = {
    "personal_link": N_("personal link"),
    "invitation": N_("invitation"),
    "link_again": N_("link sent again"),
    "new_link": N_("new link"),
    "schedule_changed": N_("schedule changed"),
    "request_received": N_("meeting request"),
    "request_accepted": N_("request accepted"),
    "request_declined": N_("request declined"),
    "meeting_cancelled": N_("meeting cancelled"),
}
_LABELS: dict[type[StrEnum], Mapping[str, str]] = {
    RunStatus: RUN_STATUS,
    MeetingStatus: MEETING_STATUS,
    MeetingSource: MEETING_SOURCE,
    MailStatus: MAIL_STATUS,
}


def locale() -> Locale:
    """The organiser's locale for dates and names (plain English the British way)."""
    if has_request_context() and "organiser_locale" in g:
        cached: Locale = g.organiser_locale
        return cached
    chosen = venue_time.babel_locale(str(get_locale() or "en"))
    if has_request_context():
        g.organiser_locale = chosen
    return chosen


def label(value: str | None, labels: Mapping[str, str]) -> str:
    """``value`` in words from ``labels``; an unknown code is shown as it is."""
    if value is None:
        return ""
    words = labels.get(value)
    return gettext(words) if words is not None else str(value).replace("_", " ")


_KINDS: dict[str, dict[str, str]] = {
    "run": RUN_STATUS,
    "meeting": MEETING_STATUS,
    "mail": MAIL_STATUS,
    "source": MEETING_SOURCE,
    "mail_kind": MAIL_KIND,
}


def status_label(value: str | None, kind: str = "run") -> str:
    """A code of ``kind`` ("run", "meeting", "mail", "source", "mail_kind") in words."""
    return label(value, _KINDS[kind])


def word(message: Notice | NoticeError | str) -> str:
    """A use case's message in the organiser's language (a plain string is shown as it is)."""
    if isinstance(message, NoticeError):
        message = message.notice
    if isinstance(message, str):
        return message
    return gettext(message.template) % {name: _worded(value) for name, value in message.params.items()}


def _worded(value: Any) -> Any:
    if isinstance(value, datetime):  # already at the venue (the use case converted it)
        return venue_time.time_of_day(value, value.tzinfo or UTC, locale())
    if isinstance(value, time):
        return format_time(value, "short", locale=locale())
    if isinstance(value, Notice):
        return word(value)
    if isinstance(value, StrEnum) and type(value) in _LABELS:
        return label(value, _LABELS[type(value)])
    return value


def when(moment: datetime | None, event: Event | None = None) -> str:
    """When something happened (a run, a mail, a kiosk link): date and time at the venue; without an
    event (account pages) in UTC, said so."""
    if moment is None:
        return ""
    if event is None:
        return f"{venue_time.date_and_time(moment, UTC, locale())} UTC"
    return venue_time.date_and_time(moment, event.zone, locale())


def clock(moment: datetime, event: Event) -> str:
    """``09:20`` at the venue."""
    return venue_time.time_of_day(moment, event.zone, locale())


def slot_time(slot: Slot, event: Event) -> str:
    """A slot's start as a weekday and time at the venue: ``Tue 09:20``."""
    return venue_time.weekday_and_time(slot.start, event.zone, locale())


def day(moment: datetime, event: Event) -> str:
    """``Tue 18 May``: the venue's calendar day of ``moment``."""
    return venue_time.weekday_and_date(moment, event.zone, locale())


def day_time(moment: datetime, event: Event) -> str:
    """``Tue 18 May, 09:20`` at the venue."""
    return venue_time.day_and_time(moment, event.zone, locale())


def event_date(day: date, form: str = "medium") -> str:
    return venue_time.full_date(day, locale()) if form == "full" else venue_time.medium_date(day, locale())


def organiser_helpers() -> dict[str, object]:
    return {
        "when": when,
        "clock": clock,
        "slot_time": slot_time,
        "day": day,
        "day_time": day_time,
        "event_date": event_date,
        "status_label": status_label,
        "word": word,
    }
