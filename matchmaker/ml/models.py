"""Which embedder a model setting names, loaded once per process and shared."""

from __future__ import annotations

import threading

from matchmaker.ml.embedder import Embedder
from matchmaker.ml.sentence_transformer import SentenceTransformerEmbedder
from matchmaker.ml.usem3_embedder import MODEL_NAME as USEM3
from matchmaker.ml.usem3_embedder import Usem3Embedder

DEFAULT_MODEL = USEM3
_embedders: dict[str, Embedder] = {}
_lock = threading.Lock()


def create_embedder(name: str) -> Embedder:
    """A new embedder for ``name``: ``usem3`` or a sentence-transformers name or path (lazy: no load yet)."""
    if name.strip().lower() in (USEM3, "use-multilingual-v3"):
        return Usem3Embedder()
    return SentenceTransformerEmbedder(name.strip())


def get_embedder(name: str = DEFAULT_MODEL) -> Embedder:
    """The process-wide embedder for ``name``; its model loads on first encode, once per process."""
    with _lock:
        if name not in _embedders:
            _embedders[name] = create_embedder(name)
        return _embedders[name]
