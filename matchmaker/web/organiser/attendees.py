"""Attendees of an event: list with search and filters, CSV import (dry run, then all or nothing), export,
edit and remove."""

from __future__ import annotations

from flask import Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from matchmaker.core.intents import INTENTS
from matchmaker.db.models import Attendee, DataJobKind, Event
from matchmaker.services import attendee_edit, attendee_import
from matchmaker.services.attendees import profile_values
from matchmaker.services.invitations import not_invited_count
from matchmaker.services.large_files import export_file
from matchmaker.services.outbox import latest_link_mails
from matchmaker.services.roster import RosterFilter, find_attendees
from matchmaker.shapes.attendee import TEXT_FIELDS, AttendeeEdit
from matchmaker.web.attendee.forms import split_tags
from matchmaker.web.attendee.labels import INTENT_LABELS, country_choices, interest_label, language_choices
from matchmaker.web.database import discard_changes, get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import database_int, validated_by_shapes
from matchmaker.web.organiser import bp, data_jobs
from matchmaker.web.organiser.access import login_required, owned_attendee_or_404, owned_event_or_404
from matchmaker.web.organiser.forms import Submitted, check, values_of
from matchmaker.web.self_profile import shape_context
from matchmaker.web.shape_messages import say_problem

PAGE_SIZE = 100


@bp.get("/events/<slug>/attendees")
@login_required
def attendees(slug: str) -> str:
    event = owned_event_or_404(slug)
    wanted = RosterFilter(
        query=request.args.get("q", "").strip(),
        status=request.args.get("status", ""),
        sector=request.args.get("sector", ""),
        page=request.args.get("page", 1, type=database_int) or 1,
    )
    db = get_session()
    found = find_attendees(db, event, wanted)
    link_mails = latest_link_mails(db, event, [p.email for p in found.people if p.email])
    return render_template(
        "organiser/attendees.html",
        event=event,
        wanted=wanted,
        found=found,
        link_mails=link_mails,
        not_invited=not_invited_count(db, event),
        export_as_job=found.total > data_jobs.INLINE_EXPORT_ROWS,
    )


@bp.route("/events/<slug>/attendees/import", methods=["GET", "POST"])
@login_required
@validated_by_shapes  # every cell is checked by the record's declaration, reported by line and column
def import_attendees(slug: str) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
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
    if len(data) > data_jobs.INLINE_IMPORT_BYTES:  # too long for one request: a job with progress
        name = upload.filename if upload is not None and upload.filename else ""
        return data_jobs.start_data_job(event, DataJobKind.CHECK, data, name)
    if request.form.get("action") != "import":
        report = attendee_import.check_attendee_csv(db, event, data)
        return render_template(
            "organiser/import.html",
            event=event,
            report=report,
            csv_text=data.decode("utf-8-sig", "replace"),
            say_problem=say_problem,
        )
    try:
        added = attendee_import.import_attendee_csv(db, event, data)
    except attendee_import.ImportRejected as rejected:
        discard_changes()
        return render_template(
            "organiser/import.html",
            event=event,
            report=rejected.report,
            csv_text=data.decode("utf-8-sig", "replace"),
            say_problem=say_problem,
        ), 400
    flash(_("%(count)d attendees imported.", count=len(added)))
    return redirect(url_for("organiser.attendees", slug=event.slug))


@bp.get("/events/<slug>/attendees.csv")
@login_required
def export_attendees(slug: str) -> Response:
    event = owned_event_or_404(slug)
    body = export_file(get_session(), event)  # read in batches: memory doesn't grow with the event
    return Response(
        body,
        mimetype="text/csv",  # werkzeug adds "; charset=utf-8" (given here, it was sent twice)
        headers={"Content-Disposition": f'attachment; filename="{event.slug}-attendees.csv"'},
    )


_LISTS = ("languages", "interests", "intents", "unavailable")


def _edit_values(attendee: Attendee) -> MultiDict[str, str]:
    """The attendee's saved profile as the edit form's values (slots by id, free tags on one line)."""
    values = profile_values(attendee)
    unavailable = sorted(slot.id for slot in attendee.unavailable_slots)
    return values_of(values | {"free_tags": ", ".join(values["free_tags"]), "unavailable": unavailable})


def _edit_input(event: Event, values: MultiDict[str, str]) -> dict[str, object]:
    """The form as :class:`AttendeeEdit`'s input: lists from the checkboxes, slots from ids to codes."""
    code_of = {str(slot.id): slot.code for slot in event.slots}
    data: dict[str, object] = {name: values.get(name, "") for name in TEXT_FIELDS}
    return (
        data
        | {name: values.getlist(name) for name in _LISTS if name != "unavailable"}
        | {
            "unavailable": [code_of[v] for v in values.getlist("unavailable") if v in code_of],
            "free_tags": split_tags(values.get("free_tags", "")),
            "max_meetings": values.get("max_meetings", "").strip() or None,
        }
    )


def _edit_page(
    event: Event, attendee: Attendee, form: Submitted[AttendeeEdit] | None, status: int = 200
) -> ResponseReturnValue:
    state = form or Submitted(_edit_values(attendee))
    return render_template(
        "organiser/attendee_edit.html",
        event=event,
        attendee=attendee,
        form=state,
        countries=country_choices(),
        languages=language_choices(attendee.languages),
        interests=[(i["tag"], interest_label(i["tag"], event.interests)) for i in event.interests],
        intents=[(code, INTENT_LABELS[code]) for code in INTENTS],
    ), status


@bp.route("/events/<slug>/attendees/<int:attendee_id>", methods=["GET", "POST"])
@login_required
@validated_by_shapes
def edit_attendee(slug: str, attendee_id: int) -> ResponseReturnValue:
    event, attendee = owned_attendee_or_404(slug, attendee_id)
    if request.method == "GET":
        return _edit_page(event, attendee, None)
    db = get_session()
    form = check(AttendeeEdit, _edit_input(event, request.form), request.form, shape_context(event))
    if form.shape is not None:
        try:
            attendee_edit.update_attendee(db, attendee, form.shape)
        except attendee_edit.AttendeeEditError as error:
            discard_changes()
            form.refuse(error.field, error.code, error.params)
    if not form.ok:
        return _edit_page(event, attendee, form, 400)
    flash(_("%(name)s saved.", name=attendee.name))
    return redirect(url_for("organiser.attendees", slug=slug))


@bp.post("/events/<slug>/attendees/<int:attendee_id>/remove")
@login_required
def remove_attendee(slug: str, attendee_id: int) -> ResponseReturnValue:
    _event, attendee = owned_attendee_or_404(slug, attendee_id)
    db = get_session()
    name = attendee.name
    attendee_edit.remove_attendee(db, attendee)
    flash(_("%(name)s removed, with their meetings.", name=name))
    return redirect(url_for("organiser.attendees", slug=slug))
