"""Whom to offer a freed slot: the best partner who can actually meet then.

A candidate is eligible for the attendee left alone (the seeker) in a slot when they are checked in,
free in that slot and available then, under their meeting cap, not met before (nor asked for this
seat already, but see below), not excluded or avoided by either side, and the pair scores at least
the event's floor; and only while the slot has not started. Among the eligible, the best score wins;
on a tie, someone who is also seeking a partner in the slot goes first (one booking refills two
seats), then the lower id (the order is reproducible).

Asked again for the same seat (:func:`asked_before`): silence is not a no. A partner whose offer for the
seat closed without their no (it expired unanswered, or was withdrawn or failed) may be asked once more,
after a cool-down, and after everyone not asked yet; one who said yes to it comes first, at once, when
the seat's person has since given their standing yes (their next yes books). Whoever said no to an
offer of the seat, or was said no to by the seat's person, is never asked again for it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

# How many offers one partner may get for one seat: the first, and one more after their silence.
ASKS_PER_PARTNER = 2
_NEVER_AGAIN = frozenset({"open", "declined", "booked"})


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


@dataclass(frozen=True)
class PastOffer:
    """An offer made for the seat before: whom, how it ended, whether that partner had said yes."""

    candidate: int
    status: str  # open, booked, declined, expired, failed, withdrawn
    candidate_yes: bool
    closed_at: datetime | None


@dataclass(frozen=True)
class AskedBefore:
    """Who of those asked for the seat before may not be asked now (``not_again``), who may and goes
    first (``first``: said yes, and the seat's person now stands by theirs) and who goes last
    (``last``: stayed silent, their cool-down is over)."""

    not_again: frozenset[int]
    first: frozenset[int]
    last: frozenset[int]


def asked_before(
    past: Iterable[PastOffer],
    now: datetime,
    cool_down: timedelta,
    *,
    standing_yes: bool,
    asks: int = ASKS_PER_PARTNER,
) -> AskedBefore:
    """Sort the partners of the seat's earlier offers by whether they may be asked again now (see the
    module's rule; ``asks`` offers per partner at most, 1: never again)."""
    by_partner: dict[int, list[PastOffer]] = {}
    for offer in past:
        by_partner.setdefault(offer.candidate, []).append(offer)
    not_again: set[int] = set()
    first: set[int] = set()
    last: set[int] = set()
    for partner, offers in by_partner.items():
        if len(offers) >= asks or any(o.status in _NEVER_AGAIN for o in offers):
            not_again.add(partner)
        elif standing_yes and any(o.candidate_yes for o in offers):
            first.add(partner)
        elif all(o.closed_at is not None and o.closed_at + cool_down <= now for o in offers):
            last.add(partner)
        else:
            not_again.add(partner)  # not yet: their cool-down is still running
    return AskedBefore(frozenset(not_again), frozenset(first), frozenset(last))


def rank_refill_partners(
    seeker: RefillPerson,
    people: Iterable[RefillPerson],
    scores: Mapping[int, float],
    floor: float,
    *,
    slot_started: bool,
    not_again: Collection[int] = (),
    blocked: Collection[int] = (),
    first: Collection[int] = (),
    last: Collection[int] = (),
) -> list[RefillChoice]:
    """Every eligible partner for ``seeker``, best first (see the module's rule).

    ``scores``: the pair's match score per candidate id (pairs without one are not worth a meeting);
    ``not_again``: people the seeker met, is booked with, or who may not be offered for this seat again;
    ``blocked``: excluded, dismissed or avoided pairs; ``first`` / ``last``: partners asked for this
    seat before who go ahead of / after everyone else (:func:`asked_before`).
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

    def group(candidate: int) -> int:
        return 0 if candidate in first else 2 if candidate in last else 1

    return sorted(choices, key=lambda c: (group(c.candidate), -c.score, not c.seeking, c.candidate))
