from __future__ import annotations

import pytest

from tests.unit.matching.fakes import BagOfWordsEmbedder


@pytest.fixture
def embedder() -> BagOfWordsEmbedder:
    return BagOfWordsEmbedder()
