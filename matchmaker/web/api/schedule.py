"""Organiser endpoints for schedule runs: start one, follow its progress, read its draft, publish it."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify
from sqlalchemy.exc import IntegrityError

from matchmaker.db.models import Event, RunStatus, ScheduleRun
from matchmaker.services import listings, scheduling
from matchmaker.services.schedule_launch import RunStartedMeanwhile, launch_run
from matchmaker.services.scheduling import SchedulingError
from matchmaker.web.api import bp
from matchmaker.web.api.auth import current_organiser, organiser_key, owned_event_or_404
from matchmaker.web.api.errors import ApiError, not_found
from matchmaker.web.api.listing import paged
from matchmaker.web.api.params import boolean, integer, json_body, query_choice
from matchmaker.web.api.public import personal_link
from matchmaker.web.api.serialize import run_json
from matchmaker.web.database import get_session
from matchmaker.web.jobs import job_database_url, job_queue

MAX_TIME_LIMIT = 3600


def run_of(event: Event, run_id: int) -> ScheduleRun:
    run = scheduling.get_run(get_session(), event, run_id)
    if run is None:
        raise not_found("schedule run")
    return run


def _refused(error: SchedulingError) -> ApiError:
    return ApiError(409, "conflict", str(error))


@bp.get("/events/<slug>/schedule-runs")
@organiser_key
def list_runs(slug: str) -> dict[str, Any]:
    event = owned_event_or_404(slug)
    return paged(listings.runs_of_event(event, query_choice("status", [str(s) for s in RunStatus])), run_json)


@bp.post("/events/<slug>/schedule-runs")
@organiser_key
def start_run(slug: str) -> tuple[Response, int]:
    """Queue a run (one active run per event) and start its job; poll the run for progress."""
    event = owned_event_or_404(slug)
    body = json_body(("full_replan", "time_limit"))
    try:
        run = launch_run(
            get_session(),
            event,
            current_organiser().id,
            job_queue(),
            job_database_url(),
            full_replan=boolean(body, "full_replan", False),
            time_limit=float(integer(body, "time_limit", 1, MAX_TIME_LIMIT, 60) or 60),
        )
    except RunStartedMeanwhile:
        raise ApiError(409, "conflict", "another run was started at the same moment") from None
    except SchedulingError as error:
        raise _refused(error) from None
    return jsonify(run_json(run)), 202


@bp.get("/events/<slug>/schedule-runs/<int:run_id>")
@organiser_key
def get_run(slug: str, run_id: int) -> dict[str, Any]:
    return run_json(run_of(owned_event_or_404(slug), run_id))


@bp.get("/events/<slug>/schedule-runs/<int:run_id>/result")
@organiser_key
def run_result(slug: str, run_id: int) -> dict[str, Any]:
    """The draft: meetings as (a, b, slot, table) ids with scores; 409 until the run has succeeded."""
    run = run_of(owned_event_or_404(slug), run_id)
    if run.result is None:
        raise ApiError(409, "not_ready", f"run #{run.id} is {run.status} and has no draft")
    meetings = [
        {
            "attendee_ids": [m["a"], m["b"]],
            "slot_id": m["slot"],
            "table_id": m["table"],
            "score": m["score"],
            "required": bool(m.get("required")),
            "fixed": bool(m.get("fixed")),
        }
        for m in run.result.get("meetings", [])
    ]
    return {
        "run_id": run.id,
        "full_replan": bool(run.result.get("full_replan")),
        "meetings": meetings,
        "stats": dict(run.stats),
    }


@bp.post("/events/<slug>/schedule-runs/<int:run_id>/cancel")
@organiser_key
def cancel_run(slug: str, run_id: int) -> dict[str, Any]:
    run = run_of(owned_event_or_404(slug), run_id)
    session = get_session()
    try:
        scheduling.request_cancel(session, run)
    except SchedulingError as error:
        raise _refused(error) from None
    return run_json(run)


@bp.post("/events/<slug>/schedule-runs/<int:run_id>/publish")
@organiser_key
def publish_run(slug: str, run_id: int) -> dict[str, Any]:
    """Make the draft the event's schedule; refused if meetings changed since the draft was made."""
    run = run_of(owned_event_or_404(slug), run_id)
    session = get_session()
    try:
        outcome = scheduling.publish_run(session, run, personal_link)
    except SchedulingError as error:
        raise _refused(error) from None
    except IntegrityError:
        raise ApiError(409, "double_booking", "meetings changed while publishing; make a new draft") from None
    return {
        "run": run_json(run),
        "created": outcome.created,
        "moved": outcome.moved,
        "cancelled": outcome.cancelled,
        "kept": outcome.kept,
        "notified": outcome.notified,
    }
