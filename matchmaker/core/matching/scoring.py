"""How the parts of a match combine into one score in [0, 1].

Every function here works on arrays of calibrated strengths (one entry per pair) so the same formula
serves the blocked all-pairs pass and the scoring of a single pair. The score is symmetric:
score(A, B) == score(B, A), which is what lets one registration update everybody's lists.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]

# The lowest score worth recommending or scheduling, for events that set none. Chosen from
# ``python -m benchmarks.bench_matching`` ("scores without a floor"), as the highest threshold that keeps
# at least 95% of the labelled pairs of set 2 (tuning split) and all of set 1: at 0.25 it keeps 95% and
# 100%, as many as at 0.1, while it drops 45%, 83% and 71% of the other pairs it would list on set 2,
# set 1 and the demo fair (7% of the demo's attendees are then shown nobody); at 0.3 the labelled pairs
# kept fall to 88%.
DEFAULT_MATCH_FLOOR = 0.25


def match_floor(event_floor: float | None) -> float:
    """The floor in force: the event's own when it set one, else :data:`DEFAULT_MATCH_FLOOR`."""
    return DEFAULT_MATCH_FLOOR if event_floor is None else float(event_floor)


@dataclass(frozen=True)
class ScoreWeights:
    """Shares of the final score. ``complementary + interests + intents + cross_sector`` is 1."""

    complementary: float = 0.72
    interests: float = 0.13
    intents: float = 0.10
    cross_sector: float = 0.05
    # Share of the harmonic mean inside the complementary part; the rest is the arithmetic mean, so a
    # one-sided match still counts, but below a match where both sides gain. Measured on the tuning split
    # (0.75 / 0.5 / 0.25: mutual recall@3 0.64 / 0.62 / 0.71): a client's half of a client-supplier pair
    # ("installers buying in volume" against "rooftop solar crews") is often weakly worded, and a high
    # share threw such pairs out with the one-sided ones.
    mutual_share: float = 0.25
    # Subtracted, times the competitor strength: two firms offering and seeking the same thing.
    competitor_penalty: float = 0.6
    # Multiplies the score when both declare languages and share none.
    no_common_language: float = 0.6
    # Share of the score taken away, times the avoid strength: one side offers or seeks what the
    # other said they do not want (or, in a negated clause, do not do).
    avoid_penalty: float = 0.9

    def __post_init__(self) -> None:
        total = self.complementary + self.interests + self.intents + self.cross_sector
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"score weights must add up to 1, not {total:.3f}")


def complementarity(a_gets: Floats, b_gets: Floats, mutual_share: float) -> Floats:
    """Blend of harmonic and arithmetic mean of what each side gets; symmetric in its two arguments."""
    total = a_gets + b_gets
    harmonic = 2.0 * a_gets * b_gets / np.maximum(total, 1e-6)
    result: Floats = (mutual_share * harmonic + (1.0 - mutual_share) * 0.5 * total).astype(np.float32)
    return result


def competitor_strength(offers_alike: Floats, seeks_alike: Floats) -> Floats:
    """How much two profiles look like competitors: they offer alike AND seek alike (both near 1)."""
    result: Floats = offers_alike * seeks_alike
    return result


def combine(
    weights: ScoreWeights,
    *,
    complementary: Floats,
    interests: Floats,
    intents: Floats,
    cross_sector: Floats,
    common_language: npt.NDArray[np.bool_],
) -> Floats:
    """The score before the competitor penalty, in [0, 1]."""
    score = weights.complementary * complementary
    score += weights.interests * interests
    score += weights.intents * intents
    # Cross-sector is a bonus on complementarity: two strangers from different sectors with nothing
    # to trade are not valuable, two that trade across sectors are.
    score += weights.cross_sector * cross_sector * complementary
    factor = np.where(common_language, np.float32(1.0), np.float32(weights.no_common_language))
    result: Floats = (score * factor).astype(np.float32)
    return result


def avoidance(avoided: Floats, weights: ScoreWeights) -> Floats:
    """The factor in (0, 1] that an avoid hit of strength ``avoided`` leaves of the score."""
    result: Floats = (1.0 - weights.avoid_penalty * avoided).astype(np.float32)
    return result


def final_score(before_penalty: Floats, competitor: Floats, weights: ScoreWeights) -> Floats:
    """Apply the competitor penalty and keep the score in [0, 1]."""
    result: Floats = np.clip(before_penalty - weights.competitor_penalty * competitor, 0.0, 1.0)
    return result.astype(np.float32)
