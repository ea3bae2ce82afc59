"""Whom to offer a freed slot: the best partner who can actually meet then.

A candidate is eligible for the attendee left alone (the seeker) in a slot when they are checked in,
free in that slot and available then, under their meeting cap, not met before (nor already asked for
this seat), not excluded or avoided by either side, and the pair scores at least the event's floor;
and only while the slot has not started. Among the eligible, the best score wins; on a tie, someone
who is also seeking a partner in the slot goes first (one booking refills two seats), then the lower
id (the order is reproducible).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class RefillPerson:
    """What the rule needs to know about one attendee for one slot."""

    id: int
    checked_in: bool
    busy: bool  # already in a live meeting in this slot
    available: bool = True  # not marked unavailable for this slot
    meetings: int = 0  # live meetings on their agenda
    cap: int | None = None  # the most meetings they want; None: no limit
    seeking: bool = False  # also left alone in this slot

    @property
    def has_room(self) -> bool:
        return self.cap is None or self.meetings < self.cap


@dataclass(frozen=True)
class RefillChoice:
    candidate: int
    score: float
    seeking: bool


def rank_refill_partners(
    seeker: RefillPerson,
    people: Iterable[RefillPerson],
    scores: Mapping[int, float],
    floor: float,
    *,
    slot_started: bool,
    not_again: Collection[int] = (),
    blocked: Collection[int] = (),
) -> list[RefillChoice]:
    """Every eligible partner for ``seeker``, best first (see the module's rule).

    ``scores``: the pair's match score per candidate id (pairs without one are not worth a meeting);
    ``not_again``: people the seeker met, is booked with, or was already offered for this seat;
    ``blocked``: excluded, dismissed or avoided pairs.
    """
    if slot_started or seeker.busy or not seeker.available or not seeker.has_room:
        return []
    choices = [
        RefillChoice(person.id, scores[person.id], person.seeking)
        for person in people
        if person.id != seeker.id
        and person.id in scores
        and scores[person.id] >= floor
        and person.checked_in
        and not person.busy
        and person.available
        and person.has_room
        and person.id not in not_again
        and person.id not in blocked
    ]
    return sorted(choices, key=lambda c: (-c.score, not c.seeking, c.candidate))
