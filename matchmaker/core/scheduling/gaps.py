"""Counting idle gaps in an agenda.

An idle gap is a wait between two consecutive meetings of a person on the same day that contains at
least one slot the person is available in. Slots the person marked unavailable are not waiting time
(they are busy elsewhere), so meetings at 10:00 and 10:40 around an unavailable 10:20 leave no gap.
"""

from __future__ import annotations

from collections.abc import Iterable

_CACHE: dict[tuple[int, int], int] = {}


def day_gaps(busy: int, available: int) -> int:
    """Idle gaps within one day, given the day's busy and available slot bit masks."""
    if busy & (busy - 1) == 0:  # zero or one meeting: nothing to wait between
        return 0
    key = (busy, available)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    gaps = 0
    previous = busy & -busy
    rest = busy ^ previous
    while rest:
        current = rest & -rest
        between = (current - 1) & ~((previous << 1) - 1)
        if between & available:
            gaps += 1
        previous = current
        rest ^= current
    if len(_CACHE) > 2_000_000:  # a bound on memory for very long runs; the cache is only a speed-up
        _CACHE.clear()
    _CACHE[key] = gaps
    return gaps


def person_gaps(busy: int, available: int, day_masks: Iterable[int]) -> int:
    """Idle gaps of one person over all days."""
    return sum(day_gaps(busy & day, available & day) for day in day_masks)
