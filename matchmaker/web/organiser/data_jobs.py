"""Large attendee imports and exports as background jobs: start one, watch its progress, see the dry
run's report, confirm the import, download the export."""

from __future__ import annotations

from typing import Any

from flask import Response, abort, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from matchmaker.db.models import DataJob, DataJobKind, DataJobStatus, Event
from matchmaker.services import data_jobs
from matchmaker.services.attendee_import import RowProblem
from matchmaker.services.organisers import owned_event
from matchmaker.web.database import get_session
from matchmaker.web.errors import handle_http_error
from matchmaker.web.i18n import gettext as _
from matchmaker.web.jobs import job_database_url, job_queue, waiting_for_a_worker
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import current_organiser_id, login_required, owned_event_or_404
from matchmaker.web.organiser.formatting import status_label
from matchmaker.web.shape_messages import say_problem

# Files above this size are checked and imported by a job, not inside the request (about 3,000 rows).
INLINE_IMPORT_BYTES = 1024 * 1024
# The largest attendee file an organiser may upload. Other requests keep the app's 8 MiB limit
# (MAX_CONTENT_LENGTH); a 50,000-row file is about 24 MiB.
MAX_IMPORT_BYTES = 64 * 1024 * 1024
# Events with more attendees export through a job (the download link is on the job's page).
INLINE_EXPORT_ROWS = 5000


@bp.url_value_preprocessor
def _accept_attendee_files(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    # Runs before every before_request hook (the CSRF check reads the form, and with it the body): an
    # attendee file may reach MAX_IMPORT_BYTES, every other organiser request keeps the app's limit.
    if endpoint == "organiser.import_attendees":
        request.max_content_length = MAX_IMPORT_BYTES


@bp.errorhandler(RequestEntityTooLarge)
def _attendee_file_too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    # The limit is hit while the form is read, before the view runs: the organiser gets the import page
    # back with the reason beside the file field, not an error page.
    slug, organiser_id = (request.view_args or {}).get("slug"), current_organiser_id()
    on_import = request.endpoint == "organiser.import_attendees"
    event = (
        owned_event(get_session(), organiser_id, slug)
        if on_import and isinstance(slug, str) and organiser_id is not None
        else None
    )
    if event is None:  # someone else's event, or signed out: the plain answer
        return handle_http_error(error)
    message = _(
        "This file is larger than %(limit)d MiB, the most one import takes: split it into parts "
        "and import them one after another.",
        limit=MAX_IMPORT_BYTES // (1024 * 1024),
    )
    return render_template("organiser/import.html", event=event, report=None, csv_text="", error=message), 413


def start_data_job(
    event: Event, kind: DataJobKind, payload: bytes | None = None, filename: str = ""
) -> ResponseReturnValue:
    """Store and queue a job of ``kind`` for ``event``; the answer is its page."""
    job = data_jobs.start_data_job(
        get_session(), event, kind, job_queue(), job_database_url(), payload, filename
    )
    return redirect(url_for("organiser.data_job", slug=event.slug, job_id=job.id))


def _job_or_404(event: Event, job_id: int) -> DataJob:
    job = data_jobs.data_job_of(get_session(), event, job_id)
    if job is None:
        abort(404)
    return job


@bp.get("/events/<slug>/data-jobs/<int:job_id>")
@login_required
def data_job(slug: str, job_id: int) -> str:
    event = owned_event_or_404(slug)
    job = _job_or_404(event, job_id)
    problems = [RowProblem(**problem) for problem in job.report.get("problems", [])]
    return render_template(
        "organiser/data_job.html",
        event=event,
        job=job,
        report=job.report,
        problems=problems,
        say_problem=say_problem,
        status_label=status_label,
        no_worker=job.status == "queued" and waiting_for_a_worker(),
    )


@bp.get("/events/<slug>/data-jobs/<int:job_id>/status")
@login_required
def data_job_status(slug: str, job_id: int) -> ResponseReturnValue:
    """What the progress bar polls."""
    job = _job_or_404(owned_event_or_404(slug), job_id)
    response = jsonify(
        id=job.id,
        status=job.status,
        status_label=status_label(job.status),
        progress=job.progress,
        error=job.error,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/events/<slug>/data-jobs/<int:job_id>/import")
@login_required
def confirm_import(slug: str, job_id: int) -> ResponseReturnValue:
    """Import a file whose dry run found no problem (checked again by the import: all rows or none)."""
    event = owned_event_or_404(slug)
    job = _job_or_404(event, job_id)
    try:
        data_jobs.confirm_import(get_session(), job, job_queue(), job_database_url())
    except data_jobs.NotConfirmable:
        abort(409)
    return redirect(url_for("organiser.data_job", slug=slug, job_id=job.id))


@bp.post("/events/<slug>/attendees/export")
@login_required
def start_export(slug: str) -> ResponseReturnValue:
    return start_data_job(owned_event_or_404(slug), DataJobKind.EXPORT)


@bp.get("/events/<slug>/data-jobs/<int:job_id>/download")
@login_required
def download_export(slug: str, job_id: int) -> Response:
    job = _job_or_404(owned_event_or_404(slug), job_id)
    if job.kind != DataJobKind.EXPORT or job.status != DataJobStatus.SUCCEEDED or job.payload is None:
        abort(404)
    return Response(
        job.payload,
        mimetype="text/csv",  # werkzeug adds "; charset=utf-8" (given here, it was sent twice)
        headers={"Content-Disposition": f'attachment; filename="{job.filename}"'},
    )
