"""A small deterministic embedder for unit tests: hashed bag of words, with a few synonyms folded."""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

from matchmaker.ml.embedder import FloatMatrix, TextRole, normalise_text, unit_rows

DIMENSION = 256
_WORD = re.compile(r"\w+")
# Stop words carry no topic; dropping them keeps unrelated texts near cosine 0.
_STOP = {
    "we",
    "a",
    "an",
    "the",
    "and",
    "for",
    "of",
    "our",
    "to",
    "in",
    "as",
    "with",
    "are",
    "is",
    "looking",
    "need",
    "offer",
    "sell",
    "make",
    "who",
    "that",
    "from",
    "want",
}


class BagOfWordsEmbedder:
    """Texts sharing words get a high cosine; texts sharing none get 0. Counts its encode calls."""

    model_id = "test-bag-of-words@1"

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def model_input(self, text: str, role: TextRole) -> str:
        return normalise_text(text)

    def encode(self, inputs: Sequence[str]) -> FloatMatrix:
        self.encoded.extend(inputs)
        matrix = np.zeros((len(inputs), DIMENSION), dtype=np.float32)
        for row, text in enumerate(inputs):
            for word in _WORD.findall(text.lower()):
                if word not in _STOP:
                    stem = word[:-1] if word.endswith("s") else word
                    matrix[row, zlib.crc32(stem.encode()) % DIMENSION] += 1.0
        return unit_rows(matrix)


class BlindEmbedder:
    """Every distinct text gets its own random direction: no two texts are alike to this "model", so only
    the lexical channel can find a match."""

    model_id = "test-blind@1"

    def model_input(self, text: str, role: TextRole) -> str:
        return normalise_text(text)

    def encode(self, inputs: Sequence[str]) -> FloatMatrix:
        rows = [np.random.default_rng(zlib.crc32(text.encode())).normal(size=DIMENSION) for text in inputs]
        return unit_rows(np.asarray(rows, dtype=np.float32).reshape(len(inputs), DIMENSION))
