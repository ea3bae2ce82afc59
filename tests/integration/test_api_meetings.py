"""Meetings, meeting requests and schedule runs through the API."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import Meeting, MeetingRequest, MeetingStatus, RequestStatus
from tests.integration.api_support import ApiWorld, make_world

EVENT = "/api/v1/events/fair-a"


def _add(client: FlaskClient, world: ApiWorld, a: int, b: int, slot: int, table: int) -> tuple[int, Any]:
    answer = client.post(
        f"{EVENT}/meetings",
        headers=world.organiser(),
        json={
            "attendee_ids": [world.people[a].id, world.people[b].id],
            "slot_id": world.event.slots[slot].id,
            "table_id": world.event.tables[table].id,
        },
    )
    return answer.status_code, answer.get_json()


def test_api_meeting_double_booking_is_refused_with_reasons(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    _add(client, world, 0, 1, slot=0, table=0)

    status, body = _add(client, world, 0, 2, slot=0, table=1)

    assert status == 409
    assert "already meets" in body["message"]
    assert body["details"]


def test_api_meeting_moved_and_filtered_by_slot(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    _status, meeting = _add(client, world, 0, 1, slot=0, table=0)
    target = world.event.slots[2].id

    moved = client.patch(
        f"{EVENT}/meetings/{meeting['id']}", headers=world.organiser(), json={"slot_id": target}
    )
    in_slot = client.get(f"{EVENT}/meetings?slot_id={target}", headers=world.organiser()).get_json()

    assert moved.status_code == 200
    assert moved.get_json()["slot"]["id"] == target
    assert [m["id"] for m in in_slot["items"]] == [meeting["id"]]


def test_api_meeting_cancel_frees_the_slot(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    _status, meeting = _add(client, world, 0, 1, slot=0, table=0)

    cancelled = client.delete(f"{EVENT}/meetings/{meeting['id']}", headers=world.organiser())
    status, _body = _add(client, world, 0, 2, slot=0, table=0)

    assert cancelled.status_code == 204
    assert status == 201


def test_api_meeting_of_another_event_is_not_found(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    _status, meeting = _add(client, world, 0, 1, slot=0, table=0)
    other = {"Authorization": f"Bearer {world.other_key}"}

    answers = [
        client.get(f"/api/v1/events/fair-b/meetings/{meeting['id']}", headers=other),
        client.delete(f"/api/v1/events/fair-b/meetings/{meeting['id']}", headers=other),
        client.delete(f"{EVENT}/meetings/{meeting['id']}", headers=other),
    ]

    assert [a.status_code for a in answers] == [404, 404, 404]
    assert db_session.get(Meeting, meeting["id"]).status == MeetingStatus.SCHEDULED  # type: ignore[union-attr]


def test_api_requests_listed_by_status(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    client.post("/api/v1/me/requests", headers=world.attendee(0), json={"to_attendee_id": world.people[1].id})
    client.post("/api/v1/me/requests", headers=world.attendee(2), json={"to_attendee_id": world.people[1].id})
    client.post(f"/api/v1/me/requests/{_request_id(db_session, 0)}/accept", headers=world.attendee(1))

    accepted = client.get(f"{EVENT}/requests?status=accepted", headers=world.organiser()).get_json()

    assert [(r["from_attendee_id"], r["status"]) for r in accepted["items"]] == [
        (world.people[0].id, "accepted")
    ]
    assert accepted["total"] == 1


def _request_id(session: Session, index: int) -> int:
    session.expire_all()
    return session.scalars(select(MeetingRequest.id).order_by(MeetingRequest.id)).all()[index]


def test_api_schedule_run_from_start_to_publication(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    client.post("/api/v1/me/requests", headers=world.attendee(0), json={"to_attendee_id": world.people[1].id})
    client.post(f"/api/v1/me/requests/{_request_id(db_session, 0)}/accept", headers=world.attendee(1))

    started = client.post(f"{EVENT}/schedule-runs", headers=world.organiser(), json={"time_limit": 5})
    app.extensions["matchmaker.jobs"].wait_all(timeout=120)
    run_url = f"{EVENT}/schedule-runs/{started.get_json()['id']}"
    finished = client.get(run_url, headers=world.organiser()).get_json()
    draft = client.get(f"{run_url}/result", headers=world.organiser()).get_json()
    published = client.post(f"{run_url}/publish", headers=world.organiser())
    meetings = client.get(f"{EVENT}/meetings?limit=200", headers=world.organiser()).get_json()

    assert started.status_code == 202
    assert finished["status"] == "succeeded"
    assert finished["progress"] == 1.0
    required = [m for m in draft["meetings"] if m["required"]]
    assert sorted(required[0]["attendee_ids"]) == sorted([world.people[0].id, world.people[1].id])
    assert published.status_code == 200
    assert published.get_json()["created"] == len(draft["meetings"]) == meetings["total"]


def test_api_schedule_run_result_before_success_is_not_ready(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    from matchmaker.services.scheduling import start_run

    run = start_run(db_session, world.event, None)
    db_session.commit()

    answer = client.get(f"{EVENT}/schedule-runs/{run.id}/result", headers=world.organiser())
    cancelled = client.post(f"{EVENT}/schedule-runs/{run.id}/cancel", headers=world.organiser())

    assert answer.status_code == 409
    assert answer.get_json()["code"] == "not_ready"
    assert cancelled.get_json()["status"] == "cancelled"


def test_api_second_active_run_is_refused(client: FlaskClient, db_session: Session) -> None:
    world = make_world(db_session)
    from matchmaker.services.scheduling import start_run

    start_run(db_session, world.event, None)
    db_session.commit()

    answer = client.post(f"{EVENT}/schedule-runs", headers=world.organiser(), json={})

    assert answer.status_code == 409
    assert "still queued" in answer.get_json()["message"]


def test_api_request_statuses_visible_to_organiser_only_for_own_event(
    client: FlaskClient, db_session: Session
) -> None:
    world = make_world(db_session)
    client.post("/api/v1/me/requests", headers=world.attendee(0), json={"to_attendee_id": world.people[1].id})

    theirs = client.get(f"{EVENT}/requests", headers={"Authorization": f"Bearer {world.other_key}"})

    assert theirs.status_code == 404
    assert db_session.scalar(select(MeetingRequest.status)) == RequestStatus.REQUESTED
