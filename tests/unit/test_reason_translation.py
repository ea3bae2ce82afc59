"""Every sentence the matcher can produce reaches the attendee in their language."""

from __future__ import annotations

from pathlib import Path

import pytest

from matchmaker.config import Settings
from matchmaker.core import intents as goal
from matchmaker.core.matching.profile import Profile
from matchmaker.core.matching.reasons import MatchParts, explain
from matchmaker.web.app import create_app
from matchmaker.web.attendee.labels import reason_text

STRONG = MatchParts(a_gets=0.9, b_gets=0.9, interests=0.9, intents=1.0, cross_sector=1.0)


def _all_reasons() -> list[str]:
    reasons: set[str] = set()
    for theirs, mine in goal.COMPLEMENTARY_INTENTS.items():
        viewer = Profile(key="a", offers="We supply cups", seeks="We need roasters", sector="packaging",
                         interests=("coffee",), intents=(mine,))
        candidate = Profile(key="b", offers="We roast coffee for cafés", seeks="Looking for cup suppliers",
                            sector="food", interests=("coffee",), intents=(theirs,))
        reasons.update(explain(viewer, candidate, STRONG))
    loner = Profile(key="c", offers="Paper straws", interests=("straws",))
    reasons.update(explain(Profile(key="d"), loner, MatchParts(0.1, 0.1, 0.1, 0.0, 0.0)))
    reasons.update(explain(Profile(key="e"), Profile(key="f"), MatchParts(0, 0, 0, 0, 0)))
    return sorted(reasons)


@pytest.mark.parametrize("language", ["pl", "ru"])
def test_every_matcher_reason_is_translated(language: str, tmp_path: Path) -> None:
    app = create_app(Settings(debug=True, secret_key="test", instance_path=tmp_path,
                              database_url=f"sqlite:///{tmp_path}/unused.sqlite3"))
    reasons = _all_reasons()

    with app.test_request_context(f"/?lang={language}"):
        untranslated = [reason for reason in reasons if reason_text(reason) == reason]

    assert len(reasons) >= 14
    assert untranslated == []


def test_reason_keeps_the_attendees_own_words(tmp_path: Path) -> None:
    app = create_app(Settings(debug=True, secret_key="test", instance_path=tmp_path,
                              database_url=f"sqlite:///{tmp_path}/unused.sqlite3"))

    with app.test_request_context("/?lang=ru"):
        text = reason_text("Offers: Kompostowalne kubki — you are looking for this")

    assert text == "Предлагает: Kompostowalne kubki — то, что вы ищете"
