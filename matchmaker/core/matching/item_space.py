"""Item against item: for given pairs of profiles, the best-matching pair of their items.

Used by the exact stage only, on the shortlist (a few dozen candidates per profile), so items never
turn the event into an N x N problem. Vectors of every item sit in one matrix with a zero row at the
end, which the -1 padding of the item index points to; padded pairs are masked out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchmaker.core.matching.blend import DirectionBlend
from matchmaker.core.matching.calibration import Background, fit_background
from matchmaker.core.matching.profile import ITEM_SIDES, ItemVectors, ProfileVectors, item_index
from matchmaker.core.matching.words import AvoidWordTable, avoid_word_table

Floats = npt.NDArray[np.float32]
Indices = npt.NDArray[np.intp]
_NO_PAIR = np.float32(-1e4)
# Gathered candidate item vectors per sub-block stay under this many floats (~32 MB).
_GATHER_BUDGET = 8_000_000


@dataclass(frozen=True, eq=False)
class BestPairs:
    """Per profile pair: the best logit over item pairs and which items gave it (-1: no pair)."""

    logit: Floats  # (b, k)
    left: npt.NDArray[np.int16]  # (b, k) position in the left profile's list
    right: npt.NDArray[np.int16]  # (b, k) position in the right profile's list


def _unit(matrix: Floats) -> Floats:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    result: Floats = (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return result


def whole_text_items(vectors: ProfileVectors) -> ItemVectors:
    """Each profile's whole offers and seeks as its only items, without avoids (vectors without items)."""
    n = vectors.count
    has_offer, has_seek = vectors.present("offers"), vectors.present("seeks")
    counts = {
        "offers": has_offer.astype(int).tolist(),
        "seeks": has_seek.astype(int).tolist(),
        "avoids": [0] * n,
    }
    index = item_index(counts)
    rows = [
        vectors.offers[i] if side == "offers" else vectors.seeks[i]
        for i in range(n)
        for side in ("offers", "seeks")
        if counts[side][i]
    ]
    lexical_rows = []
    if vectors.lexical_offers is not None and vectors.lexical_seeks is not None:
        lexical_rows = [
            vectors.lexical_offers[i] if side == "offers" else vectors.lexical_seeks[i]
            for i in range(n)
            for side in ("offers", "seeks")
            if counts[side][i]
        ]
    semantic = np.asarray(rows, dtype=np.float32).reshape(len(rows), vectors.dimension)
    lexical_dim = 0 if not lexical_rows else len(lexical_rows[0])
    lexical = np.asarray(lexical_rows, dtype=np.float32).reshape(len(rows), lexical_dim)
    return ItemVectors(semantic=semantic, lexical=lexical, index=index)


def _lexical_evidence(
    cosines: Floats, semantic_scaled: Floats, semantic: Background, lexical: Background, blend: DirectionBlend
) -> None:
    """Lexical cosines -> their share of the logit, in place: the z-score above the projection's noise
    floor, capped, times the semantic gate and ``item_lexical`` (see :class:`DirectionBlend`).
    ``semantic_scaled`` holds the same item pairs' semantic cosines times ``item_semantic / spread``."""
    lexical.z(cosines)
    if blend.lexical_noise_z is not None:
        cosines -= np.float32(blend.lexical_noise_z)
        np.maximum(cosines, np.float32(0.0), out=cosines)
    if blend.lexical_cap is not None:
        np.minimum(cosines, np.float32(blend.lexical_cap), out=cosines)
    cosines *= np.float32(blend.item_lexical)
    if blend.lexical_gate is not None:
        # The semantic z-score is semantic_scaled / item_semantic - median / spread.
        spread = max(semantic.spread, 1e-3)
        gate = semantic_scaled * np.float32(1.0 / blend.item_semantic)
        gate -= np.float32(semantic.median / spread + blend.lexical_gate)
        np.clip(gate, np.float32(0.0), np.float32(1.0), out=gate)
        cosines *= gate


class ItemSpace:
    """Contextual item vectors of one event and the backgrounds of item-against-item cosines."""

    def __init__(self, vectors: ProfileVectors, blend: DirectionBlend) -> None:
        items = vectors.items if vectors.items is not None else whole_text_items(vectors)
        self.index = {side: items.index[side] for side in ITEM_SIDES}
        count = items.count
        owner = np.zeros(count, dtype=np.intp)
        side_of = np.zeros(count, dtype=np.int8)
        for code, side in enumerate(ITEM_SIDES):
            matrix = self.index[side]
            rows, _ = np.nonzero(matrix >= 0)
            owner[matrix[matrix >= 0]] = rows
            side_of[matrix[matrix >= 0]] = code
        semantic = items.semantic.copy()
        # Each item read in the light of its whole text: "installation" in a list about kitchen
        # extraction is installation of kitchen extraction.
        context = np.zeros_like(semantic)
        context[side_of == 0] = vectors.offers[owner[side_of == 0]]
        context[side_of == 1] = vectors.seeks[owner[side_of == 1]]
        semantic += np.float32(blend.item_context) * context
        if items.avoid_context is not None and blend.refused_context:
            # A refused clause in the light of the field it was refused in: what is not done to what.
            for code, whole in ((0, vectors.offers), (1, vectors.seeks)):
                refused = (side_of == 2) & (items.avoid_context == code)
                semantic[refused] += np.float32(blend.refused_context) * whole[owner[refused]]
        self.semantic = np.vstack([_unit(semantic), np.zeros((1, semantic.shape[1]), dtype=np.float32)])
        self.lexical = np.vstack([items.lexical, np.zeros((1, items.lexical.shape[1]), dtype=np.float32)])
        self.padding = count  # the zero row
        self.owner, self.side_of = owner, side_of
        self.counts = {side: (self.index[side] >= 0).sum(axis=1) for side in ITEM_SIDES}
        # Offers then seeks, left-aligned: what an avoid is checked against.
        both = np.concatenate([self.index["offers"], self.index["seeks"]], axis=1)
        order = np.argsort(both < 0, axis=1, kind="stable")
        self.index["positive"] = np.take_along_axis(both, order, axis=1)
        self.counts["positive"] = self.counts["offers"] + self.counts["seeks"]
        self.avoid_words: AvoidWordTable | None = None
        if items.words is not None and blend.avoid_words:
            self.avoid_words = avoid_word_table(items.words, owner, side_of == 2, vectors.count)

    @property
    def has_lexical(self) -> bool:
        return bool(self.lexical.shape[1])

    def backgrounds(self, seed: int = 0) -> tuple[Background, Background]:
        """Backgrounds of (semantic, lexical) cosines between sought and offered items of different people."""
        seeks, offers = self.side_of == 1, self.side_of == 0
        owners = (self.owner[seeks], self.owner[offers])
        semantic = fit_background(
            self.semantic[:-1][seeks], self.semantic[:-1][offers], owners=owners, seed=seed
        )
        if not self.has_lexical:
            return semantic, Background(0.0, 1.0)
        lexical = fit_background(
            self.lexical[:-1][seeks],
            self.lexical[:-1][offers],
            owners=owners,
            seed=seed,
            fallback=Background(0.02, 0.03),
        )
        return semantic, lexical

    def _positions(self, side: str, profiles: Indices) -> npt.NDArray[np.int32]:
        matrix = self.index[side][profiles]
        width = max(1, int(self.counts[side][profiles].max(initial=0)))
        positions: npt.NDArray[np.int32] = np.where(
            matrix[..., :width] >= 0, matrix[..., :width], self.padding
        ).astype(np.int32)
        return positions

    def best_pairs(
        self,
        left_side: str,
        rows: Indices,
        right_side: str,
        cand: Indices,
        semantic: Background,
        lexical: Background,
        blend: DirectionBlend,
    ) -> BestPairs:
        """For each (rows[i], cand[i, j]): the best blended logit over the row's ``left_side`` items and
        the candidate's ``right_side`` items, and which items they were. No item on a side: -1e4."""
        b, k = cand.shape
        logit = np.full((b, k), _NO_PAIR, dtype=np.float32)
        left_pos = np.full((b, k), -1, dtype=np.int16)
        right_pos = np.full((b, k), -1, dtype=np.int16)
        if not b or not k:
            return BestPairs(logit, left_pos, right_pos)
        use_lexical = self.has_lexical and blend.item_lexical != 0.0
        plain = blend.plain_lexical
        scale_s = np.float32(blend.item_semantic / max(semantic.spread, 1e-3))
        scale_l = np.float32(blend.item_lexical / max(lexical.spread, 1e-3))
        offset = np.float32(
            blend.intercept
            - blend.item_semantic * semantic.median / max(semantic.spread, 1e-3)
            - (
                blend.item_lexical * lexical.median / max(lexical.spread, 1e-3)
                if use_lexical and plain
                else 0.0
            )
        )
        width_right = max(1, int(self.counts[right_side][cand].max(initial=0)))
        dim = self.semantic.shape[1] + self.lexical.shape[1]
        step = max(1, _GATHER_BUDGET // max(1, k * width_right * dim))
        for start in range(0, b, step):
            stop = min(b, start + step)
            r, c = rows[start:stop], cand[start:stop]
            if not self.counts[left_side][r].any() or not self.counts[right_side][c].any():
                continue
            left = self._positions(left_side, r)  # (s, P)
            right = self._positions(right_side, c)  # (s, k, Q)
            s, p = left.shape
            q = right.shape[2]
            flat_right = right.reshape(s, k * q)
            values = np.matmul(self.semantic[left], self.semantic[flat_right].transpose(0, 2, 1))
            values *= scale_s
            if use_lexical:
                lexical_values = np.matmul(self.lexical[left], self.lexical[flat_right].transpose(0, 2, 1))
                if plain:
                    lexical_values *= scale_l
                else:
                    _lexical_evidence(lexical_values, values, semantic, lexical, blend)
                values += lexical_values
            values += offset
            values = values.reshape(s, p, k, q)
            invalid = (left == self.padding)[:, :, None, None] | (right == self.padding)[:, None, :, :]
            values[invalid] = _NO_PAIR
            # Best over both item lists: move (p, q) last and flatten them.
            flat = values.transpose(0, 2, 1, 3).reshape(s, k, p * q)
            best = flat.argmax(axis=2)
            logit[start:stop] = np.take_along_axis(flat, best[:, :, None], axis=2)[:, :, 0]
            found = logit[start:stop] > _NO_PAIR / 2
            left_pos[start:stop] = np.where(found, best // q, -1)
            right_pos[start:stop] = np.where(found, best % q, -1)
        return BestPairs(logit, left_pos, right_pos)
