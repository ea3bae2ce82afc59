"""Every reason the matcher can give reaches the attendee in their language, with both sides' own words."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from matchmaker.config import Settings
from matchmaker.core import intents as goal
from matchmaker.core.matching import Reason
from matchmaker.core.matching.profile import Profile
from matchmaker.core.matching.reasons import KINDS, MatchParts, explain
from matchmaker.web.app import create_app
from matchmaker.web.attendee.labels import reason_json, reason_text

STRONG = MatchParts(
    a_gets=0.9, b_gets=0.9, interests=0.9, intents=1.0, a_seek=0, a_offer=0, b_seek=0, b_offer=0
)
INTERESTS = [{"tag": "coffee", "en": "Coffee", "pl": "Kawa", "ru": "Кофе"}]


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Flask]:
    yield create_app(
        Settings(
            debug=True,
            secret_key="test",
            instance_path=tmp_path,
            database_url=f"sqlite:///{tmp_path}/unused.sqlite3",
        )
    )


def _all_reasons() -> list[Reason]:
    reasons: set[Reason] = set()
    for theirs, mine in goal.COMPLEMENTARY_INTENTS.items():
        viewer = Profile(
            key="a", offers="We supply cups", seeks="We need roasters", interests=("coffee",), intents=(mine,)
        )
        candidate = Profile(
            key="b",
            offers="We roast coffee for cafés",
            seeks="Looking for cup suppliers",
            interests=("coffee",),
            intents=(theirs,),
        )
        reasons.update(explain(viewer, candidate, STRONG))
    loner = Profile(key="c", offers="Paper straws", interests=("straws",))
    reasons.update(explain(Profile(key="d"), loner, MatchParts(0.1, 0.1, 0.9, 0.0)))
    reasons.update(explain(Profile(key="e"), Profile(key="f"), MatchParts(0, 0, 0, 0)))
    return sorted(reasons, key=repr)


@pytest.mark.parametrize("language", ["pl", "ru"])
def test_every_kind_of_reason_is_translated(app: Flask, language: str) -> None:
    reasons = _all_reasons()

    with app.test_request_context(f"/?lang={language}"):
        english = {reason: reason_text(reason.to_json(), INTERESTS) for reason in reasons}
    with app.test_request_context("/?lang=en"):
        untranslated = [r for r in reasons if reason_text(r.to_json(), INTERESTS) == english[r]]

    assert {reason.kind for reason in reasons} == set(KINDS)
    assert len(reasons) >= 14
    assert untranslated == []


def test_reason_names_both_sides_items_in_their_own_words(app: Flask) -> None:
    reason = Reason(
        "they_offer",
        yours=("partnera do montażu okapów",),
        theirs=("installation and servicing of kitchen extraction",),
    )

    with app.test_request_context("/?lang=ru"):
        text = reason_text(reason.to_json())

    assert text == (
        "Вы ищете: partnera do montażu okapów — они предлагают: installation and servicing of "
        "kitchen extraction"
    )


def test_shared_interests_use_the_events_own_labels_not_slugs(app: Flask) -> None:
    reason = Reason("shared_interests", codes=("coffee", "furniture-wood")).to_json()

    with app.test_request_context("/?lang=pl"):
        text = reason_text(reason, INTERESTS)

    assert text == "Oboje zajmujecie się: Kawa, furniture-wood"


def test_long_items_are_cut_at_a_word_and_api_reason_keeps_its_data(app: Flask) -> None:
    reason = Reason("they_seek", yours=("cups",), theirs=("a " + "very long need " * 20,)).to_json()

    with app.test_request_context("/?lang=en"):
        data = reason_json(reason)

    assert data["kind"] == "they_seek" and data["theirs"] == reason["theirs"]
    assert data["text"].startswith("They seek: a very long need") and "…" in data["text"]
    assert len(data["text"]) < 140
