"""Printables: a sheet per table, an agenda per attendee, badges with the attendee's QR code.

HTML with print CSS (A4, one sheet or agenda per page): any browser prints or saves it as PDF, and
there is no PDF engine to install.
"""

from __future__ import annotations

import segno
from flask import current_app, render_template, request, url_for

from matchmaker.db.models import Attendee, Event, Meeting
from matchmaker.services.checkin import badge_code
from matchmaker.services.meetings import live_meetings
from matchmaker.web.database import get_session
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import login_required, owned_event_or_404


def _live(event: Event) -> list[Meeting]:
    return live_meetings(get_session(), event.id, with_details=True)


def _chosen_attendees(event: Event) -> list[Attendee]:
    ids = set(request.args.getlist("attendee", type=int))
    people = sorted(event.attendees, key=lambda a: a.name)
    return [a for a in people if a.id in ids] if ids else people


@bp.get("/events/<slug>/print/tables")
@login_required
def print_tables(slug: str) -> str:
    event = owned_event_or_404(slug)
    by_table: dict[int, dict[int, Meeting]] = {}
    for meeting in _live(event):
        by_table.setdefault(meeting.table_id, {})[meeting.slot_id] = meeting
    return render_template("organiser/print_tables.html", event=event, by_table=by_table)


@bp.get("/events/<slug>/print/agendas")
@login_required
def print_agendas(slug: str) -> str:
    event = owned_event_or_404(slug)
    by_person: dict[int, list[Meeting]] = {}
    for meeting in _live(event):
        for person in (meeting.attendee_a_id, meeting.attendee_b_id):
            by_person.setdefault(person, []).append(meeting)
    for rows in by_person.values():
        rows.sort(key=lambda m: m.slot.start)
    return render_template(
        "organiser/print_agendas.html", event=event, people=_chosen_attendees(event), by_person=by_person
    )


@bp.get("/events/<slug>/print/badges")
@login_required
def print_badges(slug: str) -> str:
    event = owned_event_or_404(slug)
    secret = str(current_app.config["SECRET_KEY"])
    badges = []
    for attendee in _chosen_attendees(event):
        code = badge_code(secret, attendee)
        # The QR code opens the "we met" page on a partner's phone; check-in reads the code from it.
        scanned = url_for("attendee.badge_scan", code=code, _external=True)
        badges.append((attendee, code, segno.make(scanned, error="m").svg_data_uri(scale=4, border=2)))
    return render_template("organiser/print_badges.html", event=event, badges=badges)
