"""The organiser's events: the list, a new event, its overview and its set-up forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from matchmaker.db.models import Attendee, Event, Meeting, MeetingStatus, Organiser, ScheduleRun
from matchmaker.services import event_setup as setup
from matchmaker.services.checkin import checked_in_count
from matchmaker.services.feedback_figures import feedback_figures
from matchmaker.services.kiosk import issue_kiosk_token, kiosk_tokens, revoke_kiosk_token
from matchmaker.services.organisers import events_of
from matchmaker.web.database import get_session
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import _, current_organiser_id, event_or_404, form_int, login_required


def _details_from_form() -> setup.EventDetails:
    form = request.form
    try:
        start = date.fromisoformat(form.get("start_date", ""))
        end = date.fromisoformat(form.get("end_date", "") or form.get("start_date", ""))
    except ValueError:
        raise setup.SetupError(_("dates: use the date picker (YYYY-MM-DD)")) from None
    languages = tuple(
        code.strip().lower()
        for code in form.get("languages", "en").replace(";", ",").split(",")
        if code.strip()
    )
    return setup.EventDetails(
        name=form.get("name", ""),
        venue=form.get("venue", ""),
        timezone=form.get("timezone", "").strip(),
        start_date=start,
        end_date=end,
        languages=languages,
        description=form.get("description", ""),
    )


@bp.get("/")
@login_required
def dashboard() -> str:
    db = get_session()
    organiser_id = current_organiser_id()
    assert organiser_id is not None
    events = events_of(db, organiser_id)
    counts = {
        event_id: count
        for event_id, count in db.execute(
            select(Attendee.event_id, func.count())
            .where(Attendee.event_id.in_([e.id for e in events]))
            .group_by(Attendee.event_id)
        )
    }
    return render_template(
        "organiser/dashboard.html", events=events, counts=counts, organiser=db.get(Organiser, organiser_id)
    )


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
def new_event() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template(
            "organiser/event_new.html", form={"timezone": "Europe/Warsaw", "languages": "en"}
        )
    db = get_session()
    try:
        organiser = db.get_one(Organiser, current_organiser_id())
        event = setup.create_event(db, organiser, _details_from_form())
    except setup.SetupError as exc:
        return render_template("organiser/event_new.html", form=request.form, error=str(exc)), 400
    db.commit()
    flash(_("Event created. Next: generate the slots and tables."))
    return redirect(url_for("organiser.event_setup", slug=event.slug))


@bp.get("/events/<slug>")
@login_required
def event_overview(slug: str) -> str:
    event = event_or_404(slug)
    db = get_session()
    present, total = checked_in_count(db, event)
    live = (
        db.scalar(
            select(func.count())
            .select_from(Meeting)
            .where(Meeting.event_id == event.id, Meeting.status != MeetingStatus.CANCELLED)
        )
        or 0
    )
    last_run = db.scalar(
        select(ScheduleRun).where(ScheduleRun.event_id == event.id).order_by(ScheduleRun.id.desc())
    )
    return render_template(
        "organiser/event.html", event=event, present=present, total=total, live=live, last_run=last_run,
        feedback=feedback_figures(db, event),
    )


@bp.get("/events/<slug>/setup")
@login_required
def event_setup(slug: str) -> str:
    event = event_or_404(slug)
    return render_template(
        "organiser/setup.html",
        event=event,
        interests_text=setup.format_interests(event),
        kiosks=kiosk_tokens(get_session(), event),
        new_kiosk_token=None,
        error=None,
    )


def _setup_error(slug: str, message: str) -> ResponseReturnValue:
    event = event_or_404(slug)
    get_session().rollback()
    return render_template(
        "organiser/setup.html",
        event=event,
        interests_text=setup.format_interests(event),
        kiosks=kiosk_tokens(get_session(), event),
        new_kiosk_token=None,
        error=message,
    ), 400


def _int_or(value: int | None, default: int) -> int:
    return default if value is None else value


def _parse_time(raw: str, label: str) -> time:
    try:
        return time.fromisoformat(raw.strip())
    except ValueError:
        raise setup.SetupError(_("%(field)s: use HH:MM", field=label)) from None


def _parse_breaks(text: str) -> tuple[tuple[time, time], ...]:
    breaks = []
    for part in filter(None, (p.strip() for p in text.replace("\n", ",").split(","))):
        start, _sep, end = part.partition("-")
        breaks.append((_parse_time(start, _("breaks")), _parse_time(end, _("breaks"))))
    return tuple(breaks)


def _save_details(db: Session, event: Event, form: MultiDict[str, str]) -> str:
    setup.update_details(db, event, _details_from_form())
    return _("Details saved.")


def _save_slots(db: Session, event: Event, form: MultiDict[str, str]) -> str:
    plan = setup.SlotPlan(
        day_start=_parse_time(form.get("day_start", ""), _("day start")),
        day_end=_parse_time(form.get("day_end", ""), _("day end")),
        meeting_minutes=form_int("meeting_minutes", 0) or 0,
        changeover_minutes=form_int("changeover_minutes", 0) or 0,
        breaks=_parse_breaks(form.get("breaks", "")),
    )
    slots = setup.generate_slots(db, event, plan)
    return _("%(count)d slots generated.", count=len(slots))


def _save_slot(db: Session, event: Event, form: MultiDict[str, str]) -> str:
    slot_id = form_int("slot_id", 0) or 0
    if form.get("delete"):
        setup.delete_slot(db, event, slot_id)
        return _("Slot removed.")
    day = date.fromisoformat(form.get("day", ""))
    start = datetime.combine(day, _parse_time(form.get("start", ""), _("start")), event.zone)
    end = datetime.combine(day, _parse_time(form.get("end", ""), _("end")), event.zone)
    setup.edit_slot(db, event, slot_id, start, end)
    return _("Slot changed.")


def _save_tables(db: Session, event: Event, form: MultiDict[str, str]) -> str:
    count = form_int("count", 0) or 0
    tables = setup.set_tables(db, event, count, form.get("naming", "Table {n}"), form.get("zones", ""))
    return _("%(count)d tables set.", count=len(tables))


def _save_interests(db: Session, event: Event, form: MultiDict[str, str]) -> str:
    setup.set_interests(db, event, form.get("interests", ""))
    return _("Interests saved.")


def _save_rules(db: Session, event: Event, form: MultiDict[str, str]) -> str:
    rules = setup.RequestRules(
        # An empty or non-numeric cap becomes -1, which the service rejects with a message.
        request_cap=_int_or(form_int("request_cap"), -1),
        request_expiry_hours=form_int("request_expiry_hours", 0) or 0,
        requests_before_schedule=form.get("requests_before_schedule") == "on",
    )
    setup.set_request_rules(db, event, rules)
    return _("Request rules saved.")


_SETUP_PARTS: dict[str, Callable[[Session, Event, MultiDict[str, str]], str]] = {
    "details": _save_details,
    "slots": _save_slots,
    "slot": _save_slot,
    "tables": _save_tables,
    "interests": _save_interests,
    "rules": _save_rules,
}


@bp.post("/events/<slug>/setup/<part>")
@login_required
def save_setup(slug: str, part: str) -> ResponseReturnValue:
    event = event_or_404(slug)
    save = _SETUP_PARTS.get(part)
    if save is None:
        abort(404)
    db = get_session()
    try:
        message = save(db, event, request.form)
    except (setup.SetupError, ValueError) as exc:
        return _setup_error(slug, str(exc))
    db.commit()
    flash(message)
    return redirect(url_for("organiser.event_setup", slug=event.slug) + f"#{part}")


@bp.post("/events/<slug>/kiosks")
@login_required
def add_kiosk(slug: str) -> ResponseReturnValue:
    event = event_or_404(slug)
    db = get_session()
    token = issue_kiosk_token(db, event, request.form.get("label", ""))
    db.commit()
    # The secret is shown once, now; only its hash is kept.
    link = url_for("kiosk.board", slug=event.slug, token=token, _external=True)
    return render_template(
        "organiser/setup.html",
        event=event,
        interests_text=setup.format_interests(event),
        kiosks=kiosk_tokens(db, event),
        new_kiosk_token=link,
        error=None,
    )


@bp.post("/events/<slug>/kiosks/<int:token_id>/revoke")
@login_required
def revoke_kiosk(slug: str, token_id: int) -> ResponseReturnValue:
    event = event_or_404(slug)
    db = get_session()
    revoke_kiosk_token(db, event, token_id)
    db.commit()
    flash(_("Kiosk link revoked: that screen stops updating within a minute."))
    return redirect(url_for("organiser.event_setup", slug=event.slug) + "#kiosks")
