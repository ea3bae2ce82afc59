from __future__ import annotations

import numpy as np
import pytest

from matchmaker.core.matching import (
    Match,
    MatchingConfig,
    Profile,
    ProfileVectors,
    build_blocklist,
    fit_calibration,
    match_profiles,
    rank_candidates,
)
from matchmaker.core.matching.calibration import DEFAULT_CALIBRATION
from matchmaker.core.matching.candidates import hub_levels
from matchmaker.core.matching.features import categorical_features
from matchmaker.ml import embed_profiles
from tests.unit.matching.fakes import BagOfWordsEmbedder

ROASTER = Profile(
    "roaster",
    offers="roasted coffee beans wholesale",
    seeks="compostable cups lids",
    company="Bean Co",
    intents=("find_suppliers",),
)
CUPS = Profile(
    "cups",
    offers="compostable cups lids",
    seeks="roasted coffee beans wholesale buyers",
    company="EcoCup",
    intents=("find_clients",),
)
TWIN = Profile(
    "twin",
    offers="roasted coffee beans wholesale cafes",
    seeks="compostable cups lids supplier",
    company="Hill Roastery",
    intents=("find_suppliers",),
)
ONE_SIDED = Profile(
    "one-sided", offers="compostable cups lids napkins", seeks="forklift trucks", company="PaperGoods"
)
STRANGER = Profile("stranger", offers="tax advisory", seeks="dental clinics", company="TaxCo")
FAIR = [ROASTER, CUPS, TWIN, ONE_SIDED, STRANGER]


def keys(matches: list[list[Match]], profiles: list[Profile], key: str) -> list[str]:
    return [m.key for m in matches[[p.key for p in profiles].index(key)]]


def test_match_mutual_benefit_ranks_above_one_sided(embedder: BagOfWordsEmbedder) -> None:
    vectors, _ = embed_profiles(FAIR, embedder)

    matches = match_profiles(FAIR, vectors)

    ranked = keys(matches, FAIR, "roaster")
    assert ranked.index("cups") < ranked.index("one-sided")


def test_match_competitor_twin_is_not_top(embedder: BagOfWordsEmbedder) -> None:
    vectors, _ = embed_profiles(FAIR, embedder)

    matches = match_profiles(FAIR, vectors)

    assert keys(matches, FAIR, "roaster")[0] == "cups"
    assert keys(matches, FAIR, "twin")[0] == "cups"


def test_match_scores_are_in_unit_interval_best_first(embedder: BagOfWordsEmbedder) -> None:
    vectors, _ = embed_profiles(FAIR, embedder)

    matches = match_profiles(FAIR, vectors, config=MatchingConfig(hub_penalty=0.0))

    for row in matches:
        scores = [m.score for m in row]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= s <= 1.0 for s in scores)


def test_rank_rows_follow_score_less_the_candidates_hub_level() -> None:
    profiles, vectors = _random_fair(120, seed=4)
    features = categorical_features(profiles)
    calibration = fit_calibration(vectors)
    config = MatchingConfig(top_k=10, hub_penalty=0.8, hub_neighbours=5)
    plain = rank_candidates(vectors, features, calibration, MatchingConfig(top_k=119, hub_penalty=0.0))
    levels = np.array([np.mean([s for _, s in plain.row(i)][:5]) for i in range(120)])

    ranked = rank_candidates(vectors, features, calibration, config)

    for i in range(120):
        row = ranked.row(i)
        keys = [s - 0.8 * levels[j] for j, s in row]
        assert keys == sorted(keys, reverse=True) or np.allclose(keys, sorted(keys, reverse=True), atol=1e-5)
        assert all(0.0 <= s <= 1.0 for _, s in row)
    assert any(ranked.row(i) != plain.row(i)[:10] for i in range(120))


def test_hub_level_is_the_mean_of_the_best_scores_without_blocked_pairs() -> None:
    exact = np.array([[0.2, 0.9, -1.0, 0.5, 0.4], [-1.0] * 5, [0.1, -1.0, 0.3, -1.0, -1.0]], dtype=np.float32)

    levels = hub_levels(exact, neighbours=3)

    assert np.allclose(levels, [(0.9 + 0.5 + 0.4) / 3, 0.0, 0.2])


def test_match_never_recommends_self_company_exclusions_or_met(embedder: BagOfWordsEmbedder) -> None:
    colleague = Profile(
        "colleague", offers="compostable cups lids", seeks="roasted coffee beans", company="bean co."
    )
    profiles = [*FAIR, colleague]
    blocklist = build_blocklist(
        profiles,
        excluded_people={"cups": ["twin"]},
        excluded_companies={"roaster": ["PAPERGOODS"]},
        already_met=[("roaster", "stranger")],
    )
    vectors, _ = embed_profiles(profiles, embedder)

    matches = match_profiles(profiles, vectors, blocklist=blocklist)

    assert set(keys(matches, profiles, "roaster")) == {"cups", "twin"}
    assert "twin" not in keys(matches, profiles, "cups")
    assert "cups" not in keys(matches, profiles, "twin")
    assert "roaster" not in keys(matches, profiles, "one-sided")
    for profile, row in zip(profiles, matches, strict=True):
        assert profile.key not in [m.key for m in row]


def test_match_every_recommendation_has_a_reason(embedder: BagOfWordsEmbedder) -> None:
    vectors, _ = embed_profiles(FAIR, embedder)

    matches = match_profiles(FAIR, vectors)

    assert all(m.reasons and all(m.reasons) for row in matches for m in row)


def test_match_top_limits_list_length(embedder: BagOfWordsEmbedder) -> None:
    vectors, _ = embed_profiles(FAIR, embedder)

    matches = match_profiles(FAIR, vectors, config=MatchingConfig(top_k=2))

    assert [len(row) for row in matches] == [2] * len(FAIR)


def test_match_top_far_beyond_the_attendees_lists_everyone_worth_it(embedder: BagOfWordsEmbedder) -> None:
    vectors, _ = embed_profiles(FAIR, embedder)

    # ``matchmaker match --top 99999999999999999999`` allocated a row that long (a numpy error).
    huge = match_profiles(FAIR, vectors, config=MatchingConfig(top_k=10**20))

    assert huge == match_profiles(FAIR, vectors, config=MatchingConfig(top_k=len(FAIR)))


def test_match_repeated_keys_are_refused(embedder: BagOfWordsEmbedder) -> None:
    profiles = [ROASTER, ROASTER]
    vectors, _ = embed_profiles(profiles, embedder)

    with pytest.raises(ValueError, match="unique"):
        match_profiles(profiles, vectors)


def _random_fair(n: int, seed: int) -> tuple[list[Profile], ProfileVectors]:
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(40)]
    profiles = [
        Profile(
            f"p{i}",
            offers=" ".join(rng.choice(words, 4)),
            seeks=" ".join(rng.choice(words, 4)),
            interests=tuple(rng.choice(words, 2)),
            company=f"c{rng.integers(0, n // 2)}",
            sector=f"s{rng.integers(0, 4)}",
            intents=("find_clients",) if i % 2 else ("find_suppliers",),
            languages=("en",) if i % 3 else ("pl",),
        )
        for i in range(n)
    ]
    return profiles, embed_profiles(profiles, BagOfWordsEmbedder())[0]


def test_rank_blocked_result_equals_single_block() -> None:
    profiles, vectors = _random_fair(150, seed=1)
    features = categorical_features(profiles)
    calibration = fit_calibration(vectors)

    small = rank_candidates(vectors, features, calibration, MatchingConfig(top_k=10, block_size=7))
    whole = rank_candidates(vectors, features, calibration, MatchingConfig(top_k=10, block_size=1000))

    assert np.array_equal(small.indices, whole.indices)
    assert np.allclose(small.scores, whole.scores)


def test_rank_reduced_shortlist_keeps_the_best_matches() -> None:
    profiles, vectors = _random_fair(400, seed=3)
    features = categorical_features(profiles)
    calibration = fit_calibration(vectors)
    exact = rank_candidates(vectors, features, calibration, MatchingConfig(top_k=10, rerank_margin=400))

    reduced = rank_candidates(
        vectors, features, calibration, MatchingConfig(top_k=10, reduce_from=0, shortlist_dimensions=64)
    )

    same_first = np.mean(exact.indices[:, 0] == reduced.indices[:, 0])
    pairs = zip(exact.indices, reduced.indices, strict=True)
    overlap = np.mean([len(set(a) & set(b)) / 10 for a, b in pairs])
    assert same_first >= 0.95 and overlap >= 0.85


def test_rank_score_is_symmetric() -> None:
    profiles, vectors = _random_fair(80, seed=2)
    ranked = rank_candidates(
        vectors,
        categorical_features(profiles),
        DEFAULT_CALIBRATION,
        MatchingConfig(top_k=79, rerank_margin=0),
    )

    score = {(i, j): s for i in range(80) for j, s in ranked.row(i)}

    assert all(abs(s - score[(j, i)]) < 1e-5 for (i, j), s in score.items() if (j, i) in score)


def test_rank_without_common_language_scores_lower(embedder: BagOfWordsEmbedder) -> None:
    speaks_en = Profile("a", offers="solar panels", seeks="installers", languages=("en",))
    also_en = Profile("b", offers="installers", seeks="solar panels", languages=("en", "de"))
    only_ru = Profile("c", offers="installers", seeks="solar panels", languages=("ru",))
    profiles = [speaks_en, also_en, only_ru]
    vectors, _ = embed_profiles(profiles, embedder)

    matches = match_profiles(profiles, vectors)

    assert [m.key for m in matches[0]] == ["b", "c"]
    assert matches[0][1].score < matches[0][0].score


@pytest.mark.parametrize("ties", [False, True])
def test_sampled_shortlist_keeps_exactly_the_best_columns(ties: bool) -> None:
    from matchmaker.core.matching.candidates import top_columns

    rng = np.random.default_rng(3)
    score = rng.random((64, 5000)).astype(np.float32)
    if ties:
        score[:8] = 0.5  # every column equal: the sampled threshold lets all through
        score[8:16, ::2] = -1.0  # blocked pairs
    keep = 60

    chosen = top_columns(score, keep)

    expected = np.sort(np.argpartition(score, 5000 - keep, axis=1)[:, 5000 - keep :], axis=1)
    assert chosen.shape == (64, keep) and (np.diff(chosen, axis=1) > 0).all()
    assert np.array_equal(
        np.sort(np.take_along_axis(score, chosen, axis=1), axis=1),
        np.sort(np.take_along_axis(score, expected, axis=1), axis=1),
    )
