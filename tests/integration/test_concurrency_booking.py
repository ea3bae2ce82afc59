"""Simultaneous changes never double-book anyone: the database constraints hold and the loser gets a
clear 409. Run on PostgreSQL (``MATCHMAKER_TEST_DATABASE_URL``), where requests really run in parallel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db.models import Meeting, MeetingParticipant, MeetingRequest, MeetingStatus, RequestStatus
from tests.integration.api_support import ApiWorld, make_world

ROUNDS = 5


@pytest.fixture(autouse=True)
def _postgresql_only(settings: Settings) -> None:
    if settings.uses_sqlite:
        pytest.skip(
            "SQLite runs one writer at a time: races need PostgreSQL (set MATCHMAKER_TEST_DATABASE_URL)"
        )


def race(app: Flask, calls: list[Callable[[Any], Any]]) -> list[Any]:
    """Run every call in its own thread with its own client, released at the same instant."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        client = app.test_client()
        barrier.wait()
        results[index] = calls[index](client)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _booking(world: ApiWorld, a: int, b: int, slot: int, table: int) -> Callable[[Any], tuple[int, str]]:
    def call(client: Any) -> tuple[int, str]:
        answer = client.post(
            "/api/v1/events/fair-a/meetings",
            headers=world.organiser(),
            json={
                "attendee_ids": [world.people[a].id, world.people[b].id],
                "slot_id": world.event.slots[slot].id,
                "table_id": world.event.tables[table].id,
            },
        )
        return answer.status_code, answer.get_json()["message"] if answer.status_code != 201 else ""

    return call


def _live_per_attendee_and_slot(session: Session) -> int:
    session.expire_all()
    counts = (
        select(func.count().label("n"))
        .where(MeetingParticipant.status != MeetingStatus.CANCELLED)
        .group_by(MeetingParticipant.attendee_id, MeetingParticipant.slot_id)
        .subquery()
    )
    return int(session.scalar(select(func.max(counts.c.n))) or 0)


def test_concurrency_same_person_same_slot_booked_once(app: Flask, db_session: Session) -> None:
    world = make_world(db_session, people=8)
    for round_number in range(ROUNDS):
        slot = round_number % len(world.event.slots)
        results = race(
            app, [_booking(world, 0, partner, slot, table) for table, partner in enumerate((1, 2, 3))]
        )

        assert sorted(status for status, _ in results) == [201, 409, 409], results
        assert all(message for status, message in results if status == 409)
        db_session.execute(delete(Meeting))
        db_session.commit()


def test_concurrency_same_table_same_slot_booked_once(app: Flask, db_session: Session) -> None:
    world = make_world(db_session, people=8)

    results = race(app, [_booking(world, a, a + 1, 1, 0) for a in (0, 2, 4, 6)])

    assert sorted(status for status, _ in results) == [201, 409, 409, 409], results
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Meeting)) == 1


def test_concurrency_move_against_booking_never_double_books(app: Flask, db_session: Session) -> None:
    world = make_world(db_session, people=8)
    moved = Meeting.between(
        world.people[0].id,
        world.people[1].id,
        event_id=world.event.id,
        slot_id=world.event.slots[0].id,
        table_id=world.event.tables[0].id,
    )
    db_session.add(moved)
    db_session.commit()

    def move(client: Any) -> tuple[int, str]:
        answer = client.patch(
            f"/api/v1/events/fair-a/meetings/{moved.id}",
            headers=world.organiser(),
            json={"slot_id": world.event.slots[2].id, "table_id": world.event.tables[1].id},
        )
        return answer.status_code, answer.get_json().get("message", "")

    results = race(app, [move, _booking(world, 0, 2, 2, 2)])

    assert sorted(status for status, _ in results) in ([200, 409], [201, 409]), results
    assert _live_per_attendee_and_slot(db_session) == 1


@pytest.mark.parametrize(
    ("first", "second"), [((1, "accept"), (1, "decline")), ((1, "decline"), (0, "cancel"))]
)
def test_concurrency_two_answers_to_one_request_one_wins(
    app: Flask, db_session: Session, first: tuple[int, str], second: tuple[int, str]
) -> None:
    world = make_world(db_session)
    for _ in range(ROUNDS):
        request = MeetingRequest(
            event_id=world.event.id,
            from_attendee_id=world.people[0].id,
            to_attendee_id=world.people[1].id,
            status=RequestStatus.REQUESTED,
        )
        db_session.add(request)
        db_session.commit()

        def answer(who: int, verb: str, request_id: int = request.id) -> Callable[[Any], int]:
            return lambda client: (
                client.post(
                    f"/api/v1/me/requests/{request_id}/{verb}", headers=world.attendee(who)
                ).status_code
            )

        results = race(app, [answer(*first), answer(*second)])
        db_session.expire_all()
        final = db_session.get(MeetingRequest, request.id)

        assert sorted(results) == [200, 409], results
        winner = first[1] if results[0] == 200 else second[1]
        assert final is not None
        assert final.status == {"accept": "accepted", "decline": "declined", "cancel": "cancelled"}[winner]
        final.status = RequestStatus.CANCELLED  # closed, so the next round can open a fresh request
        db_session.commit()
