"""A :class:`~matchmaker.ml.cache.VectorCache` in a local SQLite file, for the command line.

The web app keeps vectors in its database (``matchmaker.db.embedding_cache``); the ``match`` command
runs without one, and this file is what makes its second run on the same CSV skip the model.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from matchmaker.ml.cache import Vector

_SCHEMA = """CREATE TABLE IF NOT EXISTS vectors (
    model_id TEXT NOT NULL, text_hash TEXT NOT NULL, dim INTEGER NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (model_id, text_hash))"""
# SQLite allows at most 999 bound parameters in old builds; one is the model id.
_LOOKUP_CHUNK = 900


class SqliteVectorCache:
    """Vectors stored as float32 bytes, keyed by (model id, text hash). The file is created on demand."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._connection = sqlite3.connect(str(path))
        self._connection.execute(_SCHEMA)

    def close(self) -> None:
        self._connection.close()

    def get_many(self, model_id: str, hashes: Iterable[str]) -> dict[str, Vector]:
        wanted = list(hashes)
        found: dict[str, Vector] = {}
        for start in range(0, len(wanted), _LOOKUP_CHUNK):
            chunk = wanted[start : start + _LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._connection.execute(
                f"SELECT text_hash, dim, vector FROM vectors WHERE model_id = ? AND text_hash IN ({marks})",
                [model_id, *chunk],
            )
            for text_hash, dim, blob in rows:
                vector = np.frombuffer(blob, dtype=np.float32)
                if len(vector) == dim:
                    found[text_hash] = vector
        return found

    def put_many(self, model_id: str, vectors: Mapping[str, Vector]) -> None:
        with self._connection:
            self._connection.executemany(
                "INSERT OR IGNORE INTO vectors (model_id, text_hash, dim, vector) VALUES (?, ?, ?, ?)",
                [
                    (model_id, h, len(v), np.asarray(v, dtype=np.float32).tobytes())
                    for h, v in vectors.items()
                ],
            )
