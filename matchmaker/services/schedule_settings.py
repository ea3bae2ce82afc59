"""The event's scheduling settings: the quality floor and the "requested meetings only" mode.

Both are read by :mod:`.schedule_problem` when a run builds its problem, and shown on the draft, so
a draft always says with which floor it was made.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy.orm import Session

from matchmaker.db.models import Event


class SettingsError(ValueError):
    """A setting out of range; the message starts with the field name ("match_floor: ...")."""


@dataclass(frozen=True)
class ScheduleSettings:
    """``match_floor`` None means the product's default (see :func:`.schedule_problem.match_floor_of`)."""

    match_floor: float | None
    requested_meetings_only: bool


def save_schedule_settings(session: Session, event: Event, settings: ScheduleSettings) -> None:
    """Store the settings on ``event`` (flushes); raises :class:`SettingsError` and changes nothing
    when the floor is not a number between 0 and 1."""
    floor = settings.match_floor
    if floor is not None and (not math.isfinite(floor) or not 0.0 <= floor <= 1.0):
        raise SettingsError("match_floor: the minimum match score must be between 0 and 1")
    event.match_floor = None if floor is None else round(float(floor), 4)
    event.requested_meetings_only = settings.requested_meetings_only
    session.flush()
