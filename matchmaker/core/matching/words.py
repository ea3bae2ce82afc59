"""Declared avoids and refused clauses against the other side's items, word by word.

The character n-grams of the lexical channel find "sales" inside "wholesale" as readily as "lead" inside
"leads", and the embedding does not see that "Lead-generation agencies" is what "Qualified solar leads
and appointment setting" sells. An avoid names a kind of thing in a few words; whether the other side
uses those words is a question of whole words: each text becomes a bag of word roots (folded with
:func:`~matchmaker.core.matching.folding.fold`, so Cyrillic, Latin-letter Russian and Polish meet;
inflectional endings cut with :func:`~matchmaker.core.matching.folding.stem_vocabulary`), weighted by
inverse document frequency over the event's items and normalised. What an avoid is hit by is the share
of the avoid's weight in words the other side's item has too ("Lead-generation agencies" against
"Qualified solar leads ...": "lead"): 0 for unrelated texts, so there is no background to subtract, 1
when the item has every word.

Only avoids are compared this way, and only against the positive items of the other side; a word the
avoiding side itself offers or seeks is left out of its avoids ("Sale of forklifts. We do not repair
forklifts": "forklifts" says nothing about what is refused). The best share over (avoid, item) pairs
of each pair of profiles is kept in a table of the pairs that share any word (few: avoids are short and
rare), so the exact stage looks it up instead of comparing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from matchmaker.core.matching.folding import fold, stem_vocabulary

Floats = npt.NDArray[np.float32]
Ints = npt.NDArray[np.int64]
# Words shorter than this (after folding) carry no kind of thing: "of", "do", "и", "z", "dla".
MIN_WORD = 3
# A word that another word of the event begins could stand for it from this length on ("install" for
# "installation"); None: off. Round 6 tried 4 on the tuning split: it also merged adjectives with their
# nouns ("giełdy transportowe", an avoid, with "transport żywności", a true partner's offer) and lost
# negation-05; exact stems only (after inflectional endings are cut) lost nothing.
MIN_ROOT: int | None = None
# Words in more than this share of the positive items say nothing (and would make the table large).
MAX_SHARE = 0.02


@dataclass(frozen=True, eq=False)
class WordBags:
    """Each text as a sparse unit vector of word roots: row ``i`` is ``words[indptr[i]:indptr[i+1]]``
    with ``weights`` alike (CSR, numpy only)."""

    indptr: Ints
    words: Ints
    weights: Floats

    @property
    def count(self) -> int:
        return len(self.indptr) - 1


def _roots(vocabulary: set[str]) -> dict[str, str]:
    """Each word -> the shortest word of ``vocabulary`` (MIN_ROOT+ letters) that begins it, or itself."""
    if MIN_ROOT is None:
        return {word: word for word in vocabulary}
    result = {}
    for word in vocabulary:
        root = word
        for length in range(MIN_ROOT, len(word)):
            if word[:length] in vocabulary:
                root = word[:length]
                break
        result[word] = root
    return result


def _token_words(token: str) -> list[str]:
    """The words of one whitespace-separated token as the bags count them (folded, long enough)."""
    return [w for w in fold(token).split() if len(w) >= MIN_WORD and not w.isdigit()]


# Rows with fewer words than this are normalised in one vectorised sum: below numpy's pairwise-summation
# block (8) ``np.sum`` adds in order, as ``np.add.reduceat`` does, so both give the same bits; longer rows
# (rare) keep the per-row ``np.sum`` the bags were first written with.
_SHORT_ROW = 8


def word_bags(texts: Sequence[str]) -> WordBags:
    """The bags of ``texts``, the inverse document frequencies fitted on ``texts`` themselves.

    Each distinct text is split and each distinct token folded once; codes are given in order of first
    appearance (text by text, word by word) and the rows of repeated texts are copies."""
    distinct: dict[str, int] = {}
    text_of = np.fromiter((distinct.setdefault(t, len(distinct)) for t in texts), np.int64, len(texts))
    token_id: dict[str, int] = {}
    flat_tokens: list[int] = []
    tokens_per_text = np.zeros(len(distinct), dtype=np.int64)
    for d, text in enumerate(distinct):
        ids = [token_id.setdefault(token, len(token_id)) for token in text.split()]
        tokens_per_text[d] = len(ids)
        flat_tokens.extend(ids)
    token_words = [_token_words(token) for token in token_id]
    vocabulary = {w for words in token_words for w in words}
    stems = stem_vocabulary(vocabulary)
    roots = _roots({stems[w] for w in vocabulary} | vocabulary)
    provisional: dict[str, int] = {}
    token_roots = [
        [provisional.setdefault(roots[stems[w]], len(provisional)) for w in words] for words in token_words
    ]
    roots_per_token = np.fromiter((len(r) for r in token_roots), np.int64, len(token_roots))
    root_flat = np.fromiter((r for rs in token_roots for r in rs), np.int64, int(roots_per_token.sum()))
    token_start = np.zeros(len(token_roots) + 1, dtype=np.int64)
    np.cumsum(roots_per_token, out=token_start[1:])
    # Every (distinct text, root) occurrence, in text order and word order within each text.
    occurrences = np.asarray(flat_tokens, dtype=np.int64)
    per_occurrence = roots_per_token[occurrences]
    offsets = np.arange(int(per_occurrence.sum()), dtype=np.int64) - np.repeat(
        np.cumsum(per_occurrence) - per_occurrence, per_occurrence
    )
    occurrence_roots = root_flat[np.repeat(token_start[:-1][occurrences], per_occurrence) + offsets]
    occurrence_text = np.repeat(np.repeat(np.arange(len(distinct)), tokens_per_text), per_occurrence)
    # Codes in order of first appearance, as a dictionary filled while reading would give them.
    seen, first = np.unique(occurrence_roots, return_index=True)
    code_of = np.zeros(len(provisional), dtype=np.int64)
    code_of[seen[np.argsort(first, kind="stable")]] = np.arange(len(seen))
    size = max(1, len(seen))
    pairs = np.unique(occurrence_text * size + code_of[occurrence_roots])
    row_text, row_code = pairs // size, pairs % size
    lengths = np.bincount(row_text, minlength=len(distinct)).astype(np.int64)
    multiplicity = np.bincount(text_of, minlength=len(distinct)).astype(np.float64)
    frequency = np.zeros(size, dtype=np.float64)
    frequency += np.bincount(row_code, weights=multiplicity[row_text], minlength=size)
    idf = np.log((1 + len(texts)) / (1 + frequency)) + 1.0
    weights = idf[row_code]
    starts = np.zeros(len(distinct) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    norms = np.ones(len(distinct), dtype=np.float64)
    if len(weights):
        nonempty = np.flatnonzero(lengths > 0)
        sums = np.add.reduceat(weights**2, starts[nonempty])
        norms[nonempty] = np.sqrt(sums)
    for d in np.flatnonzero(lengths >= _SHORT_ROW).tolist():
        norms[d] = np.sqrt(np.sum(weights[starts[d] : starts[d + 1]] ** 2))
    weights = (weights / np.repeat(norms, lengths)).astype(np.float32)
    # Rows of every text, repeated texts copied from their first.
    text_lengths = lengths[text_of]
    indptr = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(text_lengths, out=indptr[1:])
    gather = np.arange(int(indptr[-1]), dtype=np.int64) + np.repeat(
        starts[:-1][text_of] - indptr[:-1], text_lengths
    )
    return WordBags(indptr, row_code[gather], weights[gather])


@dataclass(frozen=True, eq=False)
class AvoidWordTable:
    """For pairs of profiles (A, B) where A's avoids share words with B's offers or seeks: the best
    share of an avoid's weight found in one of B's items, over (A's avoid, B's item) pairs. Keys
    ``A * n + B``, sorted."""

    keys: Ints
    values: Floats
    n: int

    def lookup(self, avoiding: npt.NDArray[np.intp], other: npt.NDArray[np.intp]) -> Floats:
        """The table's value for each (avoiding[i...], other[i...]) pair (broadcast), 0 where absent."""
        keys = np.asarray(avoiding, dtype=np.int64) * self.n + np.asarray(other, dtype=np.int64)
        if not len(self.keys):
            return np.zeros(keys.shape, dtype=np.float32)
        position = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        found = self.keys[position] == keys
        return np.where(found, self.values[position], 0.0).astype(np.float32)


def avoid_word_table(
    bags: WordBags, owner: npt.NDArray[np.intp], is_avoid: npt.NDArray[np.bool_], n: int
) -> AvoidWordTable:
    """The :class:`AvoidWordTable` of items whose bags are ``bags`` (one row per item), owned by
    profiles ``owner``; ``is_avoid`` tells avoids from positive items (offers and seeks)."""
    counts = np.diff(bags.indptr)
    item_of = np.repeat(np.arange(bags.count), counts)
    avoid_entry = is_avoid[item_of]
    vocabulary = int(bags.words.max(initial=-1)) + 1
    if not avoid_entry.any() or vocabulary == 0:
        return AvoidWordTable(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), n)
    pos_items, pos_words = item_of[~avoid_entry], bags.words[~avoid_entry]
    pos_weights = bags.weights[~avoid_entry]
    # A word the avoiding profile itself offers or seeks is no evidence of what it avoids.
    own = np.unique(owner[pos_items].astype(np.int64) * vocabulary + pos_words)
    av_items, av_words = item_of[avoid_entry], bags.words[avoid_entry]
    av_weights = bags.weights[avoid_entry]
    av_keys = owner[av_items].astype(np.int64) * vocabulary + av_words
    keep = ~np.isin(av_keys, own)
    av_items, av_words, av_weights = av_items[keep], av_words[keep], av_weights[keep]
    positive_count = int((~is_avoid).sum())
    frequency = np.bincount(pos_words, minlength=vocabulary)
    common = frequency > max(20, MAX_SHARE * positive_count)
    order = np.argsort(pos_words, kind="stable")
    pos_items, pos_words, pos_weights = pos_items[order], pos_words[order], pos_weights[order]
    starts = np.searchsorted(pos_words, np.arange(vocabulary + 1))
    # Every (avoid entry, positive entry with the same word) pair, avoid entries in order and the
    # positive items of each word in item order, as one vectorised gather.
    rare = ~common[av_words]
    av_items, av_words, av_weights = av_items[rare], av_words[rare], av_weights[rare]
    lengths = starts[av_words + 1] - starts[av_words]
    if not lengths.any():
        return AvoidWordTable(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), n)
    ends = np.cumsum(lengths)
    within = np.arange(int(ends[-1]), dtype=np.int64) - np.repeat(ends - lengths, lengths)
    avoid_items = np.repeat(av_items.astype(np.int64), lengths)
    other_items = pos_items[np.repeat(starts[av_words], lengths) + within].astype(np.int64)
    # The square of each float32 weight taken in double precision, then stored as float32.
    squares = (av_weights.astype(np.float64) ** 2).astype(np.float32)
    products = np.repeat(squares, lengths)
    total = bags.count
    pair_keys, inverse = np.unique(avoid_items * total + other_items, return_inverse=True)
    cosines = np.zeros(len(pair_keys), dtype=np.float64)
    np.add.at(cosines, inverse, products)
    avoid_owner = owner[pair_keys // total].astype(np.int64)
    other_owner = owner[pair_keys % total].astype(np.int64)
    different = avoid_owner != other_owner
    profile_keys = avoid_owner[different] * n + other_owner[different]
    keys, inverse = np.unique(profile_keys, return_inverse=True)
    values = np.zeros(len(keys), dtype=np.float64)
    np.maximum.at(values, inverse, cosines[different])
    return AvoidWordTable(keys, values.astype(np.float32), n)
