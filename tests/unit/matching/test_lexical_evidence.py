"""How the lexical channel's item evidence enters a need's logit: plain, above a noise floor, capped,
gated by the embedding (the knobs of :class:`DirectionBlend`, off by default)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from matchmaker.core.matching.blend import FITTED_BLEND, DirectionBlend
from matchmaker.core.matching.calibration import Background
from matchmaker.core.matching.item_space import ItemSpace
from matchmaker.core.matching.profile import ItemVectors, ProfileVectors, item_index

SEMANTIC = Background(0.0, 0.1)
LEXICAL = Background(0.0, 0.1)


def _unit(angle: float) -> list[float]:
    return [float(np.cos(angle)), float(np.sin(angle)), 0.0]


def _space(semantic_cosine: float, lexical_cosine: float, blend: DirectionBlend) -> ItemSpace:
    """Profile 0 seeks one item, profile 1 offers one, at the given cosines in both channels."""
    semantic = np.asarray([_unit(0.0), _unit(float(np.arccos(semantic_cosine)))], dtype=np.float32)
    lexical = np.asarray([_unit(0.0), _unit(float(np.arccos(lexical_cosine)))], dtype=np.float32)
    counts = {"offers": [0, 1], "seeks": [1, 0], "avoids": [0, 0]}
    items = ItemVectors(semantic=semantic, lexical=lexical, index=item_index(counts))
    whole = np.asarray([semantic[0], semantic[1]], dtype=np.float32)
    vectors = ProfileVectors(offers=whole, seeks=whole, interests=np.zeros_like(whole), items=items)
    return ItemSpace(vectors, blend)


def _logit(semantic_cosine: float, lexical_cosine: float, **knobs: float) -> float:
    blend = replace(FITTED_BLEND, item_context=0.0, **knobs)
    space = _space(semantic_cosine, lexical_cosine, blend)
    best = space.best_pairs("seeks", np.array([0]), "offers", np.array([[1]]), SEMANTIC, LEXICAL, blend)
    return float(best.logit[0, 0])


def test_plain_lexical_evidence_is_its_z_score_times_the_coefficient() -> None:
    # Semantic z 5, lexical z 3 on backgrounds of 0 +- 0.1.
    expected = FITTED_BLEND.intercept + FITTED_BLEND.item_semantic * 5 + FITTED_BLEND.item_lexical * 3

    assert abs(_logit(0.5, 0.3) - expected) < 1e-3


def test_lexical_evidence_below_the_noise_floor_adds_nothing_and_above_it_what_stands_above() -> None:
    without = _logit(0.5, 0.0)

    assert abs(_logit(0.5, 0.15, lexical_noise_z=2.0) - without) < 1e-4  # z 1.5 < 2
    assert abs(_logit(0.5, 0.3, lexical_noise_z=2.0) - (without + FITTED_BLEND.item_lexical * 1.0)) < 1e-3
    assert abs(_logit(0.5, 0.6, lexical_cap=2.0) - (without + FITTED_BLEND.item_lexical * 2.0)) < 1e-3


def test_gated_lexical_evidence_needs_the_embedding_to_find_the_pair_related() -> None:
    # Gate 2: nothing at semantic z 1, half at z 2.5, all from z 3 on.
    assert abs(_logit(0.1, 0.3, lexical_gate=2.0) - _logit(0.1, 0.0)) < 1e-4
    half = _logit(0.25, 0.3, lexical_gate=2.0) - _logit(0.25, 0.0)
    assert abs(half - FITTED_BLEND.item_lexical * 3 * 0.5) < 1e-3
    assert abs(_logit(0.5, 0.3, lexical_gate=2.0) - _logit(0.5, 0.3)) < 1e-3
