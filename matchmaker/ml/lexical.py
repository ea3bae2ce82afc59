"""The lexical channel: character n-gram TF-IDF fitted on one event's own texts (scikit-learn).

Sentence embedders blur what makes a trade-fair match exact: product names, acronyms and standards
("ISO 22000", "Business Central", "3PL", "HACCP"), and they stumble on typos and on Russian typed in Latin
letters. Character n-grams of the folded spelling (:func:`matchmaker.core.matching.folding.fold`) keep
them. Fitting per event gives rare n-grams of this event (its acronyms) a high weight and the
event's boilerplate ("we are looking for") a low one.

The sparse TF-IDF rows are projected on a fixed random sparse basis (Johnson-Lindenstrauss: dot
products are kept in expectation, rare n-grams included, unlike an SVD that keeps only the common
directions) to dense unit vectors, so the matcher's blocked matrix products serve this channel as they
serve the embeddings, with no N x N matrix and no sparse products in the hot loop.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from matchmaker.core.matching.folding import fold
from matchmaker.ml.embedder import FloatMatrix, unit_rows

LEXICAL_DIMENSION = 256
NGRAMS = (3, 5)


def lexical_vectors(texts: Sequence[str], dimension: int = LEXICAL_DIMENSION) -> FloatMatrix:
    """One unit row per text (zeros for an empty text), from TF-IDF fitted on ``texts`` themselves.

    Deterministic: the same texts give the same vectors.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.random_projection import SparseRandomProjection

    folded = [fold(text) for text in texts]
    result = np.zeros((len(texts), dimension), dtype=np.float32)
    distinct = sorted({text for text in folded if text})
    if not distinct:
        return result
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True, dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform(distinct)
    except ValueError:  # every text shorter than the shortest n-gram
        return result
    projection = SparseRandomProjection(n_components=dimension, dense_output=True, random_state=0)
    with warnings.catch_warnings():
        # A tiny event has fewer n-grams than dimensions: the projection is then no reduction, still exact.
        warnings.simplefilter("ignore")
        dense = unit_rows(projection.fit_transform(matrix))
    row_of = {text: i for i, text in enumerate(distinct)}
    for i, text in enumerate(folded):
        if text:
            result[i] = dense[row_of[text]]
    return result
