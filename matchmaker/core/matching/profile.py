"""What the matcher knows about one attendee, and the vectors that stand for their texts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import numpy.typing as npt

from matchmaker.core.matching.items import ProfileItems, profile_items
from matchmaker.core.matching.words import WordBags

FloatMatrix = npt.NDArray[np.float32]
IndexMatrix = npt.NDArray[np.int32]
ITEM_SIDES = ("offers", "seeks", "avoids")


@dataclass(frozen=True)
class Profile:
    """One attendee as the matcher sees them. ``key`` is unique within one matching run."""

    key: str
    offers: str = ""
    seeks: str = ""
    # What the attendee does not want to be offered or asked for.
    avoids: str = ""
    name: str = ""
    company: str = ""
    sector: str = ""
    interests: tuple[str, ...] = ()
    intents: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    @property
    def interests_text(self) -> str:
        """The interests as one text to embed (empty when there are none)."""
        return "; ".join(tag for tag in self.interests if tag.strip())

    @cached_property
    def items(self) -> ProfileItems:
        """Offers, seeks and avoids split into items; negated clauses moved to the avoids."""
        return profile_items(self.offers, self.seeks, self.avoids)


def item_index(counts: Mapping[str, list[int]]) -> dict[str, IndexMatrix]:
    """Row numbers of each profile's items in one flat item matrix, per side, -1 where a profile has
    fewer items than the widest. Rows run profile by profile, offers then seeks then avoids."""
    n = len(counts["offers"])
    widths = {side: max([1, *counts[side]]) for side in ITEM_SIDES}
    index = {side: np.full((n, widths[side]), -1, dtype=np.int32) for side in ITEM_SIDES}
    row = 0
    for i in range(n):
        for side in ITEM_SIDES:
            count = counts[side][i]
            index[side][i, :count] = np.arange(row, row + count, dtype=np.int32)
            row += count
    return index


@dataclass(frozen=True, eq=False)
class ItemVectors:
    """Unit vectors of every item of every profile, from the embedder (``semantic``) and the lexical
    channel (``lexical``, zero columns when there is none); ``index`` finds a profile's items per side."""

    semantic: FloatMatrix  # (items, dim)
    lexical: FloatMatrix  # (items, lexical dim), possibly (items, 0)
    index: Mapping[str, IndexMatrix]  # side -> (profiles, widest list)
    # Per item row: whose whole text an avoid is read with (0 offers, 1 seeks: a refused clause of that
    # field), -1 for none (a declared avoid; offers and seeks always take their own). None: all -1.
    avoid_context: npt.NDArray[np.int8] | None = None
    # Per item row: its bag of word roots (:mod:`matchmaker.core.matching.words`), for avoids.
    words: WordBags | None = None

    def __post_init__(self) -> None:
        if self.words is not None and self.words.count != self.semantic.shape[0]:
            raise ValueError("word bags must have one row per item")
        if self.semantic.shape[0] != self.lexical.shape[0]:
            raise ValueError("semantic and lexical item vectors must have one row per item")
        if self.avoid_context is not None and len(self.avoid_context) != self.semantic.shape[0]:
            raise ValueError("avoid_context must have one entry per item")
        if set(self.index) != set(ITEM_SIDES):
            raise ValueError(f"item index needs the sides {ITEM_SIDES}")

    @property
    def count(self) -> int:
        return int(self.semantic.shape[0])


@dataclass(frozen=True, eq=False)
class ProfileVectors:
    """Unit vectors for each profile's texts, one row per profile, in the order of the profiles.

    A row of zeros means the profile has no such text; the matcher treats it as "no signal".
    """

    offers: FloatMatrix
    seeks: FloatMatrix
    interests: FloatMatrix
    model_id: str = "unknown"
    # The items behind offers and seeks and the lexical channel's whole-text vectors; without them
    # each profile counts as one item (its whole text) and the lexical channel is silent.
    items: ItemVectors | None = None
    lexical_offers: FloatMatrix | None = None
    lexical_seeks: FloatMatrix | None = None
    _present: dict[str, npt.NDArray[np.bool_]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        shapes = {self.offers.shape, self.seeks.shape, self.interests.shape}
        if len(shapes) != 1 or self.offers.ndim != 2:
            raise ValueError(f"offers, seeks and interests must be (n, dim) matrices of one shape: {shapes}")
        if self.items is not None and any(len(m) != self.count for m in self.items.index.values()):
            raise ValueError("the item index must have one row per profile")

    @property
    def count(self) -> int:
        return int(self.offers.shape[0])

    @property
    def dimension(self) -> int:
        return int(self.offers.shape[1])

    def present(self, channel: str) -> npt.NDArray[np.bool_]:
        """Which rows of ``channel`` ("offers", "seeks", "interests") hold a text's vector."""
        if channel not in self._present:
            matrix: FloatMatrix = getattr(self, channel)
            self._present[channel] = np.einsum("ij,ij->i", matrix, matrix) > 1e-12
        return self._present[channel]
