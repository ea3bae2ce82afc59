"""Fitting the direction blend (:class:`matchmaker.core.matching.blend.DirectionBlend`) on labelled pairs.

A direction "B answers A's need" is described by three z-scores on the event's own background: the best
sought-item x offered-item pair in the embedding, the same in the lexical channel, and the whole need
against the whole offer. A logistic regression (scikit-learn) on labelled directions — a seeker and
its true provider both ways as positives, the seeker against everyone unrelated as negatives — gives the
coefficients. Run by ``python -m benchmarks.bench_matching --fit`` on the tuning split only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from matchmaker.core.matching import Profile, ProfileVectors
from matchmaker.core.matching.blend import FITTED_BLEND, DirectionBlend
from matchmaker.core.matching.calibration import Background
from matchmaker.core.matching.fitting import fit_calibration
from matchmaker.core.matching.item_space import ItemSpace

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True)
class DirectionSample:
    """Feature rows (semantic items, lexical items, whole texts) and labels (1 = a real answer)."""

    features: Floats
    labels: npt.NDArray[np.int8]


def _single(blend: DirectionBlend, semantic: float, lexical: float) -> DirectionBlend:
    return replace(blend, intercept=0.0, item_semantic=semantic, item_lexical=lexical)


def direction_features(
    vectors: ProfileVectors,
    seekers: Sequence[int],
    providers: Sequence[int],
    blend: DirectionBlend = FITTED_BLEND,
) -> Floats:
    """(len, 3) z-scores of "provider answers seeker" for each pair of indices."""
    items = ItemSpace(vectors, blend)
    calibration = fit_calibration(vectors, items, blend=blend)
    rows = np.asarray(seekers, dtype=np.intp)
    cand = np.asarray(providers, dtype=np.intp)[:, None]
    semantic = items.best_pairs(
        "seeks",
        rows,
        "offers",
        cand,
        calibration.item_semantic,
        Background(0.0, 1.0),
        _single(blend, 1.0, 0.0),
    ).logit[:, 0]
    semantic = semantic + np.float32(
        calibration.item_semantic.median / max(calibration.item_semantic.spread, 1e-3)
    )
    lexical = np.zeros_like(semantic)
    if items.has_lexical:
        lexical = items.best_pairs(
            "seeks",
            rows,
            "offers",
            cand,
            calibration.item_semantic,
            calibration.item_lexical,
            _single(blend, 0.0, 1.0),
        ).logit[:, 0]
    whole = np.einsum("ij,ij->i", vectors.seeks[rows], vectors.offers[cand[:, 0]]).astype(np.float32)
    calibration.seeks_offers.z(whole)
    pairs = np.log(
        np.maximum(1, items.counts["seeks"][rows]) * np.maximum(1, items.counts["offers"][cand[:, 0]])
    )
    features = np.stack([semantic, lexical, whole, pairs.astype(np.float32)], axis=1)
    features[features < -1e3] = -10.0  # a side without items: far below any background
    return features


def labelled_directions(
    profiles: Sequence[Profile], pairs: Sequence[tuple[str, str]], exclude: Sequence[tuple[str, str]] = ()
) -> tuple[list[int], list[int], list[int]]:
    """(seeker index, candidate index, label) lists: each labelled (seeker, provider) direction, and the
    seeker against every other profile as negatives, except its labelled partners and ``exclude``
    (pairs whose answer is unclear, e.g. a trap that does offer what the seeker seeks)."""
    index = {p.key: i for i, p in enumerate(profiles)}
    skip: dict[str, set[str]] = {}
    for a, b in [*pairs, *exclude]:
        skip.setdefault(a, set()).add(b)
    seekers, providers, labels = [], [], []
    for a, b in pairs:
        seekers.append(index[a])
        providers.append(index[b])
        labels.append(1)
        for j, other in enumerate(profiles):
            if other.key != a and other.key not in skip[a]:
                seekers.append(index[a])
                providers.append(j)
                labels.append(0)
    return seekers, providers, labels


def fit_blend(
    features: Floats, labels: Sequence[int], groups: Sequence[int], blend: DirectionBlend = FITTED_BLEND
) -> DirectionBlend:
    """The blend that best ranks each seeker's real answers above everyone else (a pairwise logistic
    regression on feature differences within a seeker's candidates), then scaled so that its output
    is a probability (Platt scaling: a one-feature logistic regression on the blended score)."""
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(labels)
    group = np.asarray(groups)
    differences = []
    for g in np.unique(group):
        mine = group == g
        positive, negative = features[mine & (y == 1)], features[mine & (y == 0)]
        for row in positive:
            differences.append(row[None, :] - negative)
    rows = np.concatenate(differences)
    pairwise = LogisticRegression(C=1.0, fit_intercept=False, max_iter=1000)
    pairwise.fit(np.concatenate([rows, -rows]), np.r_[np.ones(len(rows)), np.zeros(len(rows))])
    weights = pairwise.coef_[0]
    # Classes weighted equally: a strength of 0.5 means the evidence is as typical of a real answer as
    # of an unrelated pair, whatever the share of real answers at a fair.
    platt = LogisticRegression(C=100.0, class_weight="balanced", max_iter=1000)
    platt.fit((features @ weights)[:, None], y)
    scale = float(platt.coef_[0][0])
    semantic, lexical, whole, pairs = (float(c) * scale for c in weights)
    return replace(
        blend,
        intercept=round(float(platt.intercept_[0]), 3),
        item_semantic=round(semantic, 3),
        item_lexical=round(lexical, 3),
        whole_semantic=round(whole, 3),
        item_pairs=round(pairs, 3),
    )
