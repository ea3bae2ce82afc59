"""The recommendations page in a real browser: reasons naming both sides' items, levels, and the honest
empty state, in English, Polish and Russian."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import update
from sqlalchemy.orm import Session

from matchmaker.db.models import Attendee, Recommendation
from tests.e2e.conftest import LiveServer
from tests.integration.attendee_support import attendee_with_link, event_with_interests

pytestmark = pytest.mark.e2e


def _settled(session: Session, *ids: int, language: str = "en") -> None:
    """Registered an hour ago, last read in ``language``: past the "being prepared" notice of a fresh
    profile (switching the language counts as a change of the profile today)."""
    session.execute(
        update(Attendee)
        .where(Attendee.id.in_(ids))
        .values(updated_at=datetime.now(UTC) - timedelta(hours=1), locale=language)
    )
    session.commit()


def test_reasons_name_both_items_and_levels_read_in_three_languages(
    live_server: LiveServer, page: Page, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    anna, anna_page = attendee_with_link(
        db_session, event, name="Anna Kowalska", seeks="Partner do montażu okapów kuchennych"
    )
    boris, _ = attendee_with_link(
        db_session, event, name="Boris Airflow", offers="Installation and servicing of kitchen extraction"
    )
    db_session.add(
        Recommendation(
            attendee_id=anna.id,
            candidate_id=boris.id,
            rank=1,
            score=0.62,
            reasons=[
                {
                    "kind": "they_offer",
                    "yours": ["Partner do montażu okapów kuchennych"],
                    "theirs": ["Installation and servicing of kitchen extraction"],
                    "codes": [],
                },
                {"kind": "shared_interests", "yours": [], "theirs": [], "codes": ["coffee"]},
            ],
        )
    )
    db_session.commit()
    _settled(db_session, anna.id)

    expected = {
        "en": (
            "Strong match",
            "You seek: Partner do montażu okapów kuchennych — they offer: Installation",
            "You both work on Coffee",
        ),
        "pl": (
            "Mocne dopasowanie",
            "Szukasz: Partner do montażu okapów kuchennych — oferują: Installation",
            "Oboje zajmujecie się: Kawa",
        ),
        "ru": (
            "Сильное совпадение",
            "Вы ищете: Partner do montażu okapów kuchennych — они предлагают:",
            "Кофе",
        ),
    }
    for language, (level, reason, interest) in expected.items():
        _settled(db_session, anna.id, language=language)
        page.goto(f"{live_server.url}{anna_page}?lang={language}")
        card = page.locator(".person", has_text="Boris Airflow")
        expect(card.locator(".level")).to_have_text(level)
        expect(card.locator(".reasons li").first).to_contain_text(reason)
        expect(card.locator(".reasons")).to_contain_text(interest)


def test_nobody_above_the_floor_shows_an_honest_empty_state(
    live_server: LiveServer, page: Page, db_session: Session
) -> None:
    event = event_with_interests(db_session)
    lonely, lonely_page = attendee_with_link(db_session, event, offers="Tax advice", seeks="")
    db_session.commit()
    _settled(db_session, lonely.id)

    page.goto(f"{live_server.url}{lonely_page}?lang=en")
    expect(page.get_by_role("heading", name="No strong matches yet")).to_be_visible()
    page.get_by_role("link", name="Add what you seek").click()
    expect(page).to_have_url(f"{live_server.url}{lonely_page}/profile")
    _settled(db_session, lonely.id, language="ru")
    page.goto(f"{live_server.url}{lonely_page}?lang=ru")
    expect(page.get_by_role("heading", name="Пока нет сильных совпадений")).to_be_visible()
