"""On the day: check-in by name or badge scan, and the live view of busy tables."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from matchmaker.db.models import Attendee, Event, Slot
from matchmaker.db.types import utcnow
from matchmaker.services import checkin
from matchmaker.web.database import get_session
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import _, form_int, login_required, owned_event_or_404
from matchmaker.web.organiser.formatting import clock, day_time


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.get("/events/<slug>/checkin")
@login_required
def checkin_page(slug: str) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    db = get_session()
    query = request.args.get("q", "").strip()
    found: list[Attendee] = []
    if query:
        badge = checkin.attendee_from_badge(db, event, _secret(), query)
        found = [badge] if badge is not None else checkin.search_attendees(db, event, query)
    present, total = checkin.checked_in_count(db, event)
    return render_template(
        "organiser/checkin.html", event=event, query=query, found=found, present=present, total=total
    )


@bp.post("/events/<slug>/checkin")
@login_required
def check_in(slug: str) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    db = get_session()
    attendee = db.get(Attendee, form_int("attendee_id", 0) or 0)
    if attendee is None or attendee.event_id != event.id:
        abort(404)
    if request.form.get("undo"):
        checkin.undo_check_in(db, attendee)
        message = _("%(name)s is no longer checked in.", name=attendee.name)
    elif checkin.check_in(db, attendee):
        message = _("%(name)s checked in.", name=attendee.name)
    else:
        message = _("%(name)s was already checked in.", name=attendee.name)
    db.commit()
    flash(message)
    return redirect(url_for("organiser.checkin_page", slug=slug))


def _live_state(slug: str) -> dict[str, object]:
    event = owned_event_or_404(slug)
    now = utcnow()
    current, upcoming = checkin.round_at(event, now)
    shown = current or upcoming
    rows = checkin.live_tables(get_session(), event, shown)
    return {
        "event": event,
        "current": current,
        "shown": shown,
        "rows": rows,
        "caption": _live_caption(event, current, upcoming),
    }


def _live_caption(event: Event, current: Slot | None, upcoming: Slot | None) -> str:
    if current is not None:
        return _(
            "Round %(code)s is running (%(start)s–%(end)s).",
            code=current.code,
            start=clock(current.start, event),
            end=clock(current.end, event),
        )
    if upcoming is not None:
        return _(
            "Between rounds. Next: %(code)s at %(start)s.",
            code=upcoming.code,
            start=day_time(upcoming.start, event),
        )
    return _("No more rounds.")


@bp.get("/events/<slug>/live")
@login_required
def live(slug: str) -> str:
    return render_template("organiser/live.html", **_live_state(slug))


@bp.get("/events/<slug>/live.json")
@login_required
def live_json(slug: str) -> ResponseReturnValue:
    state = _live_state(slug)
    shown = state["shown"]
    rows = state["rows"]
    assert isinstance(rows, list)
    return jsonify(
        slot=getattr(shown, "code", None),
        running=state["current"] is not None,
        caption=state["caption"],
        tables=[
            {
                "table": row.table.name,
                "busy": row.meeting is not None,
                "present": row.present,
                "status": row.meeting.status if row.meeting else None,
                "people": [row.meeting.attendee_a.name, row.meeting.attendee_b.name] if row.meeting else [],
            }
            for row in rows
        ],
    )
