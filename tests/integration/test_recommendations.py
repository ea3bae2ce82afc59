from __future__ import annotations

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.db.embedding_cache import DbVectorCache
from matchmaker.db.models import EmbeddingCache, Event, Exclusion, Meeting, Recommendation
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
        "roaster": make_attendee(session, event, offers="roasted coffee beans wholesale",
                                 seeks="compostable cups lids", intents=["find_suppliers"]),
        "cups": make_attendee(session, event, offers="compostable cups lids",
                              seeks="roasted coffee beans buyers", intents=["find_clients"]),
        "twin": make_attendee(session, event, offers="roasted coffee beans cafes",
                              seeks="compostable cups lids supplier", intents=["find_suppliers"]),
        "tax": make_attendee(session, event, offers="tax advisory", seeks="dental clinics"),
    }
    return event, {key: a.id for key, a in people.items()}


def _ranked(session: Session, attendee_id: int) -> list[int]:
    return [r.candidate_id for r in recommendations_for(session, attendee_id)]


def test_refresh_stores_ranked_lists_with_reasons(db_session: Session) -> None:
    event, ids = _fair(db_session)

    result = refresh_event_recommendations(db_session, event.id, embedder=BagOfWordsEmbedder(), top_k=2)

    stored = recommendations_for(db_session, ids["roaster"])
    assert result.attendees == 4 and result.lists_rewritten == 4
    assert [r.rank for r in stored] == [1, 2]
    assert stored[0].candidate_id == ids["cups"] and stored[0].reasons and 0 < stored[0].score <= 1
    assert stored[0].model_id == BagOfWordsEmbedder.model_id


def test_refresh_respects_exclusions_and_meetings(db_session: Session) -> None:
    event, ids = _fair(db_session)
    db_session.add(Exclusion(event_id=event.id, attendee_id=ids["cups"], excluded_attendee_id=ids["roaster"]))
    a, b = sorted((ids["twin"], ids["tax"]))
    db_session.add(Meeting(event_id=event.id, attendee_a_id=a, attendee_b_id=b,
                           slot_id=event.slots[0].id, table_id=event.tables[0].id))
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
