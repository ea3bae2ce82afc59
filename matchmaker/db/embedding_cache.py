"""The vector cache of the web app: rows of ``EmbeddingCache`` (model id, text hash, float32 bytes)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import EmbeddingCache
from matchmaker.ml.cache import Vector

# Bound parameters per IN (...) query: well under SQLite's and PostgreSQL's limits.
_LOOKUP_CHUNK = 500


class DbVectorCache:
    """A :class:`~matchmaker.ml.cache.VectorCache` in the database; ``put_many`` flushes, never commits."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def get_many(self, model_id: str, hashes: Iterable[str]) -> dict[str, Vector]:
        wanted = list(dict.fromkeys(hashes))
        found: dict[str, Vector] = {}
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            rows = self._session.execute(
                select(EmbeddingCache.text_hash, EmbeddingCache.dim, EmbeddingCache.vector).where(
                    EmbeddingCache.model_id == model_id,
                    EmbeddingCache.text_hash.in_(wanted[start : start + _LOOKUP_CHUNK]),
                )
            )
            for text_hash, dim, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if len(vector) == dim:  # a truncated row is treated as missing and re-embedded
                    found[text_hash] = vector
        return found

    def put_many(self, model_id: str, vectors: Mapping[str, Vector]) -> None:
        already = self.get_many(model_id, vectors)
        self._session.add_all(
            EmbeddingCache(
                model_id=model_id, text_hash=h, dim=len(v), vector=np.asarray(v, dtype=np.float32).tobytes()
            )
            for h, v in vectors.items()
            if h not in already
        )
        self._session.flush()
