"""The organiser's events: the list, a new event, its overview and its set-up forms."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from matchmaker.db.models import Event, Organiser
from matchmaker.services import event_setup as setup
from matchmaker.services.checkin import checked_in_count
from matchmaker.services.feedback_figures import feedback_figures
from matchmaker.services.kiosk import issue_kiosk_token, kiosk_tokens, revoke_kiosk_token
from matchmaker.services.meetings import live_meeting_count
from matchmaker.services.organisers import attendee_counts, events_of
from matchmaker.services.outbox import mail_counts
from matchmaker.services.scheduling import runs_of
from matchmaker.shapes.event import EventDetails, Label, RequestRules, SlotPlan, TablePlan
from matchmaker.shapes.text import INTERFACE_LANGUAGES, time_zones
from matchmaker.web.attendee.labels import language_name
from matchmaker.web.database import discard_changes, get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import validated_by_shapes
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import (
    current_organiser_id,
    form_int,
    login_required,
    owned_event_or_404,
)
from matchmaker.web.organiser.formatting import word
from matchmaker.web.organiser.forms import Submitted, check, values_of


def _codes(values: MultiDict[str, str], name: str) -> list[str]:
    """Ticked checkboxes (or codes typed as "en, pl")."""
    return [code for value in values.getlist(name) for code in re.split(r"[\s,;]+", value) if code]


def _details_input(values: MultiDict[str, str]) -> dict[str, Any]:
    texts = ("name", "venue", "timezone", "description")
    data: dict[str, Any] = {name: values.get(name, "") for name in texts}
    return data | {
        "start_date": values.get("start_date", "").strip() or None,
        "end_date": values.get("end_date", "").strip() or None,
        "languages": _codes(values, "languages"),
    }


def _details_values(event: Event) -> MultiDict[str, str]:
    return values_of(
        {
            "name": event.name,
            "venue": event.venue,
            "start_date": event.start_date.isoformat(),
            "end_date": event.end_date.isoformat(),
            "timezone": event.timezone,
            "languages": event.languages,
            "description": event.description,
        }
    )


def _choices() -> dict[str, Any]:
    """What the details form offers: time zones and the product's languages, named in the UI language."""
    return {
        "time_zones": [(zone, zone.replace("_", " ")) for zone in time_zones()],
        "event_languages": [(code, language_name(code)) for code in INTERFACE_LANGUAGES],
    }


@bp.get("/")
@login_required
def dashboard() -> str:
    db = get_session()
    organiser_id = current_organiser_id()
    assert organiser_id is not None
    events = events_of(db, organiser_id)
    counts = attendee_counts(db, events)
    return render_template(
        "organiser/dashboard.html",
        events=events,
        counts=counts,
        organiser=db.get(Organiser, organiser_id),
        mail_counts=mail_counts(db, [e.id for e in events]),
    )


@bp.route("/events/new", methods=["GET", "POST"])
@login_required
@validated_by_shapes
def new_event() -> ResponseReturnValue:
    if request.method == "GET":
        defaults = values_of({"timezone": "Europe/Warsaw", "languages": ["en"]})
        return render_template("organiser/event_new.html", form=Submitted(defaults), **_choices())
    form = check(EventDetails, _details_input(request.form), request.form)
    if form.shape is None:
        return render_template("organiser/event_new.html", form=form, **_choices()), 400
    db = get_session()
    organiser = db.get_one(Organiser, current_organiser_id())
    event = setup.create_event(db, organiser, form.shape)
    flash(_("Event created. Next: generate the slots and tables."))
    return redirect(url_for("organiser.event_setup", slug=event.slug))


@bp.get("/events/<slug>")
@login_required
def event_overview(slug: str) -> str:
    event = owned_event_or_404(slug)
    db = get_session()
    present, total = checked_in_count(db, event)
    live = live_meeting_count(db, event.id)
    last_run = next(iter(runs_of(db, event, limit=1)), None)
    return render_template(
        "organiser/event.html",
        event=event,
        present=present,
        total=total,
        live=live,
        last_run=last_run,
        feedback=feedback_figures(db, event),
    )


def _setup_forms(event: Event) -> dict[str, Submitted[Any]]:
    """Every set-up form with the event's saved values (the slot plan as it was last entered)."""
    plan = setup.saved_slot_plan(event)
    return {
        "details": Submitted(_details_values(event)),
        "slots": Submitted(
            values_of(
                {
                    "day_start": f"{plan.day_start:%H:%M}",
                    "day_end": f"{plan.day_end:%H:%M}",
                    "meeting_minutes": plan.meeting_minutes,
                    "changeover_minutes": plan.changeover_minutes,
                    "breaks": ", ".join(f"{b.start:%H:%M}-{b.end:%H:%M}" for b in plan.breaks),
                }
            )
        ),
        "tables": Submitted(
            values_of(
                {
                    "count": len(event.tables) or 20,
                    "naming": setup.table_naming(event),
                    "zones": setup.format_zones(event),
                }
            )
        ),
        "rules": Submitted(
            values_of({"request_cap": event.request_cap, "request_expiry_hours": event.request_expiry_hours})
        ),
        "interests": Submitted(values_of({"interests": setup.format_interests(event)})),
        "slot": Submitted(values_of({})),
        "kiosk": Submitted(values_of({"label": ""})),
    }


def _setup_page(
    event: Event,
    failed: dict[str, Submitted[Any]] | None = None,
    error: str | None = None,
    new_kiosk_token: str | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """The set-up page; a form that failed shows what was typed and its problems, the others what is
    saved. ``error`` is a refusal that belongs to no single field (meetings already use the slots)."""
    forms = _setup_forms(event) | (failed or {})
    return render_template(
        "organiser/setup.html",
        event=event,
        forms=forms,
        kiosks=kiosk_tokens(get_session(), event),
        new_kiosk_token=new_kiosk_token,
        error=error,
        **_choices(),
    ), status


@bp.get("/events/<slug>/setup")
@login_required
def event_setup(slug: str) -> ResponseReturnValue:
    return _setup_page(owned_event_or_404(slug))


def _parse_time(raw: str, label: str) -> time:
    try:
        return time.fromisoformat(raw.strip())
    except ValueError:
        raise setup.SetupError(_("%(field)s: use HH:MM", field=label)) from None


def _save_details(db: Session, event: Event, form: MultiDict[str, str]) -> str | Submitted[Any]:
    checked = check(EventDetails, _details_input(form), form)
    if checked.shape is None:
        return checked
    setup.update_details(db, event, checked.shape)
    return _("Details saved.")


def _save_slots(db: Session, event: Event, form: MultiDict[str, str]) -> str | Submitted[Any]:
    data = {name: form.get(name, "") for name in ("day_start", "day_end", "breaks")} | {
        "meeting_minutes": form.get("meeting_minutes", "").strip() or None,
        "changeover_minutes": form.get("changeover_minutes", "").strip() or 0,
    }
    checked = check(SlotPlan, data, form)
    if checked.shape is None:
        return checked
    slots = setup.generate_slots(db, event, checked.shape)
    return _("%(count)d slots generated.", count=len(slots))


def _save_slot(db: Session, event: Event, form: MultiDict[str, str]) -> str | Submitted[Any]:
    slot_id = form_int("slot_id", 0) or 0
    if form.get("delete"):
        setup.delete_slot(db, event, slot_id)
        return _("Slot removed.")
    try:
        day = date.fromisoformat(form.get("day", ""))
    except ValueError:
        raise setup.SetupError(_("%(field)s: use the date picker (YYYY-MM-DD)", field=_("day"))) from None
    start = datetime.combine(day, _parse_time(form.get("start", ""), _("start")), event.zone)
    end = datetime.combine(day, _parse_time(form.get("end", ""), _("end")), event.zone)
    setup.edit_slot(db, event, slot_id, start, end)
    return _("Slot changed.")


def _save_tables(db: Session, event: Event, form: MultiDict[str, str]) -> str | Submitted[Any]:
    data = {
        "count": form.get("count", "").strip() or None,
        "naming": form.get("naming", ""),
        "zones": form.get("zones", ""),
    }
    checked = check(TablePlan, data, form)
    if checked.shape is None:
        return checked
    tables = setup.set_tables(db, event, checked.shape)
    return _("%(count)d tables set.", count=len(tables))


def _save_interests(db: Session, event: Event, form: MultiDict[str, str]) -> str | Submitted[Any]:
    setup.set_interests(db, event, form.get("interests", ""))
    return _("Interests saved.")


def _save_rules(db: Session, event: Event, form: MultiDict[str, str]) -> str | Submitted[Any]:
    data = {
        "request_cap": form.get("request_cap", "").strip() or None,
        "request_expiry_hours": form.get("request_expiry_hours", "").strip() or None,
        "requests_before_schedule": form.get("requests_before_schedule") == "on",
    }
    checked = check(RequestRules, data, form)
    if checked.shape is None:
        return checked
    setup.set_request_rules(db, event, checked.shape)
    return _("Request rules saved.")


_SETUP_PARTS: dict[str, Callable[[Session, Event, MultiDict[str, str]], str | Submitted[Any]]] = {
    "details": _save_details,
    "slots": _save_slots,
    "slot": _save_slot,
    "tables": _save_tables,
    "interests": _save_interests,
    "rules": _save_rules,
}


@bp.post("/events/<slug>/setup/<part>")
@login_required
@validated_by_shapes
def save_setup(slug: str, part: str) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    save = _SETUP_PARTS.get(part)
    if save is None:
        abort(404)
    db = get_session()
    try:
        outcome = save(db, event, request.form)
    except setup.SetupError as exc:
        discard_changes()
        if exc.field:  # beside the field, with what was typed kept
            refused: Submitted[Any] = Submitted(request.form.copy(), None, {exc.field: [word(exc)]})
            return _setup_page(owned_event_or_404(slug), {part: refused}, status=400)
        return _setup_page(owned_event_or_404(slug), error=word(exc), status=400)
    if isinstance(outcome, Submitted):
        discard_changes()
        return _setup_page(owned_event_or_404(slug), {part: outcome}, status=400)
    flash(outcome)
    return redirect(url_for("organiser.event_setup", slug=event.slug) + f"#{part}")


@bp.post("/events/<slug>/kiosks")
@login_required
@validated_by_shapes
def add_kiosk(slug: str) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    form = check(Label, {"label": request.form.get("label", "")}, request.form)
    if form.shape is None:
        return _setup_page(event, {"kiosk": form}, status=400)
    db = get_session()
    token = issue_kiosk_token(db, event, form.shape.label)
    # The secret is shown once, now; only its hash is kept.
    link = url_for("kiosk.board", slug=event.slug, token=token, _external=True)
    return _setup_page(event, new_kiosk_token=link)


@bp.post("/events/<slug>/kiosks/<int:token_id>/revoke")
@login_required
def revoke_kiosk(slug: str, token_id: int) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    db = get_session()
    revoke_kiosk_token(db, event, token_id)
    flash(_("Kiosk link revoked: that screen stops updating within a minute."))
    return redirect(url_for("organiser.event_setup", slug=event.slug) + "#kiosks")
