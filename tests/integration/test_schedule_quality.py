"""Drafts with a quality floor, a requested-meetings-only mode and only the slots still to come."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.core.matching import DEFAULT_MATCH_FLOOR
from matchmaker.db.models import (
    Attendee,
    Event,
    Meeting,
    MeetingRequest,
    Recommendation,
    RequestStatus,
    ScheduleRun,
)
from matchmaker.services import scheduling
from matchmaker.services.schedule_problem import pair_worth_meeting
from tests.factories import make_attendee, make_event
from tests.integration.organiser_client import csrf_token, sign_in
from tests.organiser_data import make_organiser


def _scored(session: Session, a: Attendee, b: Attendee, score: float) -> None:
    rank = len(session.scalars(select(Recommendation).where(Recommendation.attendee_id == a.id)).all()) + 1
    session.add(Recommendation(attendee_id=a.id, candidate_id=b.id, rank=rank, score=score, reasons=["test"]))
    session.flush()


def _draft(
    session: Session, event: Event, *, full_replan: bool = False, now: datetime | None = None
) -> ScheduleRun:
    run = scheduling.start_run(session, event, None, time_limit=3.0, full_replan=full_replan)
    scheduling.compute_draft(session, run, now=now)
    return run


def _pairs(run: ScheduleRun) -> set[frozenset[int]]:
    assert run.result is not None
    return {frozenset((m["a"], m["b"])) for m in run.result["meetings"]}


def _people(session: Session, event: Event, n: int) -> list[Attendee]:
    return [make_attendee(session, event) for _ in range(n)]


def test_a_draft_never_schedules_a_suggested_meeting_below_the_floor(db_session: Session) -> None:
    event = make_event(db_session, slots=4, tables=3)
    a, b, c, d = _people(db_session, event, 4)
    _scored(db_session, a, b, 0.8)
    _scored(db_session, c, d, DEFAULT_MATCH_FLOOR - 0.05)  # the only match c and d have

    run = _draft(db_session, event)

    assert _pairs(run) == {frozenset((a.id, b.id))}
    assert run.stats["below_floor"] == 0
    assert run.stats["attendees_no_worthwhile"] == 2
    assert run.stats["match_floor"] == DEFAULT_MATCH_FLOOR
    reasons = {p["id"]: p["reason"] for p in run.stats["attendees_without"]}
    assert reasons == {c.id: "no_worthwhile_match", d.id: "no_worthwhile_match"}


def test_the_event_floor_replaces_the_default_and_requested_meetings_stay(db_session: Session) -> None:
    event = make_event(db_session, slots=4, tables=3)
    event.match_floor = 0.7
    a, b, c, d = _people(db_session, event, 4)
    _scored(db_session, a, b, 0.65)
    _scored(db_session, c, d, 0.75)
    db_session.add(
        MeetingRequest(
            event_id=event.id, from_attendee_id=a.id, to_attendee_id=c.id, status=RequestStatus.ACCEPTED
        )
    )
    db_session.flush()

    run = _draft(db_session, event)

    assert _pairs(run) == {frozenset((c.id, d.id)), frozenset((a.id, c.id))}
    assert pair_worth_meeting(event, 0.7) and not pair_worth_meeting(event, 0.69)
    assert pair_worth_meeting(event, 0.1, requested=True)


def test_requested_meetings_only_schedules_no_suggested_meeting(db_session: Session) -> None:
    event = make_event(db_session, slots=4, tables=3)
    event.requested_meetings_only = True
    a, b, c = _people(db_session, event, 3)
    _scored(db_session, a, b, 0.95)
    db_session.add(
        MeetingRequest(
            event_id=event.id, from_attendee_id=b.id, to_attendee_id=c.id, status=RequestStatus.ACCEPTED
        )
    )
    db_session.flush()

    run = _draft(db_session, event)

    assert _pairs(run) == {frozenset((b.id, c.id))}
    assert run.stats["requested_only"] is True
    assert not pair_worth_meeting(event, 0.95)


def test_a_run_on_the_day_plans_only_slots_that_have_not_started(db_session: Session) -> None:
    event = make_event(db_session, slots=4, tables=3)
    people = _people(db_session, event, 6)
    for i, a in enumerate(people):
        for b in people[i + 1 :]:
            _scored(db_session, a, b, 0.8)
    held = Meeting.between(
        people[0].id,
        people[1].id,
        event_id=event.id,
        slot_id=event.slots[0].id,
        table_id=event.tables[0].id,
        score=0.8,
        source="auto",
    )
    db_session.add(held)
    db_session.flush()
    # 10 minutes into the second slot: slots one and two have started.
    now = event.slots[1].start + timedelta(minutes=10)

    run = _draft(db_session, event, full_replan=True, now=now)

    assert run.result is not None
    started = {event.slots[0].id, event.slots[1].id}
    new = [m for m in run.result["meetings"] if not m["fixed"]]
    assert new and all(m["slot"] not in started for m in new)
    kept = [m for m in run.result["meetings"] if m["fixed"]]
    assert [(m["a"], m["b"], m["slot"]) for m in kept] == [
        (held.attendee_a_id, held.attendee_b_id, event.slots[0].id)
    ]
    assert run.stats["closed_slots"] == 2


def _signed_in(client: FlaskClient, db_session: Session) -> Event:
    event = make_event(db_session, slots=4, tables=3)
    a, b = _people(db_session, event, 2)
    _scored(db_session, a, b, 0.8)
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    sign_in(client)
    return event


def test_generate_form_saves_the_floor_and_the_mode(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)
    page = f"/organiser/events/{event.slug}/schedule"

    response = client.post(
        page + "/runs",
        data={
            "csrf_token": csrf_token(client, page),
            "time_limit": "1",
            "match_floor": "0,45",
            "requested_only": "on",
        },
    )
    app.extensions["matchmaker.jobs"].wait_all(timeout=60)

    assert response.status_code == 302
    db_session.expire_all()
    saved = db_session.scalars(select(Event).where(Event.id == event.id)).one()
    assert (saved.match_floor, saved.requested_meetings_only) == (0.45, True)
    html = client.get(page).get_data(as_text=True)
    assert 'value="0.45"' in html


def test_generate_form_with_a_bad_floor_keeps_what_was_typed_and_starts_nothing(
    client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)
    page = f"/organiser/events/{event.slug}/schedule"

    response = client.post(
        page + "/runs",
        data={
            "csrf_token": csrf_token(client, page),
            "time_limit": "1",
            "match_floor": "1.5",
            "requested_only": "on",
        },
    )

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "between 0 and 1" in html and 'value="1.5"' in html and 'aria-invalid="true"' in html
    assert db_session.scalars(select(ScheduleRun)).all() == []
    db_session.expire_all()
    assert db_session.get_one(Event, event.id).match_floor is None


def test_draft_page_says_which_bound_and_floor_it_was_measured_against(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = _signed_in(client, db_session)
    page = f"/organiser/events/{event.slug}/schedule"
    client.post(page + "/runs", data={"csrf_token": csrf_token(client, page), "time_limit": "1"})
    app.extensions["matchmaker.jobs"].wait_all(timeout=60)
    run = db_session.scalars(select(ScheduleRun)).one()

    html = client.get(f"{page}/runs/{run.id}").get_data(as_text=True)

    assert "treating attendees at least as fairly" in html
    assert f"at least {DEFAULT_MATCH_FLOOR:.2f} were scheduled" in html


def test_a_left_out_required_meeting_is_explained_with_names_in_the_organisers_language(
    app: Flask, client: FlaskClient, db_session: Session
) -> None:
    event = make_event(db_session, slots=4, tables=3)
    anna = make_attendee(db_session, event, name="Anna Kowalska")
    boris = make_attendee(db_session, event, name="Boris Petrov")
    anna.set_unavailable_slots(event.slots[:2])
    boris.set_unavailable_slots(event.slots[2:])
    db_session.add(
        MeetingRequest(
            event_id=event.id,
            from_attendee_id=anna.id,
            to_attendee_id=boris.id,
            status=RequestStatus.ACCEPTED,
        )
    )
    make_organiser(db_session, "org@example.test", event)
    db_session.commit()
    run = _draft(db_session, event)
    db_session.commit()
    sign_in(client)

    html = client.get(f"/organiser/events/{event.slug}/schedule/runs/{run.id}?lang=pl").get_data(as_text=True)

    [left] = run.stats["unscheduled_required"]
    assert left["code"] == "never_both_available"
    assert (
        "brak wspólnego wolnego slotu: Anna Kowalska i Boris Petrov nigdy nie są dostępni jednocześnie"
        in html
    )
    assert "no common free slot" not in html and f"{anna.id} and {boris.id}" not in html
