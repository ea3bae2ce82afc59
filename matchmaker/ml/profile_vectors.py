"""Embed profiles' texts through a cache, so only texts never seen before reach the model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matchmaker.core.matching.profile import Profile, ProfileVectors
from matchmaker.ml.cache import InMemoryVectorCache, VectorCache, text_hash
from matchmaker.ml.embedder import Embedder, FloatMatrix, TextRole

# Texts sent to the model per call: big enough for the model to batch (and use its worker pool), small
# enough that a crash part-way keeps most of the work in the cache.
ENCODE_CHUNK = 16384


@dataclass(frozen=True)
class EmbeddingStats:
    """How many distinct texts a call needed and how many of them the model had to embed."""

    distinct_texts: int
    embedded: int


def embed_texts(texts: Sequence[str], role: TextRole, embedder: Embedder,
                cache: VectorCache) -> tuple[list[FloatMatrix | None], EmbeddingStats]:
    """One vector per text (None for an empty text), embedding only texts missing from ``cache``."""
    model_id = embedder.model_id
    inputs = [embedder.model_input(t, role) if t.strip() else "" for t in texts]
    hashes = [text_hash(x) if x else "" for x in inputs]
    wanted = {h: x for h, x in zip(hashes, inputs, strict=True) if h}
    found = cache.get_many(model_id, wanted)
    missing = [h for h in wanted if h not in found]
    for start in range(0, len(missing), ENCODE_CHUNK):
        chunk = missing[start:start + ENCODE_CHUNK]
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


def embed_profiles(profiles: Sequence[Profile], embedder: Embedder,
                   cache: VectorCache | None = None) -> tuple[ProfileVectors, EmbeddingStats]:
    """Vectors for every profile's offers, seeks and interests, plus what it cost.

    Unchanged texts are read from ``cache``; a fresh in-memory cache is used when none is given.
    """
    cache = cache if cache is not None else InMemoryVectorCache()
    offers, s1 = embed_texts([p.offers for p in profiles], "offers", embedder, cache)
    seeks, s2 = embed_texts([p.seeks for p in profiles], "seeks", embedder, cache)
    interests, s3 = embed_texts([p.interests_text for p in profiles], "interests", embedder, cache)
    dimension = next((len(v) for v in (*offers, *seeks, *interests) if v is not None), 1)
    vectors = ProfileVectors(
        offers=_stack(offers, dimension),
        seeks=_stack(seeks, dimension),
        interests=_stack(interests, dimension),
        model_id=embedder.model_id,
    )
    stats = EmbeddingStats(
        distinct_texts=s1.distinct_texts + s2.distinct_texts + s3.distinct_texts,
        embedded=s1.embedded + s2.embedded + s3.embedded,
    )
    return vectors, stats
