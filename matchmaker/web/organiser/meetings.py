"""Published meetings and the organiser's manual changes: move, swap, lock, cancel, add, held/no-show."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from matchmaker.db.models import Event, Meeting, MeetingStatus, Slot, VenueTable
from matchmaker.services import meetings as service
from matchmaker.web.database import get_session
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import _, event_or_404, form_int, login_required

# Every row carries its own move form (slot and table lists): a page stays light with 100 rows.
PAGE_SIZE = 100


def _meeting_or_404(event: Event, meeting_id: int | None) -> Meeting:
    meeting = get_session().get(Meeting, meeting_id) if meeting_id else None
    if meeting is None or meeting.event_id != event.id:
        abort(404)
    return meeting


def _placement(event: Event) -> service.Placement:
    slot = next((s for s in event.slots if s.id == form_int("slot_id")), None)
    table = next((t for t in event.tables if t.id == form_int("table_id")), None)
    if slot is None or table is None:
        raise service.MeetingConflict([_("choose a slot and a table")])
    return service.Placement(slot, table)


@bp.get("/events/<slug>/meetings")
@login_required
def meetings(slug: str) -> str:
    event = event_or_404(slug)
    db = get_session()
    statement = (
        select(Meeting)
        .where(Meeting.event_id == event.id)
        .options(
            joinedload(Meeting.attendee_a),
            joinedload(Meeting.attendee_b),
            joinedload(Meeting.slot),
            joinedload(Meeting.table),
        )
        .join(Slot, Slot.id == Meeting.slot_id)
        .join(VenueTable, VenueTable.id == Meeting.table_id)
    )
    if not request.args.get("cancelled"):
        statement = statement.where(Meeting.status != MeetingStatus.CANCELLED)
    if slot_id := request.args.get("slot", type=int):
        statement = statement.where(Meeting.slot_id == slot_id)
    if person := request.args.get("attendee", type=int):
        statement = statement.where(or_(Meeting.attendee_a_id == person, Meeting.attendee_b_id == person))
    total = (
        db.scalar(select(func.count()).select_from(statement.with_only_columns(Meeting.id).subquery())) or 0
    )
    page = max(1, request.args.get("page", 1, type=int) or 1)
    ordered = (
        statement.order_by(Slot.start, VenueTable.position).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    )
    rows = list(db.scalars(ordered).unique())
    return render_template(
        "organiser/meetings.html",
        event=event,
        meetings=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        people=sorted(event.attendees, key=lambda a: a.name),
        selected_slot=slot_id,
        selected_person=person,
        reasons=None,
        MeetingStatus=MeetingStatus,
    )


def _conflict_page(event: Event, reasons: list[str]) -> ResponseReturnValue:
    get_session().rollback()
    return render_template(
        "organiser/meetings.html",
        event=event,
        meetings=[],
        total=0,
        page=1,
        pages=1,
        people=sorted(event.attendees, key=lambda a: a.name),
        selected_slot=None,
        selected_person=None,
        reasons=reasons,
        MeetingStatus=MeetingStatus,
    ), 409


@bp.post("/events/<slug>/meetings/<action>")
@login_required
def change_meeting(slug: str, action: str) -> ResponseReturnValue:
    event = event_or_404(slug)
    db = get_session()
    try:
        if action == "add":
            service.add_meeting(
                db, event, form_int("first_id", 0) or 0, form_int("second_id", 0) or 0, _placement(event)
            )
            message = _("Meeting added and locked; both people were told.")
        else:
            meeting = _meeting_or_404(event, form_int("meeting_id"))
            if action == "move":
                service.move_meeting(db, event, meeting, _placement(event))
                message = _("Meeting moved; both people were told.")
            elif action == "swap":
                other = _meeting_or_404(event, form_int("other_id"))
                service.swap_meetings(db, event, meeting, other)
                message = _("Meetings swapped; the four people were told.")
            elif action in ("lock", "unlock"):
                service.set_locked(db, meeting, action == "lock")
                message = _("Meeting locked.") if action == "lock" else _("Meeting unlocked.")
            elif action == "cancel":
                service.cancel_meeting(db, event, meeting)
                message = _("Meeting cancelled; both people were told.")
            elif action in ("held", "no_show", "scheduled"):
                service.mark_outcome(db, meeting, MeetingStatus(action))
                message = _("Meeting marked.")
            else:
                abort(404)
    except service.MeetingConflict as conflict:
        return _conflict_page(event, conflict.reasons)
    db.commit()
    flash(message)
    back = request.form.get("back", "")
    return redirect(back if back.startswith("/organiser/") else url_for("organiser.meetings", slug=slug))
