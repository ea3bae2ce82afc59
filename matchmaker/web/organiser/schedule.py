"""Generating the schedule: start a run (a background job), watch its progress, cancel or retry it,
read a draft's figures and charts, compare drafts, publish one."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from matchmaker.core.matching import DEFAULT_MATCH_FLOOR
from matchmaker.db.models import Attendee, Event, RunStatus, ScheduleRun
from matchmaker.services import scheduling
from matchmaker.services.schedule_launch import launch_run, relaunch_run
from matchmaker.services.schedule_reasons import unplaced_notice
from matchmaker.services.schedule_settings import ScheduleSettings, SettingsError, save_schedule_settings
from matchmaker.web.attendee.common import personal_link
from matchmaker.web.database import discard_changes, get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import database_int
from matchmaker.web.jobs import job_database_url, job_queue, waiting_for_a_worker
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import current_organiser_id, login_required, owned_event_or_404
from matchmaker.web.organiser.formatting import status_label, word

SEARCH_SECONDS = (5, 20, 60, 180)


def _run_or_404(event: Event, run_id: int) -> ScheduleRun:
    run = scheduling.get_run(get_session(), event, run_id)
    if run is None:
        abort(404)
    return run


def _start(event: Event, start: Callable[[], ScheduleRun]) -> ResponseReturnValue:
    try:
        run = start()
    except scheduling.SchedulingError as exc:  # another run started meanwhile included
        discard_changes()
        flash(word(exc), "error")
        return redirect(url_for("organiser.schedule", slug=event.slug))
    return redirect(url_for("organiser.schedule", slug=event.slug, watch=run.id))


def _schedule_page(
    event: Event, errors: dict[str, str] | None = None, status: int = 200
) -> ResponseReturnValue:
    db = get_session()
    form = request.form if errors else None
    floor_typed = (
        form.get("match_floor", "")
        if form is not None
        else ("" if event.match_floor is None else f"{event.match_floor:g}")
    )
    runs = scheduling.runs_as_seen(db, event)
    page = render_template(
        "organiser/schedule.html",
        event=event,
        runs=runs,
        no_worker=any(run.status == "queued" for run in runs) and waiting_for_a_worker(),
        search_seconds=SEARCH_SECONDS,
        without_matches=scheduling.attendees_without_matches(db, event),
        default_floor=DEFAULT_MATCH_FLOOR,
        floor_typed=floor_typed,
        requested_only=(
            form.get("requested_only") == "on" if form is not None else event.requested_meetings_only
        ),
        errors=errors or {},
    )
    return page, status


@bp.get("/events/<slug>/schedule")
@login_required
def schedule(slug: str) -> ResponseReturnValue:
    return _schedule_page(owned_event_or_404(slug))


def _settings_from_form() -> ScheduleSettings:
    typed = request.form.get("match_floor", "").strip().replace(",", ".")
    try:
        floor = float(typed) if typed else None
    except ValueError:
        raise SettingsError("match_floor: not a number") from None
    return ScheduleSettings(
        match_floor=floor, requested_meetings_only=request.form.get("requested_only") == "on"
    )


@bp.post("/events/<slug>/schedule/runs")
@login_required
def start_run(slug: str) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    try:
        save_schedule_settings(get_session(), event, _settings_from_form())
    except SettingsError:
        discard_changes()
        message = _("Enter a minimum match score between 0 and 1, or leave it empty for the default.")
        return _schedule_page(event, {"match_floor": message}, 400)
    seconds = request.form.get("time_limit", type=float) or 20.0
    seconds = min(max(seconds, 1.0), 600.0)
    full = request.form.get("full_replan") == "on"
    refresh = request.form.get("refresh_matches") == "on"
    model = current_app.config["MATCHMAKER"].embedding_model
    return _start(
        event,
        lambda: launch_run(
            get_session(),
            event,
            current_organiser_id(),
            job_queue(),
            job_database_url(),
            full_replan=full,
            time_limit=seconds,
            refresh_matches=refresh,
            embedding_model=model,
        ),
    )


@bp.post("/events/<slug>/schedule/runs/<int:run_id>/retry")
@login_required
def retry_run(slug: str, run_id: int) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    run = _run_or_404(event, run_id)
    return _start(
        event,
        lambda: relaunch_run(get_session(), run, current_organiser_id(), job_queue(), job_database_url()),
    )


@bp.post("/events/<slug>/schedule/runs/<int:run_id>/cancel")
@login_required
def cancel_run(slug: str, run_id: int) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    run = _run_or_404(event, run_id)
    db = get_session()
    try:
        scheduling.request_cancel(db, run)
    except scheduling.SchedulingError as exc:
        discard_changes()
        flash(word(exc), "error")
        return redirect(url_for("organiser.schedule", slug=slug))
    if request.accept_mimetypes.best == "application/json":
        return jsonify(status=run.status)
    flash(_("Cancelling run #%(id)d…", id=run.id))
    return redirect(url_for("organiser.schedule", slug=slug))


@bp.get("/events/<slug>/schedule/runs/<int:run_id>/status")
@login_required
def run_status(slug: str, run_id: int) -> ResponseReturnValue:
    """What the progress bar polls: status, progress (0-1), error (a run whose worker died reads failed)."""
    event = owned_event_or_404(slug)
    db = get_session()
    run = _run_or_404(event, run_id)
    db.refresh(run)
    seen = scheduling.run_as_seen(db, run)
    response = jsonify(
        id=run.id,
        status=seen.status,
        status_label=status_label(seen.status),
        progress=run.progress,
        error=seen.error,
        meetings=run.stats.get("meetings"),
        draft_url=url_for("organiser.draft", slug=slug, run_id=run.id),
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _names(event: Event) -> dict[int, Attendee]:
    return {a.id: a for a in event.attendees}


def _without_reasons() -> dict[str, str]:
    """Why an attendee has no meeting, by the code :mod:`...schedule_figures` stores."""
    return {
        "no_meetings_wanted": _("asked for no meetings"),
        "never_available": _("unavailable in every slot"),
        "no_matches": _("no suggested matches (profile too thin, or everyone excluded)"),
        "no_worthwhile_match": _("no match scores above the event's minimum"),
        "all_booked": _("every worthwhile match was booked or busy when they are free"),
    }


@bp.get("/events/<slug>/schedule/runs/<int:run_id>")
@login_required
def draft(slug: str, run_id: int) -> str:
    event = owned_event_or_404(slug)
    run = _run_or_404(event, run_id)
    placed = {(m["slot"], m["table"]): m for m in (run.result or {}).get("meetings", [])}
    per_slot = run.stats.get("per_slot", {})
    per_table = run.stats.get("per_table", {})
    histogram = run.stats.get("score_histogram", [])
    people = _names(event)
    slots = {str(slot.id): slot.code for slot in event.slots}
    tables = {str(table.id): table.name for table in event.tables}

    def name_of(person: str) -> str:
        return people[int(person)].name if person.isdigit() and int(person) in people else person

    left_out = [
        word(unplaced_notice(u, name_of, lambda s: slots.get(s, s), lambda t: tables.get(t, t)))
        for u in run.stats.get("unscheduled_required", [])
    ]
    return render_template(
        "organiser/draft.html",
        left_out=left_out,
        event=event,
        run=run,
        people=people,
        placed=placed,
        slot_bars=[(slot.code, per_slot.get(str(slot.id), 0)) for slot in event.slots],
        table_bars=[(table.name, per_table.get(str(table.id), 0)) for table in event.tables],
        score_bars=[(f"{index / len(histogram):.1f}", count) for index, count in enumerate(histogram)],
        without_reasons=_without_reasons(),
    )


@bp.get("/events/<slug>/schedule/compare")
@login_required
def compare(slug: str) -> str:
    event = owned_event_or_404(slug)
    ids = request.args.getlist("run", type=database_int)
    runs = [
        r
        for r in (scheduling.get_run(get_session(), event, i) for i in ids[:4])
        if r is not None and r.status == RunStatus.SUCCEEDED
    ]
    if not runs:
        runs = [r for r in scheduling.runs_of(get_session(), event) if r.status == RunStatus.SUCCEEDED][:3]
    return render_template(
        "organiser/compare.html", event=event, runs=runs, rows=scheduling.compare_drafts(runs)
    )


@bp.post("/events/<slug>/schedule/runs/<int:run_id>/publish")
@login_required
def publish(slug: str, run_id: int) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    run = _run_or_404(event, run_id)
    db = get_session()
    try:
        outcome = scheduling.publish_run(db, run, personal_link)
    except scheduling.SchedulingError as exc:
        discard_changes()
        flash(word(exc), "error")
        return redirect(url_for("organiser.draft", slug=slug, run_id=run_id))
    flash(
        _(
            "Published: %(created)d new, %(moved)d moved, %(cancelled)d cancelled, "
            "%(kept)d unchanged meetings; %(notified)d attendees notified.",
            created=outcome.created,
            moved=outcome.moved,
            cancelled=outcome.cancelled,
            kept=outcome.kept,
            notified=outcome.notified,
        )
    )
    return redirect(url_for("organiser.meetings", slug=slug))
