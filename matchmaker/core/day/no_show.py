"""The no-show rule: a partner not checked in at the venue a set time before the meeting starts (or
reported absent by the other side) did not come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class NoShowVerdict:
    """``absent``: who did not come (both, one, or nobody); ``decided``: whether the rule applies yet."""

    decided: bool
    absent: frozenset[int]


def no_show_verdict(
    starts_at: datetime,
    now: datetime,
    minutes_before: int,
    checked_in_at: dict[int, datetime | None],
    reported_absent: frozenset[int] = frozenset(),
    booked_at: datetime | None = None,
) -> NoShowVerdict:
    """Whether a scheduled meeting of the people in ``checked_in_at`` is a no-show at ``now``.

    Someone reported absent by the other side is absent at once. Otherwise the rule is decided from
    ``minutes_before`` the start on: whoever has not checked in by then is absent. Checking in after
    the deadline does not undo a no-show (the slot has been offered to someone else by then). A meeting
    booked after the deadline (a refill, offered only to people already at the venue) is judged at its
    booking instead.
    """
    deadline = starts_at - timedelta(minutes=minutes_before)
    if booked_at is not None and booked_at > deadline:
        deadline = booked_at
    if reported_absent:
        return NoShowVerdict(True, frozenset(reported_absent))
    if now < deadline:
        return NoShowVerdict(False, frozenset())
    late = frozenset(
        person for person, arrived in checked_in_at.items() if arrived is None or arrived > deadline
    )
    return NoShowVerdict(True, late)
