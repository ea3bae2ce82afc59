"""The calendar subscription: the page with its address, replacing the address, and the feed itself."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from flask import Response, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from matchmaker.db.models import Attendee
from matchmaker.services.agenda import agenda_calendar
from matchmaker.services.calendar_links import (
    calendar_token,
    current_calendar_token,
    find_attendee_by_calendar_token,
    replace_calendar_token,
)
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.common import private, with_attendee
from matchmaker.web.attendee.forms import ActionForm
from matchmaker.web.database import get_session
from matchmaker.web.i18n import gettext as _


def _secret_key() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.get("/me/<token>/calendar")
@with_attendee
def calendar_page(attendee: Attendee) -> str:
    token = current_calendar_token(attendee, _secret_key())
    if token is None:  # none yet, or the secret key changed: the page offers to make one (a POST)
        return render_template(
            "attendee/calendar.html", attendee=attendee, event=attendee.event, feed=None, action=ActionForm()
        )
    feed = url_for("attendee.calendar_feed", token=token, _external=True)
    webcal = "webcal://" + feed.split("://", 1)[1]
    return render_template(
        "attendee/calendar.html",
        attendee=attendee,
        event=attendee.event,
        feed=feed,
        webcal=webcal,
        google=f"https://calendar.google.com/calendar/r?cid={quote(webcal)}",
        action=ActionForm(),
    )


@bp.post("/me/<token>/calendar/address")
@with_attendee
def make_calendar_address(attendee: Attendee) -> WerkzeugResponse:
    if ActionForm().validate_on_submit():
        calendar_token(get_session(), attendee, _secret_key())
    else:
        flash(_("The form had expired. Please try again."), "error")
    return redirect(url_for("attendee.calendar_page", token=g.token))


@bp.post("/me/<token>/calendar/replace")
@with_attendee
def replace_calendar(attendee: Attendee) -> WerkzeugResponse:
    if ActionForm().validate_on_submit():
        replace_calendar_token(get_session(), attendee, _secret_key())
        flash(
            _("Your calendar has a new address. Subscribe again with it: the old one no longer works."),
            "success",
        )
    else:
        flash(_("The form had expired. Please try again."), "error")
    return redirect(url_for("attendee.calendar_page", token=g.token))


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str) -> Response:
    """The subscription feed: a wrong or replaced address is a plain 404 (calendar apps show no page)."""
    session = get_session()
    attendee = find_attendee_by_calendar_token(session, token)
    if attendee is None:
        return private(Response("Unknown calendar address\n", status=404, mimetype="text/plain"))
    domain = urlsplit(request.host_url).hostname or "matchmaker"
    body = agenda_calendar(session, attendee, domain, subscription=True)
    response = private(Response(body, mimetype="text/calendar"))
    response.headers["Content-Disposition"] = f'inline; filename="{attendee.event.slug}-meetings.ics"'
    return response
