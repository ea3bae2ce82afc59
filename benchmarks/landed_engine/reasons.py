"""Sentences that tell an attendee, in plain words, why a candidate is worth meeting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from benchmarks.landed_engine.profile import Profile
from matchmaker.core import intents as goal

# A part counts as a reason from this calibrated strength on (0.5 = clearly above the background).
REASON_THRESHOLD = 0.5
MAX_PHRASE_CHARS = 90
_CLAUSES = re.compile(r"(?<=[.;!?\n])\s*|\s+[-–—]\s+")
# English lead-ins that leave a noun phrase behind: "We supply compostable cups" -> "compostable cups".
_OFFER_LEAD = re.compile(
    r"^(we|i)\s+(offer|provide|sell|supply|distribute|deliver|export|import|manufacture|produce|make|build|"
    r"develop|design|roast|grow|print|install|run|operate)\s+|^(offering|providing|supplier of|maker of)\s+",
    re.IGNORECASE,
)
_SEEK_LEAD = re.compile(
    r"^((we|i)\s+(are|am)\s+)?(looking|searching)\s+for\s+|^(we|i)\s+(seek|need|want)\s+|^seeking\s+",
    re.IGNORECASE,
)

# What the candidate wants, said to the viewer, for each goal the candidate declared.
_THEIR_GOAL = {
    goal.FIND_CLIENTS: "Is looking for clients",
    goal.FIND_SUPPLIERS: "Is looking for suppliers",
    goal.FIND_PARTNERS: "Is looking for partners",
    goal.FIND_INVESTORS: "Is raising investment",
    goal.FIND_STARTUPS: "Invests in startups",
    goal.FIND_TALENT: "Is hiring",
    goal.FIND_JOB: "Is looking for a job",
    goal.FIND_MENTOR: "Is looking for a mentor",
    goal.FIND_MENTEES: "Offers mentoring",
    goal.KNOWLEDGE_EXCHANGE: "Wants to exchange know-how",
}
_YOUR_GOAL = {
    goal.FIND_CLIENTS: "you are looking for clients",
    goal.FIND_SUPPLIERS: "you are looking for suppliers",
    goal.FIND_PARTNERS: "so are you",
    goal.FIND_INVESTORS: "you are raising investment",
    goal.FIND_STARTUPS: "you invest in startups",
    goal.FIND_TALENT: "you are hiring",
    goal.FIND_JOB: "you are looking for a job",
    goal.FIND_MENTOR: "you are looking for a mentor",
    goal.FIND_MENTEES: "you offer mentoring",
    goal.KNOWLEDGE_EXCHANGE: "so do you",
}


@dataclass(frozen=True)
class MatchParts:
    """The calibrated parts of one pair's score, seen from the viewer A towards candidate B."""

    a_gets: float  # B's offers against A's needs
    b_gets: float  # A's offers against B's needs
    interests: float
    intents: float
    cross_sector: float


def key_phrase(verb: str, text: str, lead: re.Pattern[str]) -> str:
    """``verb`` and the first clause of ``text``, cut at a word near 90 characters.

    An English lead-in ("We supply ...") gives way to the verb ("Offers compostable cups"); any other
    clause is quoted after a colon, as written, in whatever language it is.
    """
    parts = (part.strip(" .;,!?\n") for part in _CLAUSES.split(text) if part)
    clause = next((part for part in parts if part), "")
    if len(clause) > MAX_PHRASE_CHARS:
        clause = clause[:MAX_PHRASE_CHARS].rsplit(" ", 1)[0] + "…"
    stripped = lead.sub("", clause, count=1)
    if stripped and stripped != clause:
        if stripped[:1].isupper() and not stripped[1:2].isupper():
            stripped = stripped[0].lower() + stripped[1:]
        return f"{verb} {stripped}"
    return f"{verb}: {clause}"


@dataclass(frozen=True)
class ProfileWording:
    """What reasons quote from one profile, worked out once per profile rather than once per pair."""

    offer: str  # "Offers ... — you are looking for this", or "" without offers
    need: str  # "Looks for ... — that is what you offer", or "" without needs
    similar: str  # "Similar interests: ...", or "" without interests
    interests: tuple[tuple[str, str], ...]  # (as written, case-folded)
    folded: frozenset[str]  # the case-folded interests, for a quick overlap test
    intents: tuple[str, ...]
    sector: str

    @classmethod
    def of(cls, profile: Profile) -> ProfileWording:
        interests = tuple((tag.strip(), tag.strip().casefold()) for tag in profile.interests if tag.strip())
        return cls(
            offer=(
                f"{key_phrase('Offers', profile.offers, _OFFER_LEAD)} — you are looking for this"
                if profile.offers.strip()
                else ""
            ),
            need=(
                f"{key_phrase('Looks for', profile.seeks, _SEEK_LEAD)} — that is what you offer"
                if profile.seeks.strip()
                else ""
            ),
            similar=f"Similar interests: {', '.join(tag for tag, _ in interests[:3])}" if interests else "",
            interests=interests,
            folded=frozenset(folded for _, folded in interests),
            intents=profile.intents,
            sector=profile.sector.strip(),
        )


def _shared_interests(a: ProfileWording, b: ProfileWording) -> list[str]:
    if not a.folded & b.folded:
        return []
    return [tag for tag, folded in a.interests if folded in b.folded]


def _intent_reason(a: ProfileWording, b: ProfileWording) -> str | None:
    for code in b.intents:
        answer = goal.COMPLEMENTARY_INTENTS.get(code)
        if answer is not None and answer in a.intents:
            return f"{_THEIR_GOAL[code]} — {_YOUR_GOAL[answer]}"
    return None


def reasons_for(
    a: ProfileWording,
    b: ProfileWording,
    a_gets: float,
    b_gets: float,
    interests: float,
    intents: float,
    cross_sector: float,
) -> tuple[str, ...]:
    """Reasons to show A about candidate B, strongest first; never empty (see :func:`explain`).

    Takes plain floats and precomputed wording: it runs once per recommended pair (600,000 times for
    a fair of 20,000), so it avoids building objects it does not return.
    """
    scored: list[tuple[float, str]] = []
    if b.offer:
        scored.append((a_gets, b.offer))
    if b.need:
        scored.append((b_gets, b.need))
    if a.folded and b.folded and (shared := _shared_interests(a, b)):
        scored.append((max(interests, 0.9), f"You both work on {', '.join(shared[:3])}"))
    elif b.similar:
        scored.append((interests, b.similar))
    if intents > 0 and (intent := _intent_reason(a, b)):
        scored.append((0.6, intent))
    if cross_sector > 0 and a.sector and b.sector and max(a_gets, b_gets) >= REASON_THRESHOLD:
        scored.append((0.5, f"Brings {b.sector} know-how to your {a.sector} business"))
    if not scored:
        return ("Also attending this event",)
    scored.sort(key=_strength, reverse=True)
    reasons = tuple(text for strength, text in scored if strength >= REASON_THRESHOLD)
    return reasons or (scored[0][1],)


def _strength(item: tuple[float, str]) -> float:
    return item[0]


def explain(a: Profile, b: Profile, parts: MatchParts) -> tuple[str, ...]:
    """Reasons to show A about candidate B, strongest first; never empty.

    Each reason states a fact from the two profiles; parts below :data:`REASON_THRESHOLD` are only
    used when nothing else qualifies, so every recommendation carries at least one reason.
    """
    return reasons_for(
        ProfileWording.of(a),
        ProfileWording.of(b),
        parts.a_gets,
        parts.b_gets,
        parts.interests,
        parts.intents,
        parts.cross_sector,
    )
