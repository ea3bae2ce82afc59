"""Why a candidate is worth meeting, as data: the kind of reason and what it rests on.

The core never writes sentences. A reason names its kind and the facts from both profiles — the
viewer's sought item and the candidate's offer that answers it, the interest tags they share, the
goals that fit — and the edge (web page, API, CLI) words it in the reader's language, with interest
labels from the event's own translations. Stored as JSON (:meth:`Reason.to_json`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from matchmaker.core import intents as goal
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


class Reason(NamedTuple):
    """One reason shown to a viewer about a candidate. A named tuple: a large fair makes a million."""

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

    offers: tuple[str, ...]
    seeks: tuple[str, ...]
    interests: tuple[tuple[str, str], ...]  # (as written, case-folded)
    folded: frozenset[str]
    tags: tuple[str, ...]  # the first three interests as written
    intents: frozenset[str]
    # (their goal, the goal that answers it), for each goal declared
    goal_answers: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, profile: Profile) -> ProfileFacts:
        interests = tuple((tag.strip(), tag.strip().casefold()) for tag in profile.interests if tag.strip())
        answers = tuple(
            (code, goal.COMPLEMENTARY_INTENTS[code])
            for code in profile.intents
            if code in goal.COMPLEMENTARY_INTENTS
        )
        return cls(
            offers=profile.items.offers,
            seeks=profile.items.seeks,
            interests=interests,
            folded=frozenset(f for _, f in interests),
            tags=tuple(t for t, _ in interests[:3]),
            intents=frozenset(profile.intents),
            goal_answers=answers,
        )


def _item(items: tuple[str, ...], position: int) -> str:
    if 0 <= position < len(items):
        return items[position]
    return items[0] if items else ""


def reasons_for(
    a: ProfileFacts,
    b: ProfileFacts,
    a_gets: float,
    b_gets: float,
    interests: float,
    intents: float,
    a_seek: int = -1,
    a_offer: int = -1,
    b_seek: int = -1,
    b_offer: int = -1,
) -> tuple[Reason, ...]:
    """Reasons to show A about candidate B, strongest first; never empty.

    Each reason states a fact from the two profiles. A matched need or offer counts with its
    strength; shared tags and fitting goals say less and count as just strong enough
    (:data:`REASON_THRESHOLD`), so a matched item comes first whenever there is one. Parts below the
    threshold are used only when nothing else qualifies. Takes plain numbers and builds only the
    reasons it returns: it runs once per recommended pair (600,000 times at a fair of 20,000).
    """
    offer_ok = bool(a.seeks and b.offers)
    seek_ok = bool(b.seeks and a.offers)
    shared = a.folded & b.folded if a.folded and b.folded else frozenset()
    goal_pair = None
    if intents > 0:
        goal_pair = next(((code, answer) for code, answer in b.goal_answers if answer in a.intents), None)
    # (strength, kind) of every reason available, in the order that breaks ties.
    available: list[tuple[float, str]] = []
    if offer_ok:
        available.append((a_gets, THEY_OFFER))
    if seek_ok:
        available.append((b_gets, THEY_SEEK))
    if shared:
        available.append((REASON_THRESHOLD, SHARED_INTERESTS))
    elif b.interests:
        available.append((min(interests, REASON_THRESHOLD), SIMILAR_INTERESTS))
    if goal_pair is not None:
        available.append((REASON_THRESHOLD, GOALS))
    if not available:
        return _ATTENDING
    available.sort(key=_strength, reverse=True)
    chosen = [kind for strength, kind in available if strength >= REASON_THRESHOLD] or [available[0][1]]
    reasons = []
    for kind in chosen:
        if kind == THEY_OFFER:
            reasons.append(Reason(THEY_OFFER, (_item(a.seeks, a_seek),), (_item(b.offers, a_offer),)))
        elif kind == THEY_SEEK:
            reasons.append(Reason(THEY_SEEK, (_item(a.offers, b_offer),), (_item(b.seeks, b_seek),)))
        elif kind == SHARED_INTERESTS:
            tags = tuple(tag for tag, folded in a.interests if folded in shared)
            reasons.append(Reason(SHARED_INTERESTS, codes=tags[:3]))
        elif kind == SIMILAR_INTERESTS:
            reasons.append(Reason(SIMILAR_INTERESTS, codes=b.tags))
        elif goal_pair is not None:
            reasons.append(Reason(GOALS, codes=goal_pair))
    return tuple(reasons)


_ATTENDING = (Reason(ATTENDING),)


def _strength(item: tuple[float, str]) -> float:
    return item[0]


def explain(a: Profile, b: Profile, parts: MatchParts) -> tuple[Reason, ...]:
    """Reasons to show A about candidate B, strongest first; never empty (see :func:`reasons_for`)."""
    return reasons_for(
        ProfileFacts.of(a),
        ProfileFacts.of(b),
        parts.a_gets,
        parts.b_gets,
        parts.interests,
        parts.intents,
        parts.a_seek,
        parts.a_offer,
        parts.b_seek,
        parts.b_offer,
    )
