"""Fitting one event's calibration on its own profiles (see :mod:`matchmaker.core.matching.calibration`)."""

from __future__ import annotations

from matchmaker.core.matching.blend import FITTED_BLEND, DirectionBlend
from matchmaker.core.matching.calibration import (
    DEFAULT_LEXICAL_BACKGROUND,
    Background,
    Calibration,
    fit_background,
)
from matchmaker.core.matching.item_space import ItemSpace
from matchmaker.core.matching.profile import ProfileVectors


def fit_calibration(
    vectors: ProfileVectors,
    items: ItemSpace | None = None,
    *,
    seed: int = 0,
    blend: DirectionBlend = FITTED_BLEND,
) -> Calibration:
    """Every channel's background on the population being matched; defaults for tiny populations."""
    items = items if items is not None else ItemSpace(vectors, blend)
    item_semantic, item_lexical = items.backgrounds(seed)
    lexical = Background(0.0, 1.0)
    if vectors.lexical_offers is not None and vectors.lexical_seeks is not None:
        lexical = fit_background(
            vectors.lexical_seeks, vectors.lexical_offers, seed=seed, fallback=DEFAULT_LEXICAL_BACKGROUND
        )
    return Calibration(
        seeks_offers=fit_background(vectors.seeks, vectors.offers, seed=seed),
        lexical=lexical,
        item_semantic=item_semantic,
        item_lexical=item_lexical,
        interests=fit_background(vectors.interests, vectors.interests, seed=seed),
        offers_offers=fit_background(vectors.offers, vectors.offers, seed=seed),
        seeks_seeks=fit_background(vectors.seeks, vectors.seeks, seed=seed),
    )
