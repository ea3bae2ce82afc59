"""Published meetings and the organiser's manual changes: move, swap, lock, cancel, add, held/no-show.

The list stays light on a phone and with a full schedule: a row carries its quick buttons (which share
one form), while moving and swapping happen on the meeting's own page, where the other meeting is
chosen from a list instead of typed as a number.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from matchmaker.db.models import Event, MeetingStatus
from matchmaker.services import meetings as service
from matchmaker.services.notices import Notice
from matchmaker.web.attendee.common import personal_link
from matchmaker.web.database import discard_changes, get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import database_int, safe_local_path
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import form_int, login_required, owned_event_or_404
from matchmaker.web.organiser.formatting import word


def _placement(event: Event) -> service.Placement:
    slot = next((s for s in event.slots if s.id == form_int("slot_id")), None)
    table = next((t for t in event.tables if t.id == form_int("table_id")), None)
    if slot is None or table is None:
        raise service.MeetingConflict([service.NO_PLACE()])
    return service.Placement(slot, table)


@bp.get("/events/<slug>/meetings")
@login_required
def meetings(slug: str) -> str:
    event = owned_event_or_404(slug)
    db = get_session()
    wanted = service.MeetingFilter(
        slot_id=request.args.get("slot", type=database_int),
        attendee_id=request.args.get("attendee", type=database_int),
        query=request.args.get("q", "").strip()[:100],
        cancelled=bool(request.args.get("cancelled")),
        page=request.args.get("page", 1, type=database_int) or 1,
    )
    found = service.find_meetings(db, event, wanted)
    person = (
        next((a for a in event.attendees if a.id == wanted.attendee_id), None) if wanted.attendee_id else None
    )
    return render_template("organiser/meetings.html", event=event, found=found, wanted=wanted, person=person)


@bp.get("/events/<slug>/meetings/<int:meeting_id>")
@login_required
def meeting_page(slug: str, meeting_id: int) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    db = get_session()
    try:
        meeting = service.meeting_of(db, event, meeting_id)
    except service.MeetingConflict as unknown:
        return _conflict_page(event, unknown.notices, status=404)
    swap_slot = request.args.get("swap_slot", type=database_int) or meeting.slot_id
    return render_template(
        "organiser/meeting.html",
        event=event,
        meeting=meeting,
        swap_slot=swap_slot,
        candidates=service.swap_candidates(db, event, meeting, swap_slot),
    )


@bp.get("/events/<slug>/meetings/new")
@login_required
def new_meeting(slug: str) -> str:
    event = owned_event_or_404(slug)
    return render_template(
        "organiser/meeting_new.html",
        event=event,
        people=sorted(event.attendees, key=lambda a: (a.name.casefold(), a.id)),
    )


def _conflict_page(
    event: Event, notices: list[Notice], status: int = 409, meeting_id: int | None = None
) -> ResponseReturnValue:
    discard_changes()
    return render_template(
        "organiser/meeting_conflict.html",
        event=event,
        reasons=[word(notice) for notice in notices],
        meeting_id=meeting_id,
    ), status


@bp.post("/events/<slug>/meetings/<action>")
@login_required
def change_meeting(slug: str, action: str) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    db = get_session()
    meeting_id = form_int("meeting_id")
    try:
        if action == "add":
            service.add_meeting(
                db,
                event,
                form_int("first_id", 0) or 0,
                form_int("second_id", 0) or 0,
                _placement(event),
                personal_link,
            )
            message = _("Meeting added and locked; both people were told.")
        else:
            meeting = service.meeting_of(db, event, meeting_id)
            if action == "move":
                service.move_meeting(db, event, meeting, _placement(event), personal_link)
                message = _("Meeting moved; both people were told.")
            elif action == "swap":
                other = service.meeting_of(db, event, form_int("other_id"))
                service.swap_meetings(db, event, meeting, other, personal_link)
                message = _("Meetings swapped; the four people were told.")
            elif action in ("lock", "unlock"):
                service.set_locked(db, meeting, action == "lock")
                message = _("Meeting locked.") if action == "lock" else _("Meeting unlocked.")
            elif action == "cancel":
                service.cancel_meeting(db, event, meeting, personal_link)
                message = _("Meeting cancelled; both people were told.")
            elif action in ("held", "no_show", "scheduled"):
                service.mark_outcome(db, meeting, MeetingStatus(action), personal_link)
                message = _("Meeting marked.")
            else:
                flash(_("Unknown change: %(action)s.", action=action[:40]), "error")
                return redirect(url_for("organiser.meetings", slug=slug))
    except service.MeetingConflict as conflict:
        unknown = [n.params.get("id") for n in conflict.notices if n.code == service.UNKNOWN_MEETING.code]
        # Back to the meeting's page when it exists; an unknown number is a 404, said in words.
        back_to = None if action == "add" or meeting_id in unknown or not meeting_id else meeting_id
        return _conflict_page(event, conflict.notices, status=404 if unknown else 409, meeting_id=back_to)
    flash(message)
    back = request.form.get("back", "")
    return redirect(safe_local_path(back, "/organiser/") or url_for("organiser.meetings", slug=slug))
