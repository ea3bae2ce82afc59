"""The word bags' vectorised build gives the same bits, tables and scores as the first, row-by-row one."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from matchmaker.core.matching import MatchingConfig, Profile, match_profiles
from matchmaker.core.matching import words as words_module
from matchmaker.core.matching.blend import FITTED_BLEND
from matchmaker.core.matching.folding import fold, stem_vocabulary
from matchmaker.core.matching.item_space import ItemSpace
from matchmaker.core.matching.words import MIN_WORD, WordBags, word_bags
from matchmaker.ml import embed_profiles
from tests.unit.matching.fakes import BagOfWordsEmbedder


def reference_word_bags(texts: Sequence[str]) -> WordBags:
    """``word_bags`` as round 6 landed it (commit 93f10c0): a Python loop per text and per row."""
    folded_tokens: dict[str, list[str]] = {}
    per_text: list[list[str]] = []
    for text in texts:
        words: list[str] = []
        for token in text.split():
            if token not in folded_tokens:
                folded_tokens[token] = [
                    w for w in fold(token).split() if len(w) >= MIN_WORD and not w.isdigit()
                ]
            words.extend(folded_tokens[token])
        per_text.append(words)
    vocabulary = {w for words in folded_tokens.values() for w in words}
    stems = stem_vocabulary(vocabulary)
    roots = words_module._roots({stems[w] for w in vocabulary} | vocabulary)
    code: dict[str, int] = {}
    rows = [sorted({code.setdefault(roots[stems[w]], len(code)) for w in words}) for words in per_text]
    frequency = np.zeros(max(1, len(code)), dtype=np.float64)
    for row in rows:
        frequency[row] += 1
    idf = np.log((1 + len(texts)) / (1 + frequency)) + 1.0
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    flat = np.asarray([w for r in rows for w in r], dtype=np.int64)
    weights = idf[flat] if len(flat) else np.zeros(0)
    for i in range(len(rows)):
        start, stop = indptr[i], indptr[i + 1]
        if stop > start:
            weights[start:stop] /= np.sqrt(np.sum(weights[start:stop] ** 2))
    return WordBags(indptr, flat, weights.astype(np.float32))


VARIED = [
    "Lead-generation agencies",
    "Qualified solar leads and appointment setting",
    "",
    "Продажа новых погрузчиков",
    "prodazha novyh pogruzchikov",
    "Sprzedaż wózków widłowych, serwis i części",
    "Ремонтом и сервисом не занимаемся",
    "Lead-generation agencies",  # a repeat
    "   ",
    "of do и z dla 2024 100",  # nothing long enough, digits
    "Montaż instalacji fotowoltaicznych, montażem, montażu, монтаж монтажом montazh",
    # A row longer than numpy's pairwise-summation block, words repeated inside it.
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen three seven",
    "Grузы из Польши: nuzhny gruzy iz Polshi",
    "Продажа новых погрузчиков",
    "cold sales calls; wholesale of solar panels",
]


@pytest.mark.parametrize(
    "texts",
    [
        [],
        [""],
        ["", "   "],
        ["solar"],
        VARIED,
        VARIED[::-1],
        VARIED * 3,
        [text for text in VARIED if text.strip()],
    ],
)
def test_word_bags_are_the_reference_bit_for_bit(texts: list[str]) -> None:
    fast, slow = word_bags(texts), reference_word_bags(texts)
    assert fast.indptr.dtype == slow.indptr.dtype and fast.words.dtype == slow.words.dtype
    assert fast.weights.dtype == slow.weights.dtype == np.float32
    np.testing.assert_array_equal(fast.indptr, slow.indptr)
    np.testing.assert_array_equal(fast.words, slow.words)
    assert fast.weights.tobytes() == slow.weights.tobytes()


def test_word_bags_rows_are_unit_vectors_and_repeats_are_copies() -> None:
    bags = word_bags(VARIED)
    first, repeat = VARIED.index("Lead-generation agencies"), 7
    rows = [slice(bags.indptr[i], bags.indptr[i + 1]) for i in range(bags.count)]
    np.testing.assert_array_equal(bags.words[rows[first]], bags.words[rows[repeat]])
    for i, row in enumerate(rows):
        norm = float(np.sum(bags.weights[row].astype(np.float64) ** 2))
        assert norm == pytest.approx(1.0 if row.stop > row.start else 0.0, abs=1e-6), VARIED[i]


def _profiles() -> list[Profile]:
    people = [
        ("installer", "rooftop crews", "panels at trade prices", "lead generation agencies"),
        ("agency", "qualified leads for installers", "rooftop crews", ""),
        ("dealer", "Продажа новых погрузчиков. Ремонтом и сервисом не занимаемся.", "klienci hurtowi", ""),
        ("serwis", "Serwis i naprawa wózków widłowych", "pogruzchiki dlya remonta", "tylko sprzedaż"),
        ("ru", "remont pogruzchikov", "запчасти для погрузчиков", "Лидогенерация, холодные звонки"),
        ("pl", "Sprzedaż klimatyzatorów dla firm. Serwisem nie zajmujemy się.", "montaż klimatyzacji", ""),
        ("twin", "rooftop crews", "panels at trade prices", "lead generation agencies"),
        ("bare", "solar panels wholesale", "installers", ""),
        ("calls", "cold sales calls", "solar installers", "no cold calls"),
        ("honey", "honey", "jars", ""),
    ]
    return [
        Profile(key, offers=offers, seeks=seeks, avoids=avoids, company=key.upper())
        for key, offers, seeks, avoids in people
    ]


def test_the_fast_bags_give_the_same_table_and_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    from matchmaker.ml import profile_vectors

    profiles = _profiles()
    config = MatchingConfig(top_k=len(profiles) - 1, floor=0.0)
    fast_vectors, _ = embed_profiles(profiles, BagOfWordsEmbedder())
    fast = match_profiles(profiles, fast_vectors, config=config)
    monkeypatch.setattr(profile_vectors, "word_bags", reference_word_bags)
    slow_vectors, _ = embed_profiles(profiles, BagOfWordsEmbedder())
    slow = match_profiles(profiles, slow_vectors, config=config)
    assert fast_vectors.items is not None and slow_vectors.items is not None
    fast_bags, slow_bags = fast_vectors.items.words, slow_vectors.items.words
    assert fast_bags is not None and slow_bags is not None
    assert fast_bags.weights.tobytes() == slow_bags.weights.tobytes()
    fast_table = ItemSpace(fast_vectors, FITTED_BLEND).avoid_words
    slow_table = ItemSpace(slow_vectors, FITTED_BLEND).avoid_words
    assert fast_table is not None and slow_table is not None
    np.testing.assert_array_equal(fast_table.keys, slow_table.keys)
    assert fast_table.values.tobytes() == slow_table.values.tobytes()
    assert [[(m.key, m.score, m.reasons) for m in row] for row in fast] == [
        [(m.key, m.score, m.reasons) for m in row] for row in slow
    ]
    # The word channel is in play here: some avoid shares a word with another profile's item.
    assert len(fast_table.keys)
