"""Turn raw cosine similarities into comparable match strengths in [0, 1].

Raw cosines mean different things per model and per kind of text pair (a need against an offer, two
offers, two interest lists): one model puts unrelated texts at 0.05, another at 0.3. Before two
directions are combined (harmonic mean) each is mapped through a logistic curve placed on the
background distribution of that channel: an unrelated pair lands near 0, a pair several standard
deviations above the background lands near 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

# Where the curve crosses 0.5, in background standard deviations above the background mean, and how
# steep it is there. Chosen so that a typical unrelated pair (z = 0) maps to about 0.02 and a pair
# four deviations above the background (a clear topical match) to about 0.9.
MIDPOINT_Z = 2.5
STEEPNESS = 1.6
# Competitor detection (two offers alike) is held to a higher bar: a client and its supplier often
# write about the same product, so their offers are moderately alike; only near-paraphrases count.
COMPETITOR_MIDPOINT_Z = 4.0
# Below this many sampled pairs the background estimate is noise: fall back to the defaults.
MIN_BACKGROUND_PAIRS = 200


@dataclass(frozen=True)
class ChannelCalibration:
    """A logistic map ``cos -> 1 / (1 + exp(-(cos - midpoint) / width))``."""

    midpoint: float
    width: float

    @classmethod
    def from_background(cls, mean: float, std: float, midpoint_z: float = MIDPOINT_Z) -> ChannelCalibration:
        std = max(std, 1e-3)
        return cls(midpoint=mean + midpoint_z * std, width=std / STEEPNESS)

    def apply_ramp(self, cosines: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """A cheaper stand-in for :meth:`apply` (three passes, no exp): the straight line through the
        curve's 0.08 and 0.92 points, clipped to [0, 1]. Good enough to shortlist; writes into ``cosines``.
        """
        half_span = 2.5 * self.width  # logistic(+-2.5) = 0.92 / 0.08
        cosines -= np.float32(self.midpoint - half_span)
        cosines *= np.float32(1.0 / (2.0 * half_span))
        np.clip(cosines, 0.0, 1.0, out=cosines)
        return cosines

    def apply(self, cosines: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """Map cosines to (0, 1), monotonically; writes into and returns ``cosines``."""
        cosines -= np.float32(self.midpoint)
        cosines *= np.float32(-1.0 / self.width)
        np.clip(cosines, -60.0, 60.0, out=cosines)
        np.exp(cosines, out=cosines)
        cosines += np.float32(1.0)
        np.reciprocal(cosines, out=cosines)
        return cosines


@dataclass(frozen=True)
class Calibration:
    """One :class:`ChannelCalibration` per kind of text pair the matcher compares."""

    seeks_offers: ChannelCalibration
    interests: ChannelCalibration
    offers_offers: ChannelCalibration
    seeks_seeks: ChannelCalibration


# For a model nobody measured and too few profiles to measure it on: a background of 0.1 +- 0.12 is
# typical of sentence embedders on short business texts.
DEFAULT_CHANNEL = ChannelCalibration.from_background(mean=0.10, std=0.12)
DEFAULT_COMPETITOR_CHANNEL = ChannelCalibration.from_background(0.10, 0.12, COMPETITOR_MIDPOINT_Z)
DEFAULT_CALIBRATION = Calibration(
    seeks_offers=DEFAULT_CHANNEL,
    interests=DEFAULT_CHANNEL,
    offers_offers=DEFAULT_COMPETITOR_CHANNEL,
    seeks_seeks=DEFAULT_CHANNEL,
)


def fit_channel(
    left: npt.NDArray[np.float32],
    right: npt.NDArray[np.float32],
    *,
    sample_pairs: int = 20_000,
    seed: int = 0,
    midpoint_z: float = MIDPOINT_Z,
    fallback: ChannelCalibration = DEFAULT_CHANNEL,
) -> ChannelCalibration:
    """Fit a channel on random pairs of different rows of ``left`` and ``right`` that both hold text.

    Deterministic for a given ``seed``. Returns ``fallback`` when fewer than
    :data:`MIN_BACKGROUND_PAIRS` distinct pairs can be drawn.
    """
    left_rows = np.flatnonzero(np.einsum("ij,ij->i", left, left) > 1e-12)
    right_rows = np.flatnonzero(np.einsum("ij,ij->i", right, right) > 1e-12)
    if len(left_rows) * len(right_rows) < MIN_BACKGROUND_PAIRS:
        return fallback
    rng = np.random.default_rng(seed)
    a = rng.choice(left_rows, size=sample_pairs)
    b = rng.choice(right_rows, size=sample_pairs)
    distinct = a != b
    a, b = a[distinct], b[distinct]
    if len(a) < MIN_BACKGROUND_PAIRS:
        return fallback
    cosines = np.einsum("ij,ij->i", left[a], right[b])
    # Robust spread (median absolute deviation): a fair's few true matches must not widen the background.
    median = float(np.median(cosines))
    spread = 1.4826 * float(np.median(np.abs(cosines - median)))
    return ChannelCalibration.from_background(median, spread, midpoint_z)


def fit_calibration(
    offers: npt.NDArray[np.float32],
    seeks: npt.NDArray[np.float32],
    interests: npt.NDArray[np.float32],
    *,
    seed: int = 0,
) -> Calibration:
    """Fit every channel on the population being matched (see :func:`fit_channel`)."""
    return Calibration(
        seeks_offers=fit_channel(seeks, offers, seed=seed),
        interests=fit_channel(interests, interests, seed=seed),
        offers_offers=fit_channel(
            offers, offers, seed=seed, midpoint_z=COMPETITOR_MIDPOINT_Z, fallback=DEFAULT_COMPETITOR_CHANNEL
        ),
        seeks_seeks=fit_channel(seeks, seeks, seed=seed),
    )
