from __future__ import annotations

from matchmaker.core.matching import Profile
from matchmaker.core.matching.reasons import MatchParts, explain

VIEWER = Profile("me", offers="Roasted coffee", seeks="Compostable cups and lids", sector="food",
                 interests=("Sustainability", "coffee"), intents=("find_suppliers",))
STRONG = MatchParts(a_gets=0.9, b_gets=0.8, interests=0.2, intents=1.0, cross_sector=1.0)
WEAK = MatchParts(a_gets=0.2, b_gets=0.1, interests=0.1, intents=0.0, cross_sector=0.0)


def test_explain_offer_that_answers_need_reads_naturally() -> None:
    other = Profile("cups", offers="We supply compostable cups and lids. Also napkins.",
                    seeks="Looking for coffee roasters as customers", sector="packaging",
                    interests=("sustainability",), intents=("find_clients",))

    reasons = explain(VIEWER, other, STRONG)

    assert reasons[0] == "Offers compostable cups and lids — you are looking for this"
    assert "Looks for coffee roasters as customers — that is what you offer" in reasons
    assert "You both work on Sustainability" in reasons
    assert "Is looking for clients — you are looking for suppliers" in reasons
    assert "Brings packaging know-how to your food business" in reasons


def test_explain_other_language_is_quoted_as_written() -> None:
    other = Profile("pl", offers="Produkujemy kubki kompostowalne", seeks="Palarnie kawy")

    reasons = explain(VIEWER, other, STRONG)

    assert "Offers: Produkujemy kubki kompostowalne — you are looking for this" in reasons


def test_explain_shared_interests_ignore_case() -> None:
    other = Profile("x", offers="Tea", interests=("COFFEE", "tea"))

    assert "You both work on coffee" in explain(VIEWER, other, WEAK)


def test_explain_weak_match_still_gives_its_strongest_reason() -> None:
    other = Profile("x", offers="Tax advisory", seeks="Dental clinics")

    assert explain(VIEWER, other, WEAK) == ("Offers: Tax advisory — you are looking for this",)


def test_explain_long_text_is_cut_at_a_word() -> None:
    other = Profile("x", offers="We sell " + "very " * 40 + "long things")

    reason = explain(VIEWER, other, STRONG)[0]

    assert reason.startswith("Offers very very")
    assert "… — you are looking for this" in reason
    assert len(reason) < 140
