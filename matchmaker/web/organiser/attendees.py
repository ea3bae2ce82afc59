"""Attendees of an event: list with search and filters, CSV import (dry run, then all or nothing), export,
edit and remove."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from matchmaker.db.models import Attendee
from matchmaker.services import attendee_import as roster
from matchmaker.services.invitations import not_invited_count
from matchmaker.services.outbox import latest_link_mails
from matchmaker.services.roster import RosterFilter, find_attendees
from matchmaker.web.database import get_session
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import _, event_or_404, form_int, login_required

PAGE_SIZE = 100


@bp.get("/events/<slug>/attendees")
@login_required
def attendees(slug: str) -> str:
    event = event_or_404(slug)
    wanted = RosterFilter(
        query=request.args.get("q", "").strip(),
        status=request.args.get("status", ""),
        sector=request.args.get("sector", ""),
        page=request.args.get("page", 1, type=int) or 1,
    )
    db = get_session()
    found = find_attendees(db, event, wanted)
    link_mails = latest_link_mails(db, event, [p.email for p in found.people if p.email])
    return render_template("organiser/attendees.html", event=event, wanted=wanted, found=found,
                           link_mails=link_mails, not_invited=not_invited_count(db, event))


@bp.route("/events/<slug>/attendees/import", methods=["GET", "POST"])
@login_required
def import_attendees(slug: str) -> ResponseReturnValue:
    event = event_or_404(slug)
    if request.method == "GET":
        return render_template("organiser/import.html", event=event, report=None, csv_text="")
    db = get_session()
    upload = request.files.get("file")
    data = (
        upload.read() if upload is not None and upload.filename else request.form.get("csv_text", "").encode()
    )
    if not data.strip():
        return render_template(
            "organiser/import.html",
            event=event,
            report=None,
            csv_text="",
            error=_("Choose a CSV file first."),
        ), 400
    if request.form.get("action") != "import":
        report = roster.check_attendee_csv(db, event, data)
        return render_template(
            "organiser/import.html", event=event, report=report, csv_text=data.decode("utf-8-sig", "replace")
        )
    try:
        added = roster.import_attendee_csv(db, event, data)
    except roster.ImportRejected as rejected:
        db.rollback()
        return render_template(
            "organiser/import.html",
            event=event,
            report=rejected.report,
            csv_text=data.decode("utf-8-sig", "replace"),
        ), 400
    db.commit()
    flash(_("%(count)d attendees imported.", count=len(added)))
    return redirect(url_for("organiser.attendees", slug=event.slug))


@bp.get("/events/<slug>/attendees.csv")
@login_required
def export_attendees(slug: str) -> Response:
    event = event_or_404(slug)
    body = roster.export_attendee_csv(get_session(), event)
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-attendees.csv"'},
    )


def _attendee_or_404(slug: str, attendee_id: int) -> tuple[object, Attendee]:
    event = event_or_404(slug)
    attendee = get_session().get(Attendee, attendee_id)
    if attendee is None or attendee.event_id != event.id:
        abort(404)
    return event, attendee


@bp.route("/events/<slug>/attendees/<int:attendee_id>", methods=["GET", "POST"])
@login_required
def edit_attendee(slug: str, attendee_id: int) -> ResponseReturnValue:
    event, attendee = _attendee_or_404(slug, attendee_id)
    db = get_session()
    if request.method == "GET":
        return render_template("organiser/attendee_edit.html", event=event, attendee=attendee, error=None)
    form = request.form
    changes = roster.AttendeeChanges(
        name=form.get("name", ""),
        email=form.get("email", ""),
        company=form.get("company", ""),
        job_title=form.get("job_title", ""),
        sector=form.get("sector", ""),
        country=form.get("country", ""),
        offers=form.get("offers", ""),
        seeks=form.get("seeks", ""),
        max_meetings=form_int("max_meetings"),
        unavailable=tuple(int(v) for v in form.getlist("unavailable")),
    )
    try:
        roster.update_attendee(db, attendee, changes)
    except roster.AttendeeEditError as exc:
        db.rollback()
        return render_template(
            "organiser/attendee_edit.html", event=event, attendee=attendee, error=str(exc)
        ), 400
    db.commit()
    flash(_("%(name)s saved.", name=attendee.name))
    return redirect(url_for("organiser.attendees", slug=slug))


@bp.post("/events/<slug>/attendees/<int:attendee_id>/remove")
@login_required
def remove_attendee(slug: str, attendee_id: int) -> ResponseReturnValue:
    _event, attendee = _attendee_or_404(slug, attendee_id)
    db = get_session()
    name = attendee.name
    roster.remove_attendee(db, attendee)
    db.commit()
    flash(_("%(name)s removed, with their meetings.", name=name))
    return redirect(url_for("organiser.attendees", slug=slug))
