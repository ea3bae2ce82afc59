"""Where computed vectors are kept, keyed by model id and the hash of the exact model input."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable, Mapping
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]


def text_hash(model_input: str) -> str:
    """A stable 64-hex-digit key for one model input."""
    return hashlib.sha256(model_input.encode("utf-8")).hexdigest()


class VectorCache(Protocol):
    """Stores vectors per (model id, text hash). Implementations need not be shared across processes."""

    def get_many(self, model_id: str, hashes: Iterable[str]) -> dict[str, Vector]:
        """The vectors held for those hashes under ``model_id``; hashes not held are simply absent."""
        ...

    def put_many(self, model_id: str, vectors: Mapping[str, Vector]) -> None:
        """Keep these vectors under ``model_id``; an existing entry for a hash is left as it is."""
        ...


class InMemoryVectorCache:
    """A :class:`VectorCache` in a dict, for one process (the CLI, tests, a benchmark run)."""

    def __init__(self) -> None:
        self._vectors: dict[tuple[str, str], Vector] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def get_many(self, model_id: str, hashes: Iterable[str]) -> dict[str, Vector]:
        with self._lock:
            return {h: v for h in hashes if (v := self._vectors.get((model_id, h))) is not None}

    def put_many(self, model_id: str, vectors: Mapping[str, Vector]) -> None:
        with self._lock:
            for h, vector in vectors.items():
                self._vectors.setdefault((model_id, h), np.asarray(vector, dtype=np.float32))
