"""The lexical channel: inflected and transliterated forms meet, and its fast n-gram counts are
scikit-learn's."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import HashingVectorizer

from matchmaker.ml import lexical
from matchmaker.ml.lexical import HASHED_FEATURES, NGRAMS, _ngram_counts, lexical_vectors

OTHERS = [
    "Sprzedaż kawy ziarnistej",
    "Перевозки рефрижераторами",
    "Hotel linen wholesale",
    "Drewniane palety EUR",
    "Облачный хостинг",
]


def _cosine(texts: list[str], a: int, b: int) -> float:
    vectors = lexical_vectors([*texts, *OTHERS])
    return float(vectors[a] @ vectors[b])


def test_cases_of_one_word_get_one_lexical_vector_in_polish_and_russian() -> None:
    texts = ["montażem usługami", "montażu usługi", "монтажом услуги", "montazha uslugami", "монтаж услуг"]

    vectors = lexical_vectors([*texts, *OTHERS])

    assert np.allclose(vectors[0], vectors[1], atol=1e-6)
    assert np.allclose(vectors[2], vectors[3], atol=1e-6) and np.allclose(vectors[2], vectors[4], atol=1e-6)


def test_russian_in_latin_letters_meets_cyrillic_in_the_lexical_channel() -> None:
    assert _cosine(["nuzhny gruzy iz Polshi", "Нужны грузы из Польши"], 0, 1) > 0.99


def test_polish_and_russian_sharing_a_root_are_near_in_the_lexical_channel() -> None:
    # "Usługi montażu mebli" / "Услуги по монтажу мебели": the same three roots, in other endings.
    near = _cosine(["Usługi montażu mebli", "Услуги по монтажу мебели"], 0, 1)
    far = _cosine(["Usługi montażu mebli", "Перевозки рефрижераторами"], 0, 1)

    assert near > 0.5 and far < 0.2


def test_ngram_counts_word_by_word_equal_scikit_learns_over_whole_texts() -> None:
    texts = ["montazh mebl", "a bb ccc dddd", "uslug po montazh mebl mebl", "iso 22000 hacp"]

    expected = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        n_features=HASHED_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    ).transform(texts)

    assert abs(_ngram_counts(texts) - expected).max() == 0


def _fair(count: int, common: str = "Firma ") -> list[str]:
    """``count`` texts that each name a trade of their own after ``common``, and two that share "HACCP"."""
    letters = np.random.default_rng(0).choice(list("bdfgklmnprstvz"), size=(count, 6))
    trades = ["".join(row) for row in letters]
    return [f"{common}{trade}" for trade in trades] + [f"{common}audyt HACCP", f"{common}szkolenia HACCP"]


def test_a_word_most_of_the_event_writes_is_left_out_of_the_lexical_channel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(lexical, "MAX_WORD_SHARE", 0.01)
    # "Firma" in all 202 texts, far more than 1% of them: the vectors are those of the texts without it.
    assert np.array_equal(lexical_vectors(_fair(200)), lexical_vectors(_fair(200, common="")))
    # A word few texts share still brings them together.
    vectors = lexical_vectors(_fair(200))
    assert float(vectors[-2] @ vectors[-1]) > 0.3


def test_a_small_group_keeps_every_word_in_the_lexical_channel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexical, "MAX_WORD_SHARE", 0.01)
    # "Firma" in all 7 texts, but in fewer than MIN_COMMON_TEXTS: it stays.
    with_word, without = lexical_vectors(_fair(5)), lexical_vectors(_fair(5, common=""))

    assert not np.allclose(with_word, without, atol=1e-3)


def test_by_default_the_lexical_channel_keeps_every_word() -> None:
    # The landed default (see MAX_WORD_SHARE): "Firma" in all 202 texts still counts.
    assert not np.allclose(lexical_vectors(_fair(200)), lexical_vectors(_fair(200, common="")), atol=1e-3)
