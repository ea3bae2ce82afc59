"""Blocked top-K candidate generation: every pair is considered, no N x N matrix is ever held.

Rows are processed in blocks of ``block_size``. Stage 1 scores a block against everybody — a
(block x N) matrix, computed in place in reused buffers — with the parts that need a full matrix
product (both complementary directions, shared interests) plus goals and languages, using a cheap
linear stand-in for the calibration curve and, for large fairs, vectors projected on their main
directions; it shortlists the best ``top_k + rerank_margin`` columns. Stage 2 scores the shortlist
exactly with every part (adding the cross-sector bonus and the competitor penalty) and keeps the best
``top_k``. Peak memory is a few (block x N) float32 buffers plus the vectors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from benchmarks.landed_engine.blocking import Blocklist
from benchmarks.landed_engine.calibration import Calibration
from benchmarks.landed_engine.features import CategoricalFeatures
from benchmarks.landed_engine.profile import ProfileVectors
from benchmarks.landed_engine.scoring import (
    ScoreWeights,
    combine,
    competitor_strength,
    complementarity,
    final_score,
)

Floats = npt.NDArray[np.float32]
Indices = npt.NDArray[np.intp]
Bools = npt.NDArray[np.bool_]
_BLOCKED = np.float32(-1.0)


@dataclass(frozen=True)
class MatchingConfig:
    """How many candidates to keep per attendee and how the work is split."""

    top_k: int = 30
    block_size: int = 512
    # Extra candidates shortlisted in stage 1 before the exact stage-2 score re-ranks them.
    rerank_margin: int = 30
    # From this many profiles on, stage 1 compares vectors projected on their main directions (PCA):
    # the shortlist's matrix products shrink by dimension / shortlist_dimensions. Stage 2 is exact.
    shortlist_dimensions: int = 128
    reduce_from: int = 4000
    weights: ScoreWeights = field(default_factory=ScoreWeights)

    def __post_init__(self) -> None:
        if self.top_k < 1 or self.block_size < 1 or self.rerank_margin < 0:
            raise ValueError("top_k and block_size must be positive, rerank_margin not negative")


@dataclass(frozen=True, eq=False)
class PairParts:
    """The calibrated parts of pair scores, arrays of one shape (one entry per pair)."""

    a_gets: Floats  # how well B's offers answer A's needs
    b_gets: Floats  # how well A's offers answer B's needs
    interests: Floats
    intents: Floats
    cross_sector: Floats
    competitor: Floats


@dataclass(frozen=True, eq=False)
class RankedCandidates:
    """For each profile (row), its best candidates, best first; index -1 pads short rows."""

    indices: npt.NDArray[np.int32]  # (n, top_k)
    scores: Floats  # (n, top_k)
    parts: PairParts  # each (n, top_k)

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
    ) -> None:
        self.v = vectors
        self.f = features
        self.cal = calibration
        self.w = weights
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
        left: Floats,
        right_t: Floats,
        out: Floats,
        left_absent: Bools,
        right_absent: Indices,
        channel: str = "seeks_offers",
    ) -> None:
        np.matmul(left, right_t, out=out)
        getattr(self.cal, channel).apply_ramp(out)
        if left_absent.any():
            out[left_absent] = 0.0
        if len(right_absent):
            out[:, right_absent] = 0.0

    def shortlist_scores(
        self, start: int, stop: int, out: Floats, spare: Floats, total: Floats, flags: Bools
    ) -> Floats:
        """Stage-1 scores of rows ``start:stop`` against everybody, written into ``out``.

        ``out``, ``spare`` and ``total`` are (rows x N) float32 buffers, ``flags`` a bool one; all are
        overwritten (reusing buffers spares the page faults of fresh 40 MB temporaries).
        Self and same-company pairs come back as -1.
        """
        w, r = self.w, slice(start, stop)
        a_gets, b_gets = out, spare
        self._direction(self._seeks[r], self._offers_t, a_gets, ~self.has["seeks"][r], self._no_offers)
        self._direction(self._offers[r], self._seeks_t, b_gets, ~self.has["offers"][r], self._no_seeks)
        # complementarity = share * 2ab / (a + b) + (1 - share) * (a + b) / 2, in place.
        np.add(a_gets, b_gets, out=total)
        np.multiply(a_gets, b_gets, out=a_gets)
        np.maximum(total, np.float32(1e-6), out=b_gets)
        np.divide(a_gets, b_gets, out=a_gets)
        a_gets *= np.float32(2.0 * w.mutual_share * w.complementary)
        total *= np.float32(0.5 * (1.0 - w.mutual_share) * w.complementary)
        score = a_gets
        score += total
        np.matmul(self._intents_to[r], self._intents_t, out=spare)
        np.minimum(spare, np.float32(1.0), out=spare)
        spare *= np.float32(w.intents)
        score += spare
        self._direction(
            self._interests[r],
            self._interests_t,
            spare,
            ~self.has["interests"][r],
            self._no_interests,
            "interests",
        )
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

    def exact(self, rows: Indices, cand: Indices) -> tuple[Floats, PairParts]:
        """Final scores and parts of each pair (rows[i], cand[i, j]): rows is (b,), cand is (b, k)."""
        v, f, cal, has = self.v, self.f, self.cal, self.has

        def strength(many: Floats, one: Floats, channel: str, many_has: Bools, one_has: Bools) -> Floats:
            values = _rows_dot(many[cand], one[rows])
            getattr(cal, channel).apply(values)
            values *= one_has[rows][:, None] & many_has[cand]
            return values

        a_gets = strength(v.offers, v.seeks, "seeks_offers", has["offers"], has["seeks"])
        b_gets = strength(v.seeks, v.offers, "seeks_offers", has["seeks"], has["offers"])
        interests = strength(v.interests, v.interests, "interests", has["interests"], has["interests"])
        offers_alike = strength(v.offers, v.offers, "offers_offers", has["offers"], has["offers"])
        seeks_alike = strength(v.seeks, v.seeks, "seeks_seeks", has["seeks"], has["seeks"])
        intents = np.minimum(_rows_dot(f.intents[cand], self._intents_to[rows]), np.float32(1.0))
        sectors = f.sectors[rows][:, None]
        cross = ((sectors != f.sectors[cand]) & (sectors >= 0) & (f.sectors[cand] >= 0)).astype(np.float32)
        common = _rows_dot(f.languages[cand], f.languages[rows]) > 0
        common |= ~self._has_languages[rows][:, None] | ~self._has_languages[cand]
        before = combine(
            self.w,
            complementary=complementarity(a_gets, b_gets, self.w.mutual_share),
            interests=interests,
            intents=intents,
            cross_sector=cross,
            common_language=common,
        )
        competitor = competitor_strength(offers_alike, seeks_alike)
        parts = PairParts(a_gets, b_gets, interests, intents, cross, competitor)
        return final_score(before, competitor, self.w), parts


def rank_candidates(
    vectors: ProfileVectors,
    features: CategoricalFeatures,
    calibration: Calibration,
    config: MatchingConfig,
    blocklist: Blocklist | None = None,
) -> RankedCandidates:
    """Every profile's ``config.top_k`` best candidates by final score, best first.

    Guarantees: never the profile itself, never the same company, never a blocked pair; ties are broken
    by candidate index, so the result is deterministic and does not depend on ``block_size``.
    """
    n, top_k = vectors.count, config.top_k
    blocklist = blocklist or Blocklist()
    reduce = n >= config.reduce_from
    scorer = PairScorer(
        vectors, features, calibration, config.weights, config.shortlist_dimensions if reduce else None
    )
    indices = np.full((n, top_k), -1, dtype=np.int32)
    scores = np.zeros((n, top_k), dtype=np.float32)
    names = ("a_gets", "b_gets", "interests", "intents", "cross_sector", "competitor")
    parts = {name: np.zeros((n, top_k), dtype=np.float32) for name in names}
    keep = min(n - 1, top_k + config.rerank_margin)
    if keep <= 0:
        return RankedCandidates(indices, scores, PairParts(**parts))
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
        cand = np.sort(np.argpartition(score, n - keep, axis=1)[:, n - keep :], axis=1)
        forbidden = np.take_along_axis(score, cand, axis=1) < 0
        final, pair_parts = scorer.exact(np.arange(start, stop), cand)
        final[forbidden] = _BLOCKED
        order = np.argsort(-final, axis=1, kind="stable")[:, :top_k]
        best_scores = np.take_along_axis(final, order, axis=1)
        valid = best_scores >= 0
        width = order.shape[1]
        indices[start:stop, :width] = np.where(valid, np.take_along_axis(cand, order, axis=1), -1)
        scores[start:stop, :width] = np.where(valid, best_scores, 0.0)
        for name in names:
            parts[name][start:stop, :width] = np.take_along_axis(getattr(pair_parts, name), order, axis=1)
    return RankedCandidates(indices, scores, PairParts(**parts))
