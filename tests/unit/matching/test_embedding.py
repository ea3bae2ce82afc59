from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matchmaker.core.matching import DEFAULT_MATCH_FLOOR, Profile
from matchmaker.ml import InMemoryVectorCache, embed_profiles, get_embedder
from matchmaker.ml.evaluation import run_evaluation, run_fair_evaluation
from matchmaker.ml.sentence_transformer import SentenceTransformerEmbedder
from matchmaker.ml.sqlite_cache import SqliteVectorCache
from matchmaker.ml.usem3_embedder import Usem3Embedder
from tests.unit.matching.fakes import BagOfWordsEmbedder

EVAL = Path(__file__).resolve().parents[2] / "data" / "matching_eval"
PROFILES = [
    Profile("a", offers="cups", seeks="coffee"),
    Profile("b", offers="coffee", seeks="cups", interests=("tea",)),
]


def test_embed_profiles_second_run_embeds_nothing(embedder: BagOfWordsEmbedder) -> None:
    cache = InMemoryVectorCache()
    first, _ = embed_profiles(PROFILES, embedder, cache)
    embedder.encoded.clear()

    second, stats = embed_profiles(PROFILES, embedder, cache)

    assert embedder.encoded == [] and stats.embedded == 0
    assert np.array_equal(first.offers, second.offers)


def test_embed_profiles_new_attendee_embeds_only_their_texts(embedder: BagOfWordsEmbedder) -> None:
    cache = InMemoryVectorCache()
    embed_profiles(PROFILES, embedder, cache)
    embedder.encoded.clear()
    newcomer = Profile("c", offers="solar panels", seeks="installers")

    embed_profiles([*PROFILES, newcomer], embedder, cache)

    assert sorted(embedder.encoded) == ["installers", "solar panels"]


def test_embed_profiles_empty_text_gives_zero_row(embedder: BagOfWordsEmbedder) -> None:
    vectors, _ = embed_profiles([Profile("a", offers="cups")], embedder)

    assert not vectors.present("seeks")[0] and vectors.present("offers")[0]


def test_sqlite_cache_keeps_vectors_across_instances(tmp_path: Path) -> None:
    cache = SqliteVectorCache(tmp_path / "cache.sqlite3")
    cache.put_many("m", {"h1": np.array([0.6, 0.8], dtype=np.float32)})
    cache.close()

    reopened = SqliteVectorCache(tmp_path / "cache.sqlite3")

    assert np.allclose(reopened.get_many("m", ["h1", "h2"])["h1"], [0.6, 0.8])
    assert reopened.get_many("other-model", ["h1"]) == {}
    reopened.close()


def test_e5_model_inputs_carry_query_and_passage_prefixes() -> None:
    e5 = SentenceTransformerEmbedder("intfloat/multilingual-e5-small")

    assert e5.model_input("cups ", "seeks") == "query: cups"
    assert e5.model_input("cups", "offers") == "passage: cups"


@pytest.mark.slow
def test_default_model_matches_polish_need_to_english_offer() -> None:
    embedder = get_embedder()
    need, offer, unrelated = embedder.encode(
        [
            "Szukamy dostawcy opakowań kartonowych",
            "We manufacture cardboard packaging boxes",
            "Penetration testing for banks",
        ]
    )

    assert float(need @ offer) > 0.6
    assert float(need @ unrelated) < 0.3


@pytest.mark.slow
def test_default_model_quality_floor_on_evaluation_set() -> None:
    run = run_evaluation(get_embedder(), EVAL / "attendees.csv", EVAL / "labels.csv")

    assert run.matcher.scenarios >= 30
    assert run.matcher.mutual_recall_at_3 >= 0.95
    assert run.matcher.cross_lingual_recall_at_3 >= 0.95
    assert run.matcher.twin_first_rate <= 0.05
    assert run.matcher.provider_first_rate > run.baseline.provider_first_rate


@pytest.mark.slow
def test_sentence_transformers_adapter_loads_bundled_minilm_offline() -> None:
    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2")

    vectors = embedder.encode(["compostable cups", "biodegradable cups", "tax advisory"])

    assert vectors.shape == (3, 384)
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2])


@pytest.mark.slow
def test_usem3_worker_pool_gives_the_same_vectors_as_one_process() -> None:
    texts = ["Kompostowalne kubki", "Roasted coffee beans", "Грузоперевозки по Европе", "Tax advice"]

    pooled = Usem3Embedder(workers=2, parallel_from=2).encode(texts)
    single = Usem3Embedder(workers=1).encode(texts)

    assert np.allclose(pooled, single, atol=1e-5)


FAIR = Path(__file__).resolve().parents[2] / "data" / "matching_eval_fair"


@pytest.mark.slow
def test_default_model_holds_the_measured_floors_on_the_second_set() -> None:
    """The figures this engine reached (python -m benchmarks.bench_matching) on set 2 with its 14 fresh
    scenarios (549 attendees), tuning, held-out and fresh splits apart; the issue's goals (0.95 / 0.90
    per category) are not reached yet, see docs/performance.md. Round 3 (the hub correction of list
    order) measured 0.82 / 0.82 / 0.71, negation 0.75 and paraphrase 0.62 on the tuning split; round 4
    (the stemmed lexical channel) 0.82 / 0.79 / 0.71, negation 0.62, Polish <-> Russian 0.78; round 2
    0.73 / 0.71 / 0.64; the engine before round 2 0.70 / 0.71 / 0.50. Each floor sits about one scenario
    below the measured figure. Round 6 added 27 fresh2 scenarios (657 attendees; tuning 0.80 on the
    larger pool) and took the negation trap above provider to 0 on every split (the word-level avoid
    channel, the refused activity's object)."""
    run = run_fair_evaluation(
        get_embedder(), FAIR / "attendees.csv", FAIR / "labels.csv", floor=DEFAULT_MATCH_FLOOR
    )
    tuning, held_out, fresh = run.tuning["all"], run.held_out["all"], run.fresh["all"]

    assert (tuning.scenarios, held_out.scenarios, fresh.scenarios) == (56, 28, 14)
    assert run.fresh2["all"].scenarios == 27 and run.fresh2["all"].mutual_recall_at_3 >= 0.62
    assert tuning.mutual_recall_at_3 >= 0.78 and held_out.mutual_recall_at_3 >= 0.78
    assert fresh.mutual_recall_at_3 >= 0.64
    assert run.tuning["sloppy"].mutual_recall_at_3 >= 0.70
    assert run.tuning["(pl <-> ru)"].mutual_recall_at_3 >= 0.75
    assert run.tuning["cross_lingual"].mutual_recall_at_3 >= 0.85
    assert run.tuning["intents"].mutual_recall_at_3 >= 0.75
    assert run.tuning["negation"].mutual_recall_at_3 >= 0.62
    assert run.tuning["paraphrase"].mutual_recall_at_3 >= 0.50
    assert tuning.twin_first_rate <= 0.05 and held_out.twin_first_rate <= 0.05
    assert run.tuning["one_sided"].trap_above_provider_rate <= 0.05
    for split in (run.tuning, run.held_out, run.fresh, run.fresh2):
        assert split["negation"].trap_above_provider_rate <= 0.05
    assert tuning.reason_quotes_rate >= 0.90
