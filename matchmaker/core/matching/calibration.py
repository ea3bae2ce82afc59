"""Raw cosine similarities put on the event's own scale, so strengths mean the same across events.

Raw cosines mean different things per model, per channel and per event: one model puts unrelated texts
at 0.05, another at 0.3; the lexical channel's background depends on how alike an event's texts are.
Each channel is therefore measured against its *background*: the median and robust spread of the
cosines of random pairs of different profiles of the same event. A cosine becomes a z-score ("how many
spreads above what unrelated people share"), and z-scores are what the fitted blend
(:mod:`matchmaker.core.matching.blend`) and the logistic curves here turn into strengths in [0, 1].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Floats = npt.NDArray[np.float32]

# Where the interest curve crosses 0.5, in background spreads above the background, and how steep it is.
MIDPOINT_Z = 2.5
STEEPNESS = 1.6
# Competitor detection (two offers alike) is held to a higher bar: a client and its supplier often
# write about the same product, so their offers are moderately alike; only near-paraphrases count.
COMPETITOR_MIDPOINT_Z = 4.0
# Below this many sampled pairs the background estimate is noise: fall back to the defaults.
MIN_BACKGROUND_PAIRS = 200


@dataclass(frozen=True)
class Background:
    """What unrelated pairs of one event share on one channel: median cosine and robust spread."""

    median: float
    spread: float

    def z(self, cosines: Floats) -> Floats:
        """Cosines as background spreads above the median; writes into and returns ``cosines``."""
        cosines -= np.float32(self.median)
        cosines *= np.float32(1.0 / max(self.spread, 1e-3))
        return cosines

    def curve(self, midpoint_z: float = MIDPOINT_Z) -> ChannelCalibration:
        spread = max(self.spread, 1e-3)
        return ChannelCalibration(midpoint=self.median + midpoint_z * spread, width=spread / STEEPNESS)


@dataclass(frozen=True)
class ChannelCalibration:
    """A logistic map ``cos -> 1 / (1 + exp(-(cos - midpoint) / width))``."""

    midpoint: float
    width: float

    @classmethod
    def from_background(cls, mean: float, std: float, midpoint_z: float = MIDPOINT_Z) -> ChannelCalibration:
        return Background(mean, std).curve(midpoint_z)

    def apply_ramp(self, cosines: Floats) -> Floats:
        """A cheaper stand-in for :meth:`apply` (three passes, no exp): the straight line through the
        curve's 0.08 and 0.92 points, clipped to [0, 1]. Good enough to shortlist; writes into ``cosines``.
        """
        half_span = 2.5 * self.width  # logistic(+-2.5) = 0.92 / 0.08
        cosines -= np.float32(self.midpoint - half_span)
        cosines *= np.float32(1.0 / (2.0 * half_span))
        np.clip(cosines, 0.0, 1.0, out=cosines)
        return cosines

    def apply(self, cosines: Floats) -> Floats:
        """Map cosines to (0, 1), monotonically; writes into and returns ``cosines``."""
        cosines -= np.float32(self.midpoint)
        cosines *= np.float32(-1.0 / self.width)
        return logistic(cosines)


def logistic(values: Floats) -> Floats:
    """``1 / (1 + exp(-values))`` in place (``values`` already negated by the caller is NOT assumed)."""
    np.clip(values, -60.0, 60.0, out=values)
    np.exp(values, out=values)
    values += np.float32(1.0)
    np.reciprocal(values, out=values)
    return values


def sigmoid(values: Floats) -> Floats:
    """The logistic function of ``values``, in place."""
    values *= np.float32(-1.0)
    return logistic(values)


@dataclass(frozen=True)
class Calibration:
    """The backgrounds of every channel the matcher compares, for one event.

    ``seeks_offers`` and ``lexical`` compare whole texts (the shortlist), ``item_semantic`` and
    ``item_lexical`` items in context (the exact stage and avoids).
    """

    seeks_offers: Background
    lexical: Background
    item_semantic: Background
    item_lexical: Background
    interests: Background
    offers_offers: Background
    seeks_seeks: Background

    @property
    def interests_curve(self) -> ChannelCalibration:
        return self.interests.curve()

    @property
    def offers_alike_curve(self) -> ChannelCalibration:
        return self.offers_offers.curve(COMPETITOR_MIDPOINT_Z)

    @property
    def seeks_alike_curve(self) -> ChannelCalibration:
        return self.seeks_seeks.curve()


# For a model nobody measured and too few profiles to measure it on: a background of 0.1 +- 0.12 is
# typical of sentence embedders on short business texts, 0.02 +- 0.03 of the lexical channel.
DEFAULT_BACKGROUND = Background(0.10, 0.12)
DEFAULT_LEXICAL_BACKGROUND = Background(0.02, 0.03)
DEFAULT_CHANNEL = DEFAULT_BACKGROUND.curve()
DEFAULT_CALIBRATION = Calibration(
    seeks_offers=DEFAULT_BACKGROUND,
    lexical=DEFAULT_LEXICAL_BACKGROUND,
    item_semantic=DEFAULT_BACKGROUND,
    item_lexical=DEFAULT_LEXICAL_BACKGROUND,
    interests=DEFAULT_BACKGROUND,
    offers_offers=DEFAULT_BACKGROUND,
    seeks_seeks=DEFAULT_BACKGROUND,
)


def _rows_with_text(matrix: Floats) -> npt.NDArray[np.intp]:
    return np.flatnonzero(np.einsum("ij,ij->i", matrix, matrix) > 1e-12)


def fit_background(
    left: Floats,
    right: Floats,
    *,
    owners: tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]] | None = None,
    sample_pairs: int = 20_000,
    seed: int = 0,
    fallback: Background = DEFAULT_BACKGROUND,
) -> Background:
    """The background of random pairs of rows of ``left`` and ``right`` that both hold text and belong
    to different profiles (``owners`` gives each row's profile; rows are profiles without it).

    Deterministic for a given ``seed``; ``fallback`` when fewer than :data:`MIN_BACKGROUND_PAIRS`
    pairs can be drawn. The spread is the median absolute deviation: a fair's few true matches must
    not widen the background.
    """
    left_rows, right_rows = _rows_with_text(left), _rows_with_text(right)
    if len(left_rows) * len(right_rows) < MIN_BACKGROUND_PAIRS:
        return fallback
    rng = np.random.default_rng(seed)
    a = rng.choice(left_rows, size=sample_pairs)
    b = rng.choice(right_rows, size=sample_pairs)
    left_owner, right_owner = owners if owners is not None else (np.arange(len(left)), np.arange(len(right)))
    distinct = left_owner[a] != right_owner[b]
    a, b = a[distinct], b[distinct]
    if len(a) < MIN_BACKGROUND_PAIRS:
        return fallback
    cosines = np.einsum("ij,ij->i", left[a], right[b])
    median = float(np.median(cosines))
    spread = 1.4826 * float(np.median(np.abs(cosines - median)))
    return Background(median, spread)


def fit_channel(
    left: Floats,
    right: Floats,
    *,
    sample_pairs: int = 20_000,
    seed: int = 0,
    midpoint_z: float = MIDPOINT_Z,
    fallback: ChannelCalibration = DEFAULT_CHANNEL,
) -> ChannelCalibration:
    """A logistic curve placed on the background of ``left`` x ``right`` (see :func:`fit_background`)."""
    left_rows, right_rows = _rows_with_text(left), _rows_with_text(right)
    if len(left_rows) * len(right_rows) < MIN_BACKGROUND_PAIRS:
        return fallback
    background = fit_background(
        left, right, sample_pairs=sample_pairs, seed=seed, fallback=Background(float("nan"), float("nan"))
    )
    if np.isnan(background.median):
        return fallback
    return background.curve(midpoint_z)
