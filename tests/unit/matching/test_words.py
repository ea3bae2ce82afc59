"""The word bags' vectorised build gives the same bits, tables and scores as the first, row-by-row one."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from matchmaker.core.matching import MatchingConfig, Profile, match_profiles
from matchmaker.core.matching import words as words_module
from matchmaker.core.matching.blend import FITTED_BLEND
from matchmaker.core.matching.folding import fold, stem_vocabulary
from matchmaker.core.matching.item_space import ItemSpace
from matchmaker.core.matching.words import (
    MAX_SHARE,
    MIN_WORD,
    AvoidWordTable,
    WordBags,
    avoid_word_table,
    word_bags,
)
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


def reference_avoid_word_table(
    bags: WordBags, owner: npt.NDArray[np.intp], is_avoid: npt.NDArray[np.bool_], n: int
) -> AvoidWordTable:
    """``avoid_word_table`` as round 6 landed it (commit 93f10c0): a Python loop per avoid word."""
    empty = AvoidWordTable(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), n)
    counts = np.diff(bags.indptr)
    item_of = np.repeat(np.arange(bags.count), counts)
    avoid_entry = is_avoid[item_of]
    vocabulary = int(bags.words.max(initial=-1)) + 1
    if not avoid_entry.any() or vocabulary == 0:
        return empty
    pos_items, pos_words = item_of[~avoid_entry], bags.words[~avoid_entry]
    own = np.unique(owner[pos_items].astype(np.int64) * vocabulary + pos_words)
    av_items, av_words = item_of[avoid_entry], bags.words[avoid_entry]
    av_weights = bags.weights[avoid_entry]
    keep = ~np.isin(owner[av_items].astype(np.int64) * vocabulary + av_words, own)
    av_items, av_words, av_weights = av_items[keep], av_words[keep], av_weights[keep]
    frequency = np.bincount(pos_words, minlength=vocabulary)
    common = frequency > max(20, MAX_SHARE * int((~is_avoid).sum()))
    order = np.argsort(pos_words, kind="stable")
    pos_items, pos_words = pos_items[order], pos_words[order]
    starts = np.searchsorted(pos_words, np.arange(vocabulary + 1))
    left: list[npt.NDArray[np.int64]] = []
    right: list[npt.NDArray[np.int64]] = []
    products: list[npt.NDArray[np.float32]] = []
    for item, word, weight in zip(av_items.tolist(), av_words.tolist(), av_weights.tolist(), strict=True):
        if common[word]:
            continue
        a, b = starts[word], starts[word + 1]
        if b > a:
            left.append(np.full(b - a, item, dtype=np.int64))
            right.append(pos_items[a:b].astype(np.int64))
            products.append(np.full(b - a, weight * weight, dtype=np.float32))
    if not left:
        return empty
    avoid_items, other_items = np.concatenate(left), np.concatenate(right)
    total = bags.count
    pair_keys, inverse = np.unique(avoid_items * total + other_items, return_inverse=True)
    cosines = np.zeros(len(pair_keys), dtype=np.float64)
    np.add.at(cosines, inverse, np.concatenate(products))
    avoid_owner = owner[pair_keys // total].astype(np.int64)
    other_owner = owner[pair_keys % total].astype(np.int64)
    different = avoid_owner != other_owner
    keys, inverse = np.unique(avoid_owner[different] * n + other_owner[different], return_inverse=True)
    values = np.zeros(len(keys), dtype=np.float64)
    np.maximum.at(values, inverse, cosines[different])
    return AvoidWordTable(keys, values.astype(np.float32), n)


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


WORDS = [
    "solar",
    "panels",
    "leads",
    "lead",
    "generation",
    "agencies",
    "cold",
    "calls",
    "sales",
    "wholesale",
    "forklifts",
    "погрузчики",
    "ремонт",
    "сервис",
    "naprawa",
    "serwis",
    "wózki",
    "widłowe",
    "remont",
    "pogruzchikov",
    "montaż",
    "монтаж",
    "honey",
    "jars",
    "tiles",
    "drones",
    "printing",
    "welding",
    "insurance",
    "seafood",
    "payroll",
    "flowers",
    "yacht",
    "hostel",
    "dental",
    "tax",
    "crews",
    "roofs",
]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_avoid_word_table_is_the_reference_on_many_random_avoids(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 60
    per_profile = rng.integers(0, 6, size=n)  # some profiles with no items at all
    owner = np.repeat(np.arange(n), per_profile)
    texts = [" ".join(rng.choice(WORDS, size=int(rng.integers(0, 5)))) for _ in owner]
    # Empty avoids, profiles without avoids, profiles with only avoids.
    is_avoid = rng.random(len(owner)) < 0.3
    bags = word_bags(texts)
    fast = avoid_word_table(bags, owner, is_avoid, n)
    slow = reference_avoid_word_table(bags, owner, is_avoid, n)
    assert len(slow.keys) > 10
    np.testing.assert_array_equal(fast.keys, slow.keys)
    assert fast.values.tobytes() == slow.values.tobytes()
    # And the bags under it are the reference's too.
    assert bags.weights.tobytes() == reference_word_bags(texts).weights.tobytes()


def test_avoid_word_table_without_avoids_or_words_is_empty() -> None:
    bags = word_bags(["solar panels", "", "honey"])
    owner = np.array([0, 1, 2])
    assert not len(avoid_word_table(bags, owner, np.zeros(3, dtype=bool), 3).keys)
    assert not len(avoid_word_table(bags, owner, np.array([False, True, False]), 3).keys)
    assert not len(avoid_word_table(word_bags(["", ""]), owner[:2], np.array([True, False]), 2).keys)
