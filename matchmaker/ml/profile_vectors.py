"""Embed profiles' texts through a cache, so only texts never seen before reach the model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchmaker.core.matching.profile import ITEM_SIDES, ItemVectors, Profile, ProfileVectors, item_index
from matchmaker.core.matching.words import word_bags
from matchmaker.ml.cache import InMemoryVectorCache, VectorCache, text_hash
from matchmaker.ml.embedder import Embedder, FloatMatrix, TextRole
from matchmaker.ml.lexical import lexical_vectors

# Texts sent to the model per call: big enough for the model to batch (and use its worker pool), small
# enough that a crash part-way keeps most of the work in the cache.
ENCODE_CHUNK = 16384


@dataclass(frozen=True)
class EmbeddingStats:
    """How many distinct texts a call needed and how many of them the model had to embed."""

    distinct_texts: int
    embedded: int


def embed_texts(
    texts: Sequence[str], role: TextRole, embedder: Embedder, cache: VectorCache
) -> tuple[list[FloatMatrix | None], EmbeddingStats]:
    """One vector per text (None for an empty text), embedding only texts missing from ``cache``."""
    model_id = embedder.model_id
    inputs = [embedder.model_input(t, role) if t.strip() else "" for t in texts]
    hashes = [text_hash(x) if x else "" for x in inputs]
    wanted = {h: x for h, x in zip(hashes, inputs, strict=True) if h}
    found = cache.get_many(model_id, wanted)
    missing = [h for h in wanted if h not in found]
    for start in range(0, len(missing), ENCODE_CHUNK):
        chunk = missing[start : start + ENCODE_CHUNK]
        vectors = embedder.encode([wanted[h] for h in chunk])
        fresh = dict(zip(chunk, vectors, strict=True))
        cache.put_many(model_id, fresh)
        found.update(fresh)
    return [found[h] if h else None for h in hashes], EmbeddingStats(len(wanted), len(missing))


def _stack(rows: list[FloatMatrix | None], dimension: int) -> FloatMatrix:
    matrix = np.zeros((len(rows), dimension), dtype=np.float32)
    for i, row in enumerate(rows):
        if row is not None:
            matrix[i] = row
    return matrix


def _avoid_context(profiles: Sequence[Profile], counts: dict[str, list[int]]) -> npt.NDArray[np.int8]:
    """Per item row (the order of :func:`item_index`): 0 / 1 for an avoid refused in the offers / seeks,
    -1 for everything else (see :class:`ItemVectors`)."""
    codes = {"offers": 0, "seeks": 1}
    rows: list[int] = []
    for i, profile in enumerate(profiles):
        origins = profile.items.avoid_origins
        rows += [-1] * (counts["offers"][i] + counts["seeks"][i])
        rows += [codes.get(origin, -1) for origin in origins] or [-1] * counts["avoids"][i]
    return np.asarray(rows, dtype=np.int8)


def _item_texts(profiles: Sequence[Profile]) -> tuple[dict[str, list[str]], dict[str, list[int]]]:
    """Every item text per side, profile by profile (the order of :func:`item_index`), and the counts."""
    texts: dict[str, list[str]] = {side: [] for side in ITEM_SIDES}
    counts: dict[str, list[int]] = {side: [] for side in ITEM_SIDES}
    for profile in profiles:
        items = profile.items
        for side, values in (("offers", items.offers), ("seeks", items.seeks), ("avoids", items.avoid_texts)):
            texts[side].extend(values)
            counts[side].append(len(values))
    return texts, counts


def _in_index_order(
    per_side: dict[str, list[FloatMatrix | None]], counts: dict[str, list[int]], dimension: int
) -> FloatMatrix:
    """Stack per-side rows into the flat order of :func:`item_index` (profile by profile, side by side)."""
    rows: list[FloatMatrix | None] = []
    cursor = dict.fromkeys(ITEM_SIDES, 0)
    for i in range(len(counts["offers"])):
        for side in ITEM_SIDES:
            count = counts[side][i]
            rows.extend(per_side[side][cursor[side] : cursor[side] + count])
            cursor[side] += count
    return _stack(rows, dimension)


def embed_profiles(
    profiles: Sequence[Profile], embedder: Embedder, cache: VectorCache | None = None
) -> tuple[ProfileVectors, EmbeddingStats]:
    """Vectors for every profile's offers, seeks and interests (whole texts, without negated clauses),
    for each of their items and avoids, and the lexical channel's vectors of the same texts; plus what
    the embedding cost.

    Unchanged texts are read from ``cache``; a fresh in-memory cache is used when none is given. The
    lexical channel is fitted on these profiles (one event) every time: it is cheap and needs no cache.
    """
    cache = cache if cache is not None else InMemoryVectorCache()
    offers_text = [p.items.offers_text for p in profiles]
    seeks_text = [p.items.seeks_text for p in profiles]
    offers, s1 = embed_texts(offers_text, "offers", embedder, cache)
    seeks, s2 = embed_texts(seeks_text, "seeks", embedder, cache)
    interests, s3 = embed_texts([p.interests_text for p in profiles], "interests", embedder, cache)
    item_texts, counts = _item_texts(profiles)
    roles: dict[str, TextRole] = {"offers": "offers", "seeks": "seeks", "avoids": "offers"}
    item_rows: dict[str, list[FloatMatrix | None]] = {}
    item_stats = []
    for side in ITEM_SIDES:
        item_rows[side], stats = embed_texts(item_texts[side], roles[side], embedder, cache)
        item_stats.append(stats)
    dimension = next(
        (
            len(v)
            for v in (*offers, *seeks, *interests, *item_rows["offers"], *item_rows["seeks"])
            if v is not None
        ),
        1,
    )
    no_lexical: dict[str, list[FloatMatrix | None]] = {
        side: [None] * len(item_texts[side]) for side in ITEM_SIDES
    }
    items = ItemVectors(
        semantic=_in_index_order(item_rows, counts, dimension),
        lexical=_in_index_order(no_lexical, counts, 0),
        index=item_index(counts),
        avoid_context=_avoid_context(profiles, counts),
    )
    vectors = with_lexical_channel(
        profiles,
        ProfileVectors(
            offers=_stack(offers, dimension),
            seeks=_stack(seeks, dimension),
            interests=_stack(interests, dimension),
            model_id=embedder.model_id,
            items=items,
        ),
    )
    every = [s1, s2, s3, *item_stats]
    stats = EmbeddingStats(
        distinct_texts=sum(s.distinct_texts for s in every), embedded=sum(s.embedded for s in every)
    )
    return vectors, stats


def with_lexical_channel(profiles: Sequence[Profile], vectors: ProfileVectors) -> ProfileVectors:
    """``vectors`` with the lexical channel's vectors of the same texts, fitted on these profiles (one
    event): cheap (~8 s for 100,000 texts) and specific to the event, so it is never cached."""
    assert vectors.items is not None
    item_texts, counts = _item_texts(profiles)
    n = len(profiles)
    flat_items = [text for side in ITEM_SIDES for text in item_texts[side]]
    lexical = lexical_vectors(
        [*(p.items.offers_text for p in profiles), *(p.items.seeks_text for p in profiles), *flat_items]
    )
    rows: dict[str, list[FloatMatrix | None]] = {}
    start = 2 * n
    for side in ITEM_SIDES:
        stop = start + len(item_texts[side])
        rows[side] = list(lexical[start:stop])
        start = stop
    in_order = [text for p in profiles for text in (*p.items.offers, *p.items.seeks, *p.items.avoid_texts)]
    items = ItemVectors(
        semantic=vectors.items.semantic,
        lexical=_in_index_order(rows, counts, lexical.shape[1]),
        index=vectors.items.index,
        avoid_context=_avoid_context(profiles, counts),
        words=word_bags(in_order),
    )
    return ProfileVectors(
        offers=vectors.offers,
        seeks=vectors.seeks,
        interests=vectors.interests,
        model_id=vectors.model_id,
        items=items,
        lexical_offers=lexical[:n],
        lexical_seeks=lexical[n : 2 * n],
    )
