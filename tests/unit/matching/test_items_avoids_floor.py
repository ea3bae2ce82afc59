"""Item-level matching, negated clauses, declared avoids, the lexical channel and the floor."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pytest

from matchmaker.core.matching import Match, MatchingConfig, Profile, Reason, match_profiles
from matchmaker.core.matching.blend import FITTED_BLEND, DirectionBlend
from matchmaker.core.matching.candidates import PairScorer
from matchmaker.core.matching.features import categorical_features
from matchmaker.core.matching.fitting import fit_calibration
from matchmaker.core.matching.item_space import ItemSpace
from matchmaker.core.matching.scoring import ScoreWeights
from matchmaker.ml import embed_profiles
from matchmaker.ml.embedder import FloatMatrix
from tests.unit.matching.fakes import BagOfWordsEmbedder, BlindEmbedder

FILLER = [
    Profile(f"f{i}", offers=f"{a} {b}", seeks=f"{c} {d}", company=f"F{i}")
    for i, (a, b, c, d) in enumerate(
        zip(
            [
                "tax",
                "dental",
                "forklift",
                "honey",
                "yacht",
                "tiles",
                "payroll",
                "flowers",
                "drones",
                "hostel",
                "printing",
                "welding",
                "insurance",
                "seafood",
                "robots",
                "coaching",
                "timber",
                "cheese",
            ],
            [
                "advice",
                "clinics",
                "rental",
                "jars",
                "charter",
                "trade",
                "bureau",
                "wholesale",
                "survey",
                "beds",
                "flyers",
                "wire",
                "brokers",
                "export",
                "cells",
                "leaders",
                "boards",
                "moulds",
            ],
            [
                "banks",
                "chairs",
                "warehouses",
                "shops",
                "marinas",
                "builders",
                "employers",
                "florists",
                "farms",
                "linen",
                "agencies",
                "factories",
                "fleets",
                "restaurants",
                "plants",
                "managers",
                "joiners",
                "delis",
            ],
            [
                "auditors",
                "suppliers",
                "drivers",
                "buyers",
                "servicing",
                "fitters",
                "staff",
                "vans",
                "pilots",
                "towels",
                "paper",
                "gas",
                "vehicles",
                "ice",
                "engineers",
                "teams",
                "glue",
                "milk",
            ],
            strict=True,
        )
    )
]


def _row(matches: list[list[Match]], profiles: list[Profile], key: str) -> list[Match]:
    return matches[[p.key for p in profiles].index(key)]


def _score(matches: list[list[Match]], profiles: list[Profile], viewer: str, candidate: str) -> float:
    return next((m.score for m in _row(matches, profiles, viewer) if m.key == candidate), 0.0)


def test_fourth_item_of_an_offer_counts_as_much_as_the_first(embedder: BagOfWordsEmbedder) -> None:
    seeker = Profile("cidery", offers="craft cider cans", seeks="mobile canning service", company="Cidery")
    listed = Profile(
        "listed",
        offers="label printing; shrink sleeves; carton multipacks; mobile canning service",
        seeks="craft cider makers",
        company="Packline",
    )
    single = Profile("single", offers="mobile canning service", seeks="craft cider makers", company="Canners")
    profiles = [seeker, listed, single, *FILLER]
    vectors, _ = embed_profiles(profiles, embedder)

    matches = match_profiles(profiles, vectors)

    assert _score(matches, profiles, "cidery", "listed") >= 0.8 * _score(
        matches, profiles, "cidery", "single"
    )
    reason = next(m.reasons[0] for m in _row(matches, profiles, "cidery") if m.key == "listed")
    assert reason == Reason(
        "they_offer", yours=("mobile canning service",), theirs=("mobile canning service",)
    )


def test_we_do_not_install_ranks_below_the_installer_and_is_no_offer(embedder: BagOfWordsEmbedder) -> None:
    seeker = Profile("pizzeria", offers="pizza restaurants", seeks="install kitchen hoods", company="Pizza")
    installer = Profile(
        "installer",
        offers="install kitchen hoods and service them",
        seeks="pizza restaurants",
        company="Airflow",
    )
    designer = Profile(
        "designer",
        offers="design of kitchen hoods. We do NOT install kitchen hoods.",
        seeks="pizza restaurants",
        company="Vent Design",
    )
    profiles = [seeker, installer, designer, *FILLER]
    vectors, _ = embed_profiles(profiles, embedder)

    matches = match_profiles(profiles, vectors)

    assert next(m.key for m in _row(matches, profiles, "pizzeria")) == "installer"
    assert _score(matches, profiles, "pizzeria", "designer") < 0.5 * _score(
        matches, profiles, "pizzeria", "installer"
    )


def test_declared_avoid_lowers_the_pair_in_both_directions(embedder: BagOfWordsEmbedder) -> None:
    installer = Profile(
        "installer", offers="solar installation crews", seeks="solar panels wholesale", company="Sunrise"
    )
    leads = Profile(
        "leads", offers="lead generation agency", seeks="solar installation crews", company="Leads"
    )
    profiles = [installer, leads, *FILLER]
    avoiding = [
        Profile(
            "installer",
            offers=installer.offers,
            seeks=installer.seeks,
            company="Sunrise",
            avoids="lead generation agency",
        ),
        leads,
        *FILLER,
    ]
    plain = match_profiles(profiles, embed_profiles(profiles, embedder)[0])

    avoided = match_profiles(avoiding, embed_profiles(avoiding, embedder)[0])

    before = _score(plain, profiles, "installer", "leads")
    assert _score(avoided, avoiding, "installer", "leads") < 0.3 * before
    assert _score(avoided, avoiding, "leads", "installer") < 0.3 * _score(
        plain, profiles, "leads", "installer"
    )


def test_lexical_channel_matches_a_product_name_the_embedder_cannot_see() -> None:
    seeker = Profile(
        "retailer",
        offers="outdoor gear shops x14",
        seeks="Business Central partner, migrate from NAV",
        company="Nordic Gear",
    )
    partner = Profile(
        "partner",
        offers="Dynamics 365 Business Central implementation and NAV migration",
        seeks="retail chains with outdoor gear shops",
        company="Soft",
    )
    profiles = [seeker, partner, *FILLER]
    vectors, _ = embed_profiles(profiles, SameEmbedder())

    matches = match_profiles(profiles, vectors)

    assert next(m.key for m in _row(matches, profiles, "retailer")) == "partner"


def test_nobody_below_the_floor_is_recommended(embedder: BagOfWordsEmbedder) -> None:
    profiles = [Profile("a", offers="tax advice", seeks="dental chairs"), *FILLER]
    vectors, _ = embed_profiles(profiles, embedder)

    everyone = match_profiles(profiles, vectors, config=MatchingConfig(floor=0.0))
    floored = match_profiles(profiles, vectors, config=MatchingConfig(floor=0.3))

    assert everyone[0] and not floored[0]
    assert all(m.score >= 0.3 for row in floored for m in row)


def test_a_refused_clause_is_read_in_the_light_of_the_offer_it_was_refused_in(
    embedder: BagOfWordsEmbedder,
) -> None:
    # "Maintenance of engines and cranes: we do not" alone is only partly about the warehouse's need;
    # after "Sale of new forklifts" it refuses the maintenance of forklifts. A declared avoid is read
    # as written.
    warehouse = Profile(
        "warehouse", offers="warehouse space rental", seeks="forklift maintenance", company="Store"
    )
    seller = Profile(
        "seller",
        offers="sale of new forklifts. Maintenance of engines and cranes: we do not",
        seeks="warehouse space rental",
        company="Lift Trade",
        avoids="maintenance of engines and cranes",
    )
    profiles = [warehouse, seller, *FILLER]
    vectors, _ = embed_profiles(profiles, embedder)
    assert vectors.items is not None and vectors.items.avoid_context is not None
    alone = replace(vectors, items=replace(vectors.items, avoid_context=None), _present={})
    need = vectors.items.index["seeks"][0, 0]
    declared, refused = vectors.items.index["avoids"][1, :2]

    def cosine(space: ItemSpace, item: int) -> float:
        return float(space.semantic[need] @ space.semantic[item])

    in_context, as_written = ItemSpace(vectors, FITTED_BLEND), ItemSpace(alone, FITTED_BLEND)

    assert seller.items.avoid_origins == ("", "offers")
    assert cosine(in_context, refused) > cosine(as_written, refused) + 0.02
    assert cosine(in_context, declared) == pytest.approx(cosine(as_written, declared))


class SameEmbedder(BlindEmbedder):
    """Every text the same vector: the embedding tells nothing apart, only letters can."""

    model_id = "test-same@1"

    def encode(self, inputs: Sequence[str]) -> FloatMatrix:
        return np.ones((len(inputs), 8), dtype=np.float32) / np.sqrt(8)


def _avoided(blend: DirectionBlend) -> float:
    """How clearly the wholesaler of solar panels hits the installer's avoid "solar lead generation"
    when the embedding tells nothing apart: all they share is the word "solar"."""
    seeker = Profile(
        "installer",
        offers="rooftop crews",
        seeks="solar panels wholesale",
        avoids="solar lead generation",
        company="S",
    )
    wholesaler = Profile("wholesaler", offers="wholesale of solar panels", seeks="rooftop crews", company="W")
    profiles = [seeker, wholesaler, *FILLER]
    vectors, _ = embed_profiles(profiles, SameEmbedder())
    items = ItemSpace(vectors, blend)
    scorer = PairScorer(
        vectors,
        categorical_features(profiles),
        fit_calibration(vectors, items, blend=blend),
        ScoreWeights(),
        None,
        blend,
        items,
    )
    _, parts = scorer.exact(np.array([0]), np.array([[1]]))
    return float(parts.avoided[0, 0])


def test_an_avoid_is_not_hit_by_shared_letters_alone() -> None:
    lexical_avoids = replace(FITTED_BLEND, avoid_lexical=None)  # as a need: item_lexical

    assert _avoided(lexical_avoids) > 3 * _avoided(FITTED_BLEND)
    assert _avoided(FITTED_BLEND) < 0.02


def test_word_bags_meet_on_whole_stems_not_on_letters_inside_words() -> None:
    from matchmaker.core.matching.words import avoid_word_table, word_bags

    # Items: 0 and 5 the avoids, 1 "leads", 2 "wholesale", 3 a Russian item, 4 the avoider's own offer.
    texts = [
        "Lead-generation agencies",
        "Qualified solar leads and appointment setting",
        "Trade wholesale of solar panels",
        "Лиды для установщиков",
        "rooftop crews",
        "cold sales calls",
    ]
    bags = word_bags(texts)
    owner = np.array([0, 1, 2, 3, 0, 0])
    is_avoid = np.array([True, False, False, False, False, True])
    table = avoid_word_table(bags, owner, is_avoid, 4)

    hits = table.lookup(np.zeros(3, dtype=np.intp), np.array([1, 2, 3]))
    assert hits[0] > 0.2  # "lead" in "leads"
    assert hits[1] == 0.0  # "sales" is not in "wholesale"
    assert table.lookup(np.array([1]), np.array([0]))[0] == 0.0  # only avoids are compared


def test_a_word_the_avoider_offers_itself_is_no_evidence_of_what_it_avoids() -> None:
    from matchmaker.core.matching.words import avoid_word_table, word_bags

    texts = ["repair of forklifts", "sale of new forklifts", "forklifts for rent"]
    bags = word_bags(texts)
    table = avoid_word_table(bags, np.array([0, 0, 1]), np.array([True, False, False]), 2)

    assert table.lookup(np.array([0]), np.array([1]))[0] == 0.0


def test_declared_avoid_is_hit_word_by_word_where_the_embedding_is_blind() -> None:
    seeker = Profile(
        "installer",
        offers="rooftop crews",
        seeks="panels at trade prices",
        avoids="lead generation agencies",
        company="S",
    )
    agency = Profile("agency", offers="qualified leads for installers", seeks="rooftop crews", company="A")
    profiles = [seeker, agency, *FILLER]
    vectors, _ = embed_profiles(profiles, SameEmbedder())

    def avoided(blend: DirectionBlend) -> float:
        items = ItemSpace(vectors, blend)
        scorer = PairScorer(
            vectors,
            categorical_features(profiles),
            fit_calibration(vectors, items, blend=blend),
            ScoreWeights(),
            None,
            blend,
            items,
        )
        _, parts = scorer.exact(np.array([0]), np.array([[1]]))
        return float(parts.avoided[0, 0])

    assert avoided(FITTED_BLEND) > 3 * avoided(replace(FITTED_BLEND, avoid_words=0.0))


def test_a_refusal_naming_only_an_activity_takes_the_object_of_the_offer_before_it() -> None:
    from matchmaker.core.matching.items import profile_items

    russian = profile_items("Продажа новых погрузчиков. Ремонтом и сервисом не занимаемся.", "", "")
    polish = profile_items("Sprzedaż klimatyzatorów dla firm. Serwisem nie zajmujemy się.", "", "")
    english = profile_items("Solar panels wholesale for installers. We do NOT install.", "", "")
    named = profile_items("Kitchen ventilation design. We do not sell filters.", "", "")

    assert russian.avoid_texts == ("Ремонтом и сервисом занимаемся погрузчиков",)
    assert polish.avoid_texts == ("Serwisem zajmujemy się klimatyzatorów firm",)
    assert english.avoid_texts == ("install Solar panels installers",)
    assert named.avoid_texts == ("sell filters",)  # it names what it refuses: nothing is added
    assert russian.offers == ("Продажа новых погрузчиков",)
