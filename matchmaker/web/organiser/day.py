"""On the day: check-in by name or badge scan, and the live view of busy tables."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from matchmaker.db.models import Attendee, Event, Slot
from matchmaker.db.types import utcnow
from matchmaker.services import checkin, day_live, day_outcomes
from matchmaker.services.day_settings import DaySettings, DaySettingsError, day_settings_of, save_day_settings
from matchmaker.web.attendee.common import personal_link
from matchmaker.web.database import discard_changes, get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.i18n import lazy_gettext as _l
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import form_int, login_required, owned_event_or_404
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
    # At the desk, a meeting of the moment can be confirmed as held too.
    meeting_now = {person.id: day_outcomes.current_meetings_of(db, person) for person in found}
    return render_template(
        "organiser/checkin.html",
        event=event,
        query=query,
        found=found,
        present=present,
        total=total,
        meeting_now=meeting_now,
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
    elif checkin.check_in(db, attendee, link_for=personal_link):
        message = _("%(name)s checked in.", name=attendee.name)
    else:
        message = _("%(name)s was already checked in.", name=attendee.name)
    flash(message)
    return redirect(url_for("organiser.checkin_page", slug=slug))


def _live_state(slug: str) -> dict[str, object]:
    event = owned_event_or_404(slug)
    now = utcnow()
    db = get_session()
    current, upcoming = checkin.round_at(event, now)
    return {
        "event": event,
        "current": current,
        "views": day_live.live_slots(db, event, now),
        "refills": day_live.refill_rows(db, event),
        "settings": day_settings_of(event),
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
    views = state["views"]
    assert isinstance(views, list)
    slots = [
        {
            "slot": view.slot.code,
            "running": view.running,
            "counts": view.counts,
            "tables": [
                {
                    "table": row.table.name,
                    "state": row.state,
                    "busy": row.meeting is not None,
                    "status": row.meeting.status if row.meeting else None,
                    "present": row.present,
                    "refill": row.refill,
                    "people": (
                        [row.meeting.attendee_a.name, row.meeting.attendee_b.name] if row.meeting else []
                    ),
                }
                for row in view.tables
            ],
        }
        for view in views
    ]
    first = slots[0] if slots else {"slot": None, "running": False, "tables": []}
    # slot, running and tables (the first round shown) as before the next round was shown too.
    return jsonify(
        caption=state["caption"],
        slots=slots,
        slot=first["slot"],
        running=first["running"],
        tables=first["tables"],
    )


def _minutes(name: str, allow_off: bool = False) -> int | None:
    raw = request.form.get(name, "").strip()
    if allow_off and raw in ("", "0"):
        return None
    try:
        return int(raw)
    except ValueError:
        raise DaySettingsError(name) from None


@bp.post("/events/<slug>/live/settings")
@login_required
def save_live_settings(slug: str) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    db = get_session()
    try:
        no_show = _minutes("no_show_minutes")
        offer = _minutes("refill_offer_minutes")
        fan_out = _minutes("refill_fan_out")
        settings = DaySettings(
            no_show_minutes=no_show if no_show is not None else event.no_show_minutes,
            refill_enabled=request.form.get("refill_enabled") == "on",
            refill_offer_minutes=offer if offer is not None else event.refill_offer_minutes,
            refill_fan_out=fan_out if fan_out is not None else event.refill_fan_out,
            reminder_minutes=_minutes("reminder_minutes", allow_off=True)
            if request.form.get("reminders_on") == "on"
            else None,
            digest_time=(request.form.get("digest_time", "").strip() or None)
            if request.form.get("digest_on") == "on"
            else None,
        )
        save_day_settings(db, event, settings)
    except DaySettingsError as problem:
        discard_changes()
        flash(str(_SETTING_PROBLEMS.get(problem.field, _("Check the settings."))), "error")
        return redirect(url_for("organiser.live", slug=slug))
    flash(_("Settings for the day saved."))
    return redirect(url_for("organiser.live", slug=slug))


_SETTING_PROBLEMS = {
    "no_show_minutes": _l("The no-show time must be between 0 and 120 minutes before a meeting."),
    "refill_offer_minutes": _l("An offer must stay open between 1 and 30 minutes."),
    "refill_fan_out": _l("Between 1 and 10 people can be asked at once about a freed slot."),
    "reminder_minutes": _l("Reminders go out between 1 and 720 minutes before a meeting."),
    "digest_time": _l("Give the digest's time as HH:MM, for example 08:00."),
}
