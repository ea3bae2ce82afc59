"""Why a candidate is worth meeting, as data: the kind of reason and what it rests on.

The core never writes sentences. A reason names its kind and the facts from both profiles — the
viewer's sought item and the candidate's offer that answers it, the interest tags they share, the
goals that fit — and the edge (web page, API, CLI) words it in the reader's language, with interest
labels from the event's own translations. Stored as JSON (:meth:`Reason.to_json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from matchmaker.core import intents as goal
from matchmaker.core.matching.items import ProfileItems
from matchmaker.core.matching.profile import Profile

# A part counts as a reason from this strength on (0.5 = as likely a real answer as not).
REASON_THRESHOLD = 0.5

THEY_OFFER = "they_offer"  # yours: your sought item; theirs: their offer that answers it
THEY_SEEK = "they_seek"  # theirs: their sought item; yours: your offer that answers it
SHARED_INTERESTS = "shared_interests"  # codes: interest tags both declared
SIMILAR_INTERESTS = "similar_interests"  # codes: the candidate's interest tags
GOALS = "goals"  # codes: (their goal, your goal that answers it)
ATTENDING = "attending"  # nothing else to say
KINDS = (THEY_OFFER, THEY_SEEK, SHARED_INTERESTS, SIMILAR_INTERESTS, GOALS, ATTENDING)


@dataclass(frozen=True)
class Reason:
    """One reason shown to a viewer about a candidate."""

    kind: str
    yours: tuple[str, ...] = ()
    theirs: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "yours": list(self.yours),
            "theirs": list(self.theirs),
            "codes": list(self.codes),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Reason:
        """The reason stored by :meth:`to_json`; missing lists are empty."""
        return cls(
            kind=str(data.get("kind", ATTENDING)),
            yours=tuple(map(str, data.get("yours") or ())),
            theirs=tuple(map(str, data.get("theirs") or ())),
            codes=tuple(map(str, data.get("codes") or ())),
        )


@dataclass(frozen=True)
class MatchParts:
    """The parts of one pair's score seen from viewer A towards candidate B, with the matched items
    (positions in the item lists, -1 for none)."""

    a_gets: float  # B's offers against A's needs
    b_gets: float  # A's offers against B's needs
    interests: float
    intents: float
    a_seek: int = -1
    a_offer: int = -1
    b_seek: int = -1
    b_offer: int = -1


@dataclass(frozen=True)
class ProfileFacts:
    """What reasons quote from one profile, worked out once per profile rather than once per pair."""

    items: ProfileItems
    interests: tuple[tuple[str, str], ...]  # (as written, case-folded)
    folded: frozenset[str]
    intents: tuple[str, ...]

    @classmethod
    def of(cls, profile: Profile) -> ProfileFacts:
        interests = tuple((tag.strip(), tag.strip().casefold()) for tag in profile.interests if tag.strip())
        return cls(
            items=profile.items,
            interests=interests,
            folded=frozenset(f for _, f in interests),
            intents=profile.intents,
        )


def _item(items: tuple[str, ...], position: int) -> str:
    if 0 <= position < len(items):
        return items[position]
    return items[0] if items else ""


def _goal_reason(a: ProfileFacts, b: ProfileFacts) -> Reason | None:
    for code in b.intents:
        answer = goal.COMPLEMENTARY_INTENTS.get(code)
        if answer is not None and answer in a.intents:
            return Reason(GOALS, codes=(code, answer))
    return None


def reasons_for(a: ProfileFacts, b: ProfileFacts, parts: MatchParts) -> tuple[Reason, ...]:
    """Reasons to show A about candidate B, strongest first; never empty.

    Each reason states a fact from the two profiles; parts below :data:`REASON_THRESHOLD` are used
    only when nothing else qualifies, so every recommendation carries at least one reason.
    """
    scored: list[tuple[float, Reason]] = []
    seek, offer = _item(a.items.seeks, parts.a_seek), _item(b.items.offers, parts.a_offer)
    if seek and offer:
        scored.append((parts.a_gets, Reason(THEY_OFFER, yours=(seek,), theirs=(offer,))))
    their_seek, my_offer = _item(b.items.seeks, parts.b_seek), _item(a.items.offers, parts.b_offer)
    if their_seek and my_offer:
        scored.append((parts.b_gets, Reason(THEY_SEEK, yours=(my_offer,), theirs=(their_seek,))))
    # Shared tags and fitting goals are facts, but say less than two matched items: they count as just
    # strong enough, so a matched need or offer comes first whenever there is one.
    shared = [tag for tag, folded in a.interests if folded in b.folded] if a.folded & b.folded else []
    if shared:
        scored.append((REASON_THRESHOLD, Reason(SHARED_INTERESTS, codes=tuple(shared[:3]))))
    elif b.interests:
        similar = min(parts.interests, REASON_THRESHOLD)
        scored.append((similar, Reason(SIMILAR_INTERESTS, codes=tuple(t for t, _ in b.interests[:3]))))
    if parts.intents > 0 and (reason := _goal_reason(a, b)):
        scored.append((REASON_THRESHOLD, reason))
    if not scored:
        return (Reason(ATTENDING),)
    scored.sort(key=_strength, reverse=True)
    reasons = tuple(reason for strength, reason in scored if strength >= REASON_THRESHOLD)
    return reasons or (scored[0][1],)


def _strength(item: tuple[float, Reason]) -> float:
    return item[0]


def explain(a: Profile, b: Profile, parts: MatchParts) -> tuple[Reason, ...]:
    """Reasons to show A about candidate B, strongest first; never empty (see :func:`reasons_for`)."""
    return reasons_for(ProfileFacts.of(a), ProfileFacts.of(b), parts)
