"""Blocked top-K candidate generation: every pair is considered, no N x N matrix is ever held.

Rows are processed in blocks of ``block_size``. Stage 1 scores a block against everybody — a
(block x N) matrix, computed in place in reused buffers — from whole texts only: both complementary
directions (embedding and lexical channel), shared interests, goals and languages, with a cheap
linear stand-in for the logistic curves and, for large fairs, embeddings projected on their main
directions; it shortlists the best ``top_k + rerank_margin`` columns. Stage 2 scores the shortlist
exactly, item against item (:mod:`matchmaker.core.matching.item_space`), with avoids, the cross-sector
bonus and the competitor penalty, and keeps the best ``top_k`` at or above the floor. Peak memory is a
few (block x N) float32 buffers plus the vectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from matchmaker.core.matching.blend import FITTED_BLEND, DirectionBlend
from matchmaker.core.matching.blocking import Blocklist
from matchmaker.core.matching.calibration import Calibration, fit_background, sigmoid
from matchmaker.core.matching.features import CategoricalFeatures
from matchmaker.core.matching.item_space import ItemSpace
from matchmaker.core.matching.profile import ProfileVectors
from matchmaker.core.matching.scoring import (
    ScoreWeights,
    avoidance,
    combine,
    competitor_strength,
    complementarity,
    final_score,
)

Floats = npt.NDArray[np.float32]
Indices = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]
_BLOCKED = np.float32(-1.0)
# The first stage's straight-line stand-in for the logistic curve: logit -3 -> 0, +3 -> 1.
_RAMP_HALF_SPAN = 3.0
SHORTLIST_LEXICAL_DIMENSIONS = 64


def _unit_rows(matrix: Floats) -> Floats:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    result: Floats = np.ascontiguousarray(matrix / np.where(norms > 0, norms, 1.0), dtype=np.float32)
    return result


@dataclass(frozen=True)
class MatchingConfig:
    """How many candidates to keep per attendee, the lowest score kept, and how the work is split."""

    top_k: int = 30
    # Scores below this are never recommended (see DEFAULT_MATCH_FLOOR); 0 keeps everyone.
    floor: float = 0.0
    block_size: int = 512
    # Extra candidates shortlisted in stage 1 before the exact stage-2 score re-ranks them.
    rerank_margin: int = 30
    # From this many profiles on, stage 1 compares vectors projected on their main directions (PCA):
    # the shortlist's matrix products shrink by dimension / shortlist_dimensions. Stage 2 is exact.
    shortlist_dimensions: int = 128
    reduce_from: int = 4000
    weights: ScoreWeights = field(default_factory=ScoreWeights)
    blend: DirectionBlend = FITTED_BLEND
    # The order of a list (not the scores shown): each candidate's score less ``hub_penalty`` times how
    # well the candidate fits people in general (the mean of its own ``hub_neighbours`` best scores), a
    # hubness correction in the manner of CSLS (see :func:`hub_levels`). Chosen on the tuning split of
    # set 2 (mutual recall@3 0.73 without it; 0.77-0.82 for penalties 0.5-0.9 and 5-10 neighbours; 0.82
    # at 0.8 and 5, the best there).
    hub_penalty: float = 0.8
    hub_neighbours: int = 5

    def __post_init__(self) -> None:
        if self.top_k < 1 or self.block_size < 1 or self.rerank_margin < 0:
            raise ValueError("top_k and block_size must be positive, rerank_margin not negative")
        if self.hub_penalty < 0 or self.hub_neighbours < 1:
            raise ValueError("hub_penalty must not be negative, hub_neighbours must be positive")
        if not 0.0 <= self.floor <= 1.0:
            raise ValueError("the floor is a score in [0, 1]")


@dataclass(frozen=True, eq=False)
class PairParts:
    """The parts of pair scores, arrays of one shape (one entry per pair), seen from the row (A)."""

    a_gets: Floats  # how well B's offers answer A's needs
    b_gets: Floats  # how well A's offers answer B's needs
    interests: Floats
    intents: Floats
    cross_sector: Floats
    competitor: Floats
    avoided: Floats  # how clearly one side offers or seeks what the other avoids
    # Which items matched, as positions in the profiles' item lists (-1: none).
    a_seek: npt.NDArray[np.int16]  # A's sought item ...
    a_offer: npt.NDArray[np.int16]  # ... and B's offer that answers it
    b_seek: npt.NDArray[np.int16]  # B's sought item ...
    b_offer: npt.NDArray[np.int16]  # ... and A's offer that answers it


PART_NAMES = tuple(PairParts.__dataclass_fields__)


@dataclass(frozen=True, eq=False)
class RankedCandidates:
    """For each profile (row), its best candidates, best first; index -1 pads short rows.

    "Best first" is by ``order_keys`` (the score less the hub correction), which is why ``scores`` may
    now and then rise along a row.
    """

    indices: npt.NDArray[np.int32]  # (n, top_k)
    scores: Floats  # (n, top_k)
    parts: PairParts  # each (n, top_k)
    order_keys: Floats | None = None  # (n, top_k): what the row is sorted by, descending

    def row(self, i: int) -> list[tuple[int, float]]:
        """(candidate index, score) pairs for profile ``i``, best first, padding dropped."""
        pairs = zip(self.indices[i].tolist(), self.scores[i].tolist(), strict=True)
        return [(j, s) for j, s in pairs if j >= 0]


def _main_directions(vectors: ProfileVectors, dimensions: int, sample: int = 4096) -> Floats:
    """(dim x dimensions) projection on the main directions of a sample of the profiles' vectors.

    Deterministic: the sample is every k-th row. Unit vectors projected on these directions keep most
    of their length, so dot products — and the shortlist — change little.
    """
    step = max(1, 3 * vectors.count // sample)
    rows = np.concatenate(
        [
            getattr(vectors, name)[::step][vectors.present(name)[::step]]
            for name in ("offers", "seeks", "interests")
        ]
    ).astype(np.float64)
    # Eigenvectors of the (dim x dim) second-moment matrix: the same directions as an SVD of the
    # sample, at a fraction of the cost. eigh sorts eigenvalues ascending, so the last ones are kept.
    _, eigenvectors = np.linalg.eigh(rows.T @ rows)
    result: Floats = np.ascontiguousarray(eigenvectors[:, ::-1][:, :dimensions], dtype=np.float32)
    return result


def _rows_dot(many: Floats, one: Floats) -> Floats:
    """(b, k, d) x (b, d) -> (b, k): each row's vector against its k candidates' vectors."""
    result: Floats = np.matmul(many, one[:, :, None])[:, :, 0]
    return result


class PairScorer:
    """Scores pairs of profiles given their vectors, categorical features and a calibration."""

    def __init__(
        self,
        vectors: ProfileVectors,
        features: CategoricalFeatures,
        calibration: Calibration,
        weights: ScoreWeights,
        shortlist_dimensions: int | None = None,
        blend: DirectionBlend = FITTED_BLEND,
        items: ItemSpace | None = None,
    ) -> None:
        self.v, self.f, self.cal, self.w, self.blend = vectors, features, calibration, weights, blend
        self.items = items if items is not None else ItemSpace(vectors, blend)
        self.has = {name: vectors.present(name) for name in ("offers", "seeks", "interests")}
        self._seeks, self._offers, self._interests = vectors.seeks, vectors.offers, vectors.interests
        if shortlist_dimensions is not None and shortlist_dimensions < vectors.dimension:
            projection = _main_directions(vectors, shortlist_dimensions)
            self._seeks = np.ascontiguousarray(vectors.seeks @ projection)
            self._offers = np.ascontiguousarray(vectors.offers @ projection)
            self._interests = np.ascontiguousarray(vectors.interests @ projection)
        self._offers_t = np.ascontiguousarray(self._offers.T)
        self._seeks_t = np.ascontiguousarray(self._seeks.T)
        self._interests_t = np.ascontiguousarray(self._interests.T)
        self._lexical = (
            blend.shortlist_lexical
            and vectors.lexical_offers is not None
            and vectors.lexical_seeks is not None
        )
        self._lex_background = calibration.lexical
        if self._lexical:
            assert vectors.lexical_offers is not None and vectors.lexical_seeks is not None
            lex_seeks, lex_offers = vectors.lexical_seeks, vectors.lexical_offers
            if shortlist_dimensions is not None:
                # A large fair shortlists on the first coordinates of the random basis: itself a random
                # basis, noisier, on its own background; the exact stage uses all of them.
                width = min(SHORTLIST_LEXICAL_DIMENSIONS, lex_seeks.shape[1])
                lex_seeks, lex_offers = _unit_rows(lex_seeks[:, :width]), _unit_rows(lex_offers[:, :width])
                self._lex_background = fit_background(lex_seeks, lex_offers, fallback=calibration.lexical)
            self._lex_seeks = lex_seeks
            self._lex_offers_t = np.ascontiguousarray(lex_offers.T)
            self._lex_offers = lex_offers
            self._lex_seeks_t = np.ascontiguousarray(lex_seeks.T)
        self._no_interests = np.flatnonzero(~self.has["interests"])
        self._no_offers = np.flatnonzero(~self.has["offers"])
        self._no_seeks = np.flatnonzero(~self.has["seeks"])
        self._has_languages = features.has_languages
        self._lang_t = np.ascontiguousarray(features.languages.T)
        self._intents_to = features.intents @ features.intent_complements  # row's goals -> answers wanted
        self._intents_t = np.ascontiguousarray(features.intents.T)
        # Unknown companies get codes of their own, so no comparison ever finds two unknowns equal.
        companies = features.companies.astype(np.int64)
        unknown = companies < 0
        companies[unknown] = -1 - np.flatnonzero(unknown)
        self._companies = companies

    def _direction(
        self,
        seeks: Floats,
        offers_t: Floats,
        lex_seeks: Floats | None,
        lex_offers_t: Floats | None,
        out: Floats,
        spare: Floats,
        seeks_absent: Bools,
        offers_absent: Indices,
    ) -> None:
        """Stage-1 strength of "the columns' offers answer the rows' needs", into ``out``."""
        intercept, semantic, lexical = self.blend.shortlist_coefficients()
        background = self.cal.seeks_offers
        np.matmul(seeks, offers_t, out=out)
        background.z(out)
        out *= np.float32(semantic)
        if lex_seeks is not None and lex_offers_t is not None:
            np.matmul(lex_seeks, lex_offers_t, out=spare)
            self._lex_background.z(spare)
            spare *= np.float32(lexical)
            out += spare
        # logit -> ramp in [0, 1]
        out += np.float32(intercept + _RAMP_HALF_SPAN)
        out *= np.float32(0.5 / _RAMP_HALF_SPAN)
        np.clip(out, 0.0, 1.0, out=out)
        if seeks_absent.any():
            out[seeks_absent] = 0.0
        if len(offers_absent):
            out[:, offers_absent] = 0.0

    def shortlist_scores(
        self, start: int, stop: int, out: Floats, spare: Floats, total: Floats, flags: Bools
    ) -> Floats:
        """Stage-1 scores of rows ``start:stop`` against everybody, written into ``out``.

        ``out``, ``spare`` and ``total`` are (rows x N) float32 buffers, ``flags`` a bool one; all are
        overwritten (reusing buffers spares the page faults of fresh 40 MB temporaries).
        Self and same-company pairs come back as -1.
        """
        w, r = self.w, slice(start, stop)
        a_gets, b_gets = out, total
        lex = self._lexical
        self._direction(
            self._seeks[r],
            self._offers_t,
            self._lex_seeks[r] if lex else None,
            self._lex_offers_t if lex else None,
            a_gets,
            spare,
            ~self.has["seeks"][r],
            self._no_offers,
        )
        self._direction(
            self._offers[r],
            self._seeks_t,
            self._lex_offers[r] if lex else None,
            self._lex_seeks_t if lex else None,
            b_gets,
            spare,
            ~self.has["offers"][r],
            self._no_seeks,
        )
        # complementarity = share * 2ab / (a + b) + (1 - share) * (a + b) / 2, in place.
        np.add(a_gets, b_gets, out=spare)
        np.multiply(a_gets, b_gets, out=a_gets)
        np.maximum(spare, np.float32(1e-6), out=b_gets)
        np.divide(a_gets, b_gets, out=a_gets)
        a_gets *= np.float32(2.0 * w.mutual_share * w.complementary)
        spare *= np.float32(0.5 * (1.0 - w.mutual_share) * w.complementary)
        score = a_gets
        score += spare
        np.matmul(self._intents_to[r], self._intents_t, out=spare)
        np.minimum(spare, np.float32(1.0), out=spare)
        spare *= np.float32(w.intents)
        score += spare
        np.matmul(self._interests[r], self._interests_t, out=spare)
        self.cal.interests_curve.apply_ramp(spare)
        if (~self.has["interests"][r]).any():
            spare[~self.has["interests"][r]] = 0.0
        if len(self._no_interests):
            spare[:, self._no_interests] = 0.0
        spare *= np.float32(w.interests)
        score += spare
        if self._has_languages.any():
            np.matmul(self.f.languages[r], self._lang_t, out=spare)
            np.less_equal(spare, 0.0, out=flags)  # no language in common ...
            flags[~self._has_languages[r]] = False  # ... unless one side did not say
            flags[:, ~self._has_languages] = False
            np.multiply(score, np.float32(w.no_common_language), out=score, where=flags)
        score[np.arange(stop - start), np.arange(start, stop)] = _BLOCKED
        np.equal(self._companies[r][:, None], self._companies[None, :], out=flags)
        np.putmask(score, flags, _BLOCKED)
        return score

    def _strength(
        self, left_side: str, rows: Indices, right_side: str, cand: Indices, whole: Floats | None
    ) -> tuple[Floats, npt.NDArray[np.int16], npt.NDArray[np.int16]]:
        best = self.items.best_pairs(
            left_side, rows, right_side, cand, self.cal.item_semantic, self.cal.item_lexical, self.blend
        )
        logit = best.logit
        if whole is not None:
            counts = self.items.counts
            pairs = np.log(
                np.maximum(1, counts[left_side][rows])[:, None] * np.maximum(1, counts[right_side][cand])
            )
            logit = (
                logit
                + np.float32(self.blend.whole_semantic) * whole
                + np.float32(self.blend.item_pairs) * pairs
            )
        return sigmoid(logit.astype(np.float32)), best.left, best.right

    def exact(self, rows: Indices, cand: Indices) -> tuple[Floats, PairParts]:
        """Final scores and parts of each pair (rows[i], cand[i, j]): rows is (b,), cand is (b, k)."""
        v, f, cal, has = self.v, self.f, self.cal, self.has

        # Each candidate's offer and need vectors are gathered once and meet both of the row's texts in
        # one product: (b, k, d) x (b, d, 2). The gathers are most of this stage's memory traffic.
        mine = np.stack([v.seeks[rows], v.offers[rows]], axis=2)
        offers_dots = np.matmul(v.offers[cand], mine)  # their offers . (my seeks, my offers)
        seeks_dots = np.matmul(v.seeks[cand], mine)  # their seeks . (my seeks, my offers)
        both_a = has["seeks"][rows][:, None] & has["offers"][cand]
        both_b = has["offers"][rows][:, None] & has["seeks"][cand]

        def curve(values: Floats, channel: str, present: Bools) -> Floats:
            getattr(cal, channel).apply(values)
            values *= present
            return values

        whole_a = cal.seeks_offers.z(np.ascontiguousarray(offers_dots[:, :, 0])) * both_a
        whole_b = cal.seeks_offers.z(np.ascontiguousarray(seeks_dots[:, :, 1])) * both_b
        a_gets, a_seek, a_offer = self._strength("seeks", rows, "offers", cand, whole_a)
        b_gets_t, b_offer_t, b_seek_t = self._strength("offers", rows, "seeks", cand, whole_b)
        avoided = self._avoided(rows, cand)
        interests = curve(
            _rows_dot(v.interests[cand], v.interests[rows]),
            "interests_curve",
            has["interests"][rows][:, None] & has["interests"][cand],
        )
        offers_alike = curve(
            np.ascontiguousarray(offers_dots[:, :, 1]),
            "offers_alike_curve",
            has["offers"][rows][:, None] & has["offers"][cand],
        )
        seeks_alike = curve(
            np.ascontiguousarray(seeks_dots[:, :, 0]),
            "seeks_alike_curve",
            has["seeks"][rows][:, None] & has["seeks"][cand],
        )
        intents = np.minimum(_rows_dot(f.intents[cand], self._intents_to[rows]), np.float32(1.0))
        sectors = f.sectors[rows][:, None]
        cross = ((sectors != f.sectors[cand]) & (sectors >= 0) & (f.sectors[cand] >= 0)).astype(np.float32)
        common = _rows_dot(f.languages[cand], f.languages[rows]) > 0
        common |= ~self._has_languages[rows][:, None] | ~self._has_languages[cand]
        before = combine(
            self.w,
            complementary=complementarity(a_gets, b_gets_t, self.w.mutual_share),
            interests=interests,
            intents=intents,
            cross_sector=cross,
            common_language=common,
        )
        before *= avoidance(avoided, self.w)
        competitor = competitor_strength(offers_alike, seeks_alike)
        parts = PairParts(
            a_gets,
            b_gets_t,
            interests,
            intents,
            cross,
            competitor,
            avoided,
            a_seek,
            a_offer,
            b_seek_t,
            b_offer_t,
        )
        return final_score(before, competitor, self.w), parts

    def _avoided(self, rows: Indices, cand: Indices) -> Floats:
        """max(A avoids what B offers or seeks, B avoids what A offers or seeks), in [0, 1]."""
        blend, cal = self.blend.for_avoids(), self.cal
        mine = self.items.best_pairs(
            "avoids", rows, "positive", cand, cal.item_semantic, cal.item_lexical, blend
        )
        theirs = self.items.best_pairs(
            "positive", rows, "avoids", cand, cal.item_semantic, cal.item_lexical, blend
        )
        mine_logit, theirs_logit = mine.logit, theirs.logit
        table = self.items.avoid_words
        if table is not None:
            coefficient = np.float32(blend.avoid_words)
            mine_logit = mine_logit + coefficient * table.lookup(rows[:, None], cand)
            theirs_logit = theirs_logit + coefficient * table.lookup(cand, rows[:, None])
        logit = np.maximum(mine_logit, theirs_logit) - np.float32(blend.avoid_shift)
        return sigmoid(logit.astype(np.float32))


def top_columns(score: Floats, keep: int, stride: int = 16) -> Indices:
    """The columns of each row's ``keep`` highest scores, in column order; ties go to the lower column.

    A full ``argpartition`` of a (512 x 20,000) block is most of the shortlist's time. A strided sample
    of the columns gives each row a threshold that about ``2 * keep`` scores pass; only those are
    sorted. A row where fewer than ``keep`` pass (ties, a tiny event) falls back to the full partition,
    so the result is exact either way.
    """
    b, n = score.shape
    if keep >= n:
        return np.tile(np.arange(n, dtype=np.intp), (b, 1))
    sample = score[:, ::stride]
    pick = max(1, (2 * keep) // stride)
    if n < 2 * stride * keep or pick >= sample.shape[1]:
        return np.sort(np.argpartition(score, n - keep, axis=1)[:, n - keep :], axis=1)
    threshold = np.partition(sample, sample.shape[1] - pick, axis=1)[:, sample.shape[1] - pick]
    rows, cols = np.nonzero(score >= threshold[:, None])
    counts = np.bincount(rows, minlength=b)
    values = score[rows, cols]
    # By row, then score (highest first), then column: the first ``keep`` of each row are its best.
    order = np.lexsort((cols, -values, rows))
    rows, cols = rows[order], cols[order]
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.arange(len(rows)) - starts[rows]
    chosen = rank < keep
    result = np.empty((b, keep), dtype=np.intp)
    full = counts >= keep
    result[full] = cols[chosen & full[rows]].reshape(-1, keep)
    short = np.flatnonzero(~full)
    if len(short):
        result[short] = np.argpartition(score[short], n - keep, axis=1)[:, n - keep :]
    result.sort(axis=1)
    return result


def rank_candidates(
    vectors: ProfileVectors,
    features: CategoricalFeatures,
    calibration: Calibration,
    config: MatchingConfig,
    blocklist: Blocklist | None = None,
    items: ItemSpace | None = None,
) -> RankedCandidates:
    """Every profile's ``config.top_k`` best candidates, none below the floor, best first: by final
    score less ``config.hub_penalty`` times the candidate's hub level (:func:`hub_levels`), computed once
    every shortlisted pair has its exact score.

    Guarantees: never the profile itself, never the same company, never a blocked pair; ties are broken
    by candidate index, so the result is deterministic and does not depend on ``block_size``.
    """
    n, top_k = vectors.count, config.top_k
    blocklist = blocklist or Blocklist()
    reduce = n >= config.reduce_from
    scorer = PairScorer(
        vectors,
        features,
        calibration,
        config.weights,
        config.shortlist_dimensions if reduce else None,
        config.blend,
        items,
    )
    keep = min(n - 1, top_k + config.rerank_margin)
    if keep <= 0:
        return _select(
            np.full((n, 0), -1, dtype=np.int32),
            np.zeros((n, 0), dtype=np.float32),
            _empty_parts(n, 0),
            np.zeros(n, dtype=np.float32),
            config,
        )
    # Every shortlisted pair's exact score and parts, kept until each candidate's hub level is known.
    shortlisted = np.full((n, keep), -1, dtype=np.int32)
    exact_scores = np.full((n, keep), _BLOCKED, dtype=np.float32)
    kept_parts = _empty_parts(n, keep)
    block = min(config.block_size, n)
    out = np.empty((block, n), dtype=np.float32)
    spare = np.empty((block, n), dtype=np.float32)
    total = np.empty((block, n), dtype=np.float32)
    flags = np.empty((block, n), dtype=np.bool_)
    for start in range(0, n, block):
        stop = min(n, start + block)
        b = stop - start
        score = scorer.shortlist_scores(start, stop, out[:b], spare[:b], total[:b], flags[:b])
        rows_blocked, cols_blocked = blocklist.blocked_in(start, stop)
        score[rows_blocked, cols_blocked] = _BLOCKED
        # The shortlist, ordered by column so that equal scores resolve by candidate index.
        cand = top_columns(score, keep)
        forbidden = np.take_along_axis(score, cand, axis=1) < 0
        final, pair_parts = scorer.exact(np.arange(start, stop), cand)
        final[forbidden] = _BLOCKED
        shortlisted[start:stop] = cand
        exact_scores[start:stop] = final
        for name in PART_NAMES:
            kept_parts[name][start:stop] = getattr(pair_parts, name)
    levels = hub_levels(exact_scores, config.hub_neighbours)
    return _select(shortlisted, exact_scores, kept_parts, levels, config)


def _empty_parts(n: int, width: int) -> dict[str, npt.NDArray[np.float32] | npt.NDArray[np.int16]]:
    parts: dict[str, npt.NDArray[np.float32] | npt.NDArray[np.int16]] = {
        name: np.zeros((n, width), dtype=np.float32) for name in PART_NAMES[:7]
    }
    parts |= {name: np.full((n, width), -1, dtype=np.int16) for name in PART_NAMES[7:]}
    return parts


def hub_levels(exact_scores: Floats, neighbours: int) -> Floats:
    """How well each profile fits people in general: the mean of its ``neighbours`` best exact scores
    (blocked pairs left out; 0 for a profile with none).

    A profile that fits everybody moderately — a staffing agency, a freight forwarder, a broad "we
    distribute food" — is near the top of many lists and crowds out the partner who fits one list
    specifically; the mutual top 3 suffers most, since the specific partner must be near the top of the
    hub's list too. Subtracting a share of this level from the candidate's score when ordering a list is
    the cross-domain similarity local scaling (CSLS) of Conneau et al. (2018) applied to match scores.
    """
    n, width = exact_scores.shape
    levels = np.zeros(n, dtype=np.float32)
    if not width:
        return levels
    best = -np.sort(-exact_scores, axis=1)[:, : min(neighbours, width)]
    valid = best >= 0
    counts = valid.sum(axis=1)
    sums = np.where(valid, best, 0.0).sum(axis=1)
    np.divide(sums, np.maximum(counts, 1), out=levels, where=counts > 0)
    return levels


def _select(
    cand: npt.NDArray[np.int32],
    final: Floats,
    parts: dict[str, npt.NDArray[np.float32] | npt.NDArray[np.int16]],
    levels: Floats,
    config: MatchingConfig,
) -> RankedCandidates:
    """Each row's ``top_k`` candidates at or above the floor, ordered by score less the hub correction;
    ties by candidate index (``cand`` is in column order). A row never has more columns than there are
    candidates: a ``top_k`` of billions allocated billions of columns."""
    n, top_k = len(cand), min(config.top_k, cand.shape[1])
    indices = np.full((n, top_k), -1, dtype=np.int32)
    scores = np.zeros((n, top_k), dtype=np.float32)
    keys = np.zeros((n, top_k), dtype=np.float32)
    chosen = _empty_parts(n, top_k)
    if cand.shape[1]:
        valid = (final >= 0) & (final >= np.float32(config.floor))
        order_key = final - np.float32(config.hub_penalty) * levels[np.maximum(cand, 0)]
        order_key = np.where(valid, order_key, -np.inf).astype(np.float32)
        order = np.argsort(-order_key, axis=1, kind="stable")[:, :top_k]
        width = order.shape[1]
        ok = np.take_along_axis(valid, order, axis=1)
        indices[:, :width] = np.where(ok, np.take_along_axis(cand, order, axis=1), -1)
        scores[:, :width] = np.where(ok, np.take_along_axis(final, order, axis=1), 0.0)
        keys[:, :width] = np.where(ok, np.take_along_axis(order_key, order, axis=1), 0.0)
        for name in PART_NAMES:
            chosen[name][:, :width] = np.take_along_axis(parts[name], order, axis=1)
    return RankedCandidates(indices, scores, PairParts(**chosen), keys)  # type: ignore[arg-type]
