from __future__ import annotations

from matchmaker.core.matching import Profile, Reason
from matchmaker.core.matching.reasons import MatchParts, explain

VIEWER = Profile(
    "me",
    offers="Roasted coffee",
    seeks="Label printing; mobile canning for our cold brew",
    interests=("Sustainability", "coffee"),
    intents=("find_suppliers",),
)
CANNER = Profile(
    "canner",
    offers="Label printing for beverages; shrink sleeves; mobile canning line on site",
    seeks="Coffee roasters as customers",
    interests=("sustainability",),
    intents=("find_clients",),
)


def test_first_reason_names_both_sides_matched_items_not_the_first_of_the_list() -> None:
    parts = MatchParts(
        a_gets=0.9, b_gets=0.7, interests=0.2, intents=1.0, a_seek=1, a_offer=2, b_seek=0, b_offer=0
    )

    reasons = explain(VIEWER, CANNER, parts)

    assert reasons[0] == Reason(
        "they_offer", yours=("mobile canning for our cold brew",), theirs=("mobile canning line on site",)
    )
    assert Reason("they_seek", yours=("Roasted coffee",), theirs=("Coffee roasters as customers",)) in reasons


def test_reasons_carry_interest_and_goal_codes_not_sentences() -> None:
    parts = MatchParts(a_gets=0.9, b_gets=0.7, interests=0.2, intents=1.0, a_seek=1, a_offer=2)

    reasons = explain(VIEWER, CANNER, parts)

    assert Reason("shared_interests", codes=("Sustainability",)) in reasons
    assert Reason("goals", codes=("find_clients", "find_suppliers")) in reasons


def test_weak_parts_still_give_one_reason_and_a_stranger_is_attending() -> None:
    weak = MatchParts(a_gets=0.2, b_gets=0.1, interests=0.1, intents=0.0)

    assert len(explain(VIEWER, CANNER, weak)) == 1
    assert explain(Profile("a"), Profile("b"), weak) == (Reason("attending"),)


def test_reason_survives_a_round_trip_through_json() -> None:
    reason = Reason("they_offer", yours=("kitchen hoods",), theirs=("installation",))

    assert Reason.from_json(reason.to_json()) == reason
    assert Reason.from_json({"kind": "attending"}) == Reason("attending")
