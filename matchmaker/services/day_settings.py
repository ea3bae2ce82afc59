"""The event's on-the-day settings: no-show minutes, refill on/off, how long an offer stays open and
how many candidates a freed seat asks at once, reminder minutes and the morning digest's time (each
reminder may be switched off)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from matchmaker.db.models import Event

MIN_FAN_OUT, MAX_FAN_OUT = 1, 10
_CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


class DaySettingsError(ValueError):
    """A setting out of range; ``field`` names it."""

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(field)


@dataclass(frozen=True)
class DaySettings:
    no_show_minutes: int
    refill_enabled: bool
    refill_offer_minutes: int
    reminder_minutes: int | None  # None: no reminders
    digest_time: str | None  # "08:00" at the venue; None: no digest
    refill_fan_out: int = 3  # candidates a freed seat asks at once


def day_settings_of(event: Event) -> DaySettings:
    return DaySettings(
        event.no_show_minutes,
        event.refill_enabled,
        event.refill_offer_minutes,
        event.reminder_minutes,
        event.digest_time,
        event.refill_fan_out,
    )


def save_day_settings(session: Session, event: Event, settings: DaySettings) -> None:
    """Store the settings (flushes); raises :class:`DaySettingsError` and changes nothing when one is out
    of range: minutes 0-120 before a meeting, offers open 1-30 minutes, 1-10 candidates asked at once,
    reminders 1-720 minutes ahead."""
    if not 0 <= settings.no_show_minutes <= 120:
        raise DaySettingsError("no_show_minutes")
    if not 1 <= settings.refill_offer_minutes <= 30:
        raise DaySettingsError("refill_offer_minutes")
    if not MIN_FAN_OUT <= settings.refill_fan_out <= MAX_FAN_OUT:
        raise DaySettingsError("refill_fan_out")
    if settings.reminder_minutes is not None and not 1 <= settings.reminder_minutes <= 720:
        raise DaySettingsError("reminder_minutes")
    if settings.digest_time is not None and not _CLOCK.match(settings.digest_time):
        raise DaySettingsError("digest_time")
    event.no_show_minutes = settings.no_show_minutes
    event.refill_enabled = settings.refill_enabled
    event.refill_offer_minutes = settings.refill_offer_minutes
    event.refill_fan_out = settings.refill_fan_out
    event.reminder_minutes = settings.reminder_minutes
    event.digest_time = settings.digest_time
    session.flush()
