"""The port through which the matcher gets sentence vectors, whatever model stands behind it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, Protocol, runtime_checkable

import numpy as np
import numpy.typing as npt

from matchmaker.core.matching.transliteration import cyrillic_if_transliterated

# What a text is in a profile. Asymmetric models (e5) embed a need as a query and an offer as a passage.
TextRole = Literal["seeks", "offers", "interests"]
FloatMatrix = npt.NDArray[np.float32]


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    @property
    def model_id(self) -> str:
        """Names the model and its version: vectors from different ids are never mixed or reused."""
        ...

    def model_input(self, text: str, role: TextRole) -> str:
        """The exact string the model embeds for ``text`` in ``role`` (the cache key is its hash)."""
        ...

    def encode(self, inputs: Sequence[str]) -> FloatMatrix:
        """One unit-length row per input (as returned by :meth:`model_input`), in order."""
        ...


def normalise_text(text: str) -> str:
    """Collapse whitespace so that edits that change nothing visible cost no new embedding, and write
    a text typed in CAPITALS in small letters: embedders read "OAK FLOORING" and "NEED TIMBER" as alike
    for their capitals (cosine 0.43; 0.09 in small letters), not for what they say. Russian typed in
    Latin letters is written back in Cyrillic, the script the embedders learnt Russian in
    (:mod:`matchmaker.core.matching.transliteration`)."""
    text = " ".join(text.split())
    letters = [char for char in text if char.isalpha()]
    if len(letters) >= 8 and sum(char.isupper() for char in letters) >= 0.7 * len(letters):
        text = text.lower()
    return cyrillic_if_transliterated(text)


def unit_rows(matrix: npt.NDArray[np.floating]) -> FloatMatrix:
    """``matrix`` as float32 with every non-zero row scaled to length 1."""
    out = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    result: FloatMatrix = (out / np.where(norms > 0, norms, 1.0)).astype(np.float32, copy=False)
    return result
