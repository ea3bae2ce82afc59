"""The lexical channel: character n-gram TF-IDF fitted on one event's own texts (scikit-learn).

Sentence embedders blur what makes a trade-fair match exact: product names, acronyms and standards
("ISO 22000", "Business Central", "3PL", "HACCP"), and they stumble on typos and on Russian typed in Latin
letters. Character n-grams of the folded spelling (:func:`matchmaker.core.matching.folding.fold`), with
Polish and Russian inflectional endings cut off (:func:`matchmaker.core.matching.folding.stem`), keep
them. Fitting per event gives rare n-grams of this event (its acronyms) a high weight and the
event's boilerplate ("we are looking for") a low one.

The sparse TF-IDF rows (n-grams hashed, so no vocabulary is held) are projected on a fixed random sparse
basis (Johnson-Lindenstrauss: dot products are kept in expectation, rare n-grams included, unlike an SVD
that keeps only the common directions) to dense unit vectors, so the matcher's blocked matrix products
serve this channel as they serve the embeddings, with no N x N matrix and no sparse products in the hot
loop. With 256 dimensions the projection adds noise of about 0.06 to a cosine; pairs sharing a product
name or an acronym sit at 0.2-0.5, unrelated ones at 0.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from matchmaker.core.matching.folding import fold, stem_vocabulary
from matchmaker.ml.embedder import FloatMatrix, unit_rows

LEXICAL_DIMENSION = 256
NGRAMS = (3, 5)
# n-grams are hashed into this many columns (no vocabulary is held: a fair of 20,000 has ~10^6 distinct
# n-grams); collisions at this width are rare enough not to matter.
HASHED_FEATURES = 2**18
# Each n-gram lands on this many coordinates (scikit-learn's SparseRandomProjection, at its default
# density of 1 / sqrt(features), would send most n-grams to none, and drawing its basis takes seconds).
PER_FEATURE = 8
# Stemming (see :func:`stem_vocabulary`): the shortest stem kept, and whether an ending is cut only
# where the event's vocabulary holds another word of that stem.
STEM_MIN = 3
STEM_SHARED = False
# Words (after spelling) in more than this share of the event's distinct texts are left out of the
# channel, which is there for what is rare at the event (product names, acronyms, standards, a trade's
# own words, their typos and transliterations); what many attendees write ("and", "dla", "ищем",
# "firm", "supplier", "hotel", "solar" at a solar fair) is the embedding's to weigh, and its letters
# made same-topic profiles look like answers. None keeps every word, and is the default: 0.01 was the
# best of 0.05 ... 0.003 on the tuning and held-out splits of set 2 (mutual recall@3 +0.03 to +0.07 on
# three splits, but a bootstrap interval that includes no gain) and put a one-sided trap above the
# provider on the fresh split, a goal that was met (2026-12-04, docs/performance.md, round 7).
MAX_WORD_SHARE: float | None = None
# ... and in more than this many texts: a small group has no boilerplate to learn from.
MIN_COMMON_TEXTS = 10


@lru_cache(maxsize=4)
def _projection(dimension: int) -> Any:
    """The fixed random basis, (features x dimension): each n-gram column goes to ``PER_FEATURE``
    coordinates with random signs (a sparse Johnson-Lindenstrauss map: dot products kept in expectation).
    Seeded, so every process draws the same; drawn once per process."""
    import scipy.sparse

    rng = np.random.default_rng(0)
    rows = np.repeat(np.arange(HASHED_FEATURES), PER_FEATURE)
    columns = rng.integers(0, dimension, size=HASHED_FEATURES * PER_FEATURE)
    signs = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=HASHED_FEATURES * PER_FEATURE)
    return scipy.sparse.csr_matrix(
        (signs / np.sqrt(PER_FEATURE), (rows, columns)), shape=(HASHED_FEATURES, dimension), dtype=np.float32
    )


def _spellings(texts: Sequence[str]) -> dict[str, str]:
    """Each distinct text in the channel's spelling: :func:`fold`, then each word's stem from
    :func:`stem_vocabulary` of the words of all ``texts``. Both work word by word, and a fair's texts
    share most of their words: each distinct word is spelled once."""
    distinct = set(texts)
    folded_tokens: dict[str, list[str]] = {}
    for text in distinct:
        for token in text.split():
            if token not in folded_tokens:
                folded_tokens[token] = fold(token).split()
    vocabulary = {word for words in folded_tokens.values() for word in words}
    stems = stem_vocabulary(vocabulary, min_stem=STEM_MIN, shared=STEM_SHARED)
    spelled_tokens = {token: " ".join(stems[w] for w in words) for token, words in folded_tokens.items()}
    result: dict[str, str] = {}
    for text in distinct:
        result[text] = " ".join(t for t in (spelled_tokens[token] for token in text.split()) if t)
    if MAX_WORD_SHARE is not None and result:
        frequency: dict[str, int] = {}
        for spelled in set(result.values()):
            for word in set(spelled.split()):
                frequency[word] = frequency.get(word, 0) + 1
        limit = max(MIN_COMMON_TEXTS, MAX_WORD_SHARE * len(set(result.values())))
        common = {word for word, count in frequency.items() if count > limit}
        if common:
            result = {
                text: " ".join(w for w in spelled.split() if w not in common)
                for text, spelled in result.items()
            }
    return result


def _ngram_counts(texts: Sequence[str]) -> Any:
    """Hashed character n-gram counts of each text (sparse, texts x ``HASHED_FEATURES``), the same as
    scikit-learn's ``HashingVectorizer(analyzer="char_wb")`` gives, built as (texts x words) times
    (words x n-grams): ``char_wb`` counts the n-grams of each word apart, so each distinct word is
    analysed once instead of once per text it appears in (~5x faster on a fair of 20,000)."""
    import scipy.sparse
    from sklearn.feature_extraction.text import HashingVectorizer

    columns: dict[str, int] = {}
    indices: list[int] = []
    indptr = [0]
    for text in texts:
        indices.extend(columns.setdefault(word, len(columns)) for word in text.split())
        indptr.append(len(indices))
    words = scipy.sparse.csr_matrix(
        (np.ones(len(indices), dtype=np.float32), np.asarray(indices), np.asarray(indptr)),
        shape=(len(texts), len(columns)),
    )
    ngrams = HashingVectorizer(
        analyzer="char_wb",
        ngram_range=NGRAMS,
        n_features=HASHED_FEATURES,
        alternate_sign=False,
        norm=None,
        dtype=np.float32,
    ).transform(list(columns))
    return (words @ ngrams).tocsr()


def lexical_vectors(texts: Sequence[str], dimension: int = LEXICAL_DIMENSION) -> FloatMatrix:
    """One unit row per text (zeros for an empty text), from TF-IDF fitted on ``texts`` themselves.

    Deterministic: the same texts give the same vectors.
    """
    from sklearn.feature_extraction.text import TfidfTransformer

    spelling = _spellings(texts)  # items repeat across a fair: spell each once
    folded = [spelling[text] for text in texts]
    result = np.zeros((len(texts), dimension), dtype=np.float32)
    distinct = sorted({text for text in folded if text})
    if not distinct:
        return result
    counts = _ngram_counts(distinct)
    if not counts.nnz:  # every text shorter than the shortest n-gram
        return result
    matrix = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
    dense = unit_rows(np.asarray((matrix @ _projection(dimension)).todense()))
    row_of = {text: i for i, text in enumerate(distinct)}
    for i, text in enumerate(folded):
        if text:
            result[i] = dense[row_of[text]]
    return result
