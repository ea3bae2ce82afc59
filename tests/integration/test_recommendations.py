from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from flask import Flask
from sqlalchemy import Engine, func, make_url, select, text, update
from sqlalchemy.orm import Session

from matchmaker.db import migrate
from matchmaker.db.embedding_cache import DbVectorCache
from matchmaker.db.engine import make_engine
from matchmaker.db.models import Attendee, EmbeddingCache, Event, Exclusion, Meeting, Recommendation
from matchmaker.services.recommendations import (
    recommendations_for,
    refresh_after_attendee_change,
    refresh_event_recommendations,
)
from tests.factories import make_attendee, make_event
from tests.unit.matching.fakes import BagOfWordsEmbedder


def _fair(session: Session) -> tuple[Event, dict[str, int]]:
    event = make_event(session)
    people = {
        "roaster": make_attendee(
            session,
            event,
            offers="roasted coffee beans wholesale",
            seeks="compostable cups lids",
            intents=["find_suppliers"],
        ),
        "cups": make_attendee(
            session,
            event,
            offers="compostable cups lids",
            seeks="roasted coffee beans buyers",
            intents=["find_clients"],
        ),
        "twin": make_attendee(
            session,
            event,
            offers="roasted coffee beans cafes",
            seeks="compostable cups lids supplier",
            intents=["find_suppliers"],
        ),
        "tax": make_attendee(session, event, offers="tax advisory", seeks="dental clinics"),
    }
    return event, {key: a.id for key, a in people.items()}


def _ranked(session: Session, attendee_id: int) -> list[int]:
    return [r.candidate_id for r in recommendations_for(session, attendee_id)]


def test_refresh_stores_ranked_lists_with_reasons(db_session: Session) -> None:
    event, ids = _fair(db_session)

    result = refresh_event_recommendations(db_session, event.id, embedder=BagOfWordsEmbedder(), top_k=2)

    stored = recommendations_for(db_session, ids["roaster"])
    # The tax adviser fits nobody above the floor: no list, so nothing to write for them.
    assert result.attendees == 4 and result.lists_rewritten == 3
    assert recommendations_for(db_session, ids["tax"]) == []
    assert [r.rank for r in stored] == [1]  # the twin, a competitor, falls below the floor
    assert stored[0].candidate_id == ids["cups"] and stored[0].reasons and 0 < stored[0].score <= 1
    assert stored[0].model_id == BagOfWordsEmbedder.model_id


def test_refresh_respects_exclusions_and_meetings(db_session: Session) -> None:
    event, ids = _fair(db_session)
    db_session.add(Exclusion(event_id=event.id, attendee_id=ids["cups"], excluded_attendee_id=ids["roaster"]))
    a, b = sorted((ids["twin"], ids["tax"]))
    db_session.add(
        Meeting(
            event_id=event.id,
            attendee_a_id=a,
            attendee_b_id=b,
            slot_id=event.slots[0].id,
            table_id=event.tables[0].id,
        )
    )
    db_session.flush()

    refresh_event_recommendations(db_session, event.id, embedder=BagOfWordsEmbedder())

    assert ids["cups"] not in _ranked(db_session, ids["roaster"])
    assert ids["roaster"] not in _ranked(db_session, ids["cups"])
    assert ids["tax"] not in _ranked(db_session, ids["twin"])


def test_refresh_after_registration_embeds_only_the_newcomer(db_session: Session) -> None:
    event, ids = _fair(db_session)
    embedder = BagOfWordsEmbedder()
    refresh_event_recommendations(db_session, event.id, embedder=embedder)
    embedder.encoded.clear()
    dentist = make_attendee(db_session, event, offers="dental clinics chain", seeks="tax advisory firm")

    result = refresh_after_attendee_change(db_session, dentist.id, embedder=embedder)

    assert sorted(embedder.encoded) == ["dental clinics chain", "tax advisory firm"]
    assert result.texts_embedded == 2
    assert _ranked(db_session, ids["tax"])[0] == dentist.id
    assert _ranked(db_session, dentist.id)[0] == ids["tax"]


def test_refresh_unchanged_event_rewrites_nothing(db_session: Session) -> None:
    event, _ = _fair(db_session)
    embedder = BagOfWordsEmbedder()
    refresh_event_recommendations(db_session, event.id, embedder=embedder)
    count_before = db_session.scalar(select(func.count()).select_from(Recommendation))

    result = refresh_event_recommendations(db_session, event.id, embedder=embedder)

    assert result.lists_rewritten == 0 and result.texts_embedded == 0
    assert db_session.scalar(select(func.count()).select_from(Recommendation)) == count_before


def test_db_vector_cache_round_trips_per_model(db_session: Session) -> None:
    cache = DbVectorCache(db_session)

    cache.put_many("m1", {"h": np.array([0.6, 0.8], dtype=np.float32)})
    cache.put_many("m1", {"h": np.array([1.0, 0.0], dtype=np.float32)})

    assert np.allclose(cache.get_many("m1", ["h", "missing"])["h"], [0.6, 0.8])
    assert cache.get_many("m2", ["h"]) == {}
    assert db_session.scalar(select(func.count()).select_from(EmbeddingCache)) == 1


def _link(session: Session, event: Event, **values: object) -> tuple[int, str]:
    from tests.integration.attendee_support import attendee_with_link

    attendee, page = attendee_with_link(session, event, **values)
    return attendee.id, page


def test_refresh_stores_reasons_as_data_naming_both_sides_items(db_session: Session) -> None:
    event = make_event(db_session)
    roaster = make_attendee(
        db_session,
        event,
        offers="roasted coffee beans wholesale",
        seeks="label printing; mobile canning for cold brew",
    )
    canner = make_attendee(
        db_session,
        event,
        seeks="roasted coffee beans wholesale",
        offers="shrink sleeves; carton multipacks; mobile canning for cold brew",
    )
    make_attendee(db_session, event, offers="tax advisory", seeks="dental clinics")

    refresh_event_recommendations(db_session, event.id, embedder=BagOfWordsEmbedder())

    [first, *_] = recommendations_for(db_session, roaster.id)
    assert first.candidate_id == canner.id
    assert {
        "kind": "they_offer",
        "yours": ["mobile canning for cold brew"],
        "theirs": ["mobile canning for cold brew"],
        "codes": [],
    } in first.reasons


def test_refresh_recommends_nobody_below_the_event_floor(db_session: Session) -> None:
    event, ids = _fair(db_session)
    embedder = BagOfWordsEmbedder()

    refresh_event_recommendations(db_session, event.id, embedder=embedder)
    with_default_floor = _ranked(db_session, ids["tax"])
    event.match_floor = 0.99
    refresh_event_recommendations(db_session, event.id, embedder=embedder)

    assert with_default_floor == []  # nothing fits a tax adviser seeking dental clinics
    assert all(_ranked(db_session, key) == [] for key in ids.values())


def test_recommendations_page_says_honestly_that_nobody_fits_yet(app: Flask, db_session: Session) -> None:
    from tests.integration.attendee_support import csrf_client

    event, _ = _fair(db_session)
    lonely, page = _link(db_session, event, offers="tax advisory", seeks="")
    db_session.flush()
    refresh_event_recommendations(db_session, event.id, embedder=BagOfWordsEmbedder())

    def visit(language: str) -> str:
        # Registered an hour ago: past the "being prepared" notice of a fresh profile.
        db_session.execute(
            update(Attendee)
            .where(Attendee.id == lonely)
            .values(updated_at=datetime.now(UTC) - timedelta(hours=1), locale=language)
        )
        db_session.commit()
        return csrf_client(app).get(f"{page}?lang={language}").get_data(as_text=True)

    english, polish = visit("en"), visit("pl")

    assert "No strong matches yet" in english and "Add what you seek" in english
    assert "Na razie brak mocnych dopasowań" in polish


def _scratch_engine(database_url: str, tmp_path: Path) -> tuple[Engine, Callable[[], None]]:
    """A database of its own (migrations go up and down in it), dropped by the returned function."""
    if database_url.startswith("sqlite"):
        engine = make_engine(f"sqlite:///{tmp_path / 'migrations.sqlite3'}")
        return engine, engine.dispose
    name = f"matchmaker_mig_{uuid.uuid4().hex[:12]}"
    admin = make_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(database_url).set(database=name).render_as_string(hide_password=False))

    def drop() -> None:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return engine, drop


def test_migration_turns_stored_sentences_into_reasons_as_data(database_url: str, tmp_path: Path) -> None:
    engine, drop = _scratch_engine(database_url, tmp_path)
    try:
        migrate.upgrade(engine)
        with Session(engine) as session:
            event = make_event(session)
            a, b = (make_attendee(session, event).id for _ in range(2))
            session.add(
                Recommendation(
                    attendee_id=a,
                    candidate_id=b,
                    rank=1,
                    score=0.8,
                    reasons=[
                        "Offers: Kompostowalne kubki — you are looking for this",
                        "You both work on coffee, tea",
                        "Is looking for clients — you are looking for suppliers",
                        "Brings packaging know-how to your food business",
                    ],
                )
            )
            session.add(
                Recommendation(
                    attendee_id=b,
                    candidate_id=a,
                    rank=1,
                    score=0.8,
                    reasons=["Brings food know-how to your packaging business"],
                )
            )
            session.commit()
        migrate.downgrade(engine, "07622138eaa2")  # sentences stay sentences on the way down

        migrate.upgrade(engine)

        with Session(engine) as session:
            stored = {r.attendee_id: r.reasons for r in session.scalars(select(Recommendation))}
        assert stored[a] == [
            {"kind": "they_offer", "yours": [], "theirs": ["Kompostowalne kubki"], "codes": []},
            {"kind": "shared_interests", "yours": [], "theirs": [], "codes": ["coffee", "tea"]},
            {"kind": "goals", "yours": [], "theirs": [], "codes": ["find_clients", "find_suppliers"]},
        ]
        assert stored[b] == [{"kind": "attending", "yours": [], "theirs": [], "codes": []}]
        migrate.downgrade(engine, "07622138eaa2")
        with Session(engine) as session:
            back = {r.attendee_id: r.reasons for r in session.scalars(select(Recommendation))}
        assert back[a][0] == "Offers: Kompostowalne kubki — you are looking for this"
    finally:
        drop()
