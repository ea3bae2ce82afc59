"""My data: download everything held about me, or delete my profile."""

from __future__ import annotations

import json

from flask import Response, g, render_template, request

from matchmaker.db.models import Attendee
from matchmaker.services.privacy import delete_attendee, export_data
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.common import private, with_attendee
from matchmaker.web.attendee.forms import DeleteForm
from matchmaker.web.database import get_session
from matchmaker.web.i18n import gettext as _


@bp.route("/me/<token>/data", methods=["GET", "POST"])
@with_attendee
def my_data(attendee: Attendee) -> str | Response | tuple[str, int]:
    form = DeleteForm()
    if request.method == "POST" and form.validate_on_submit():
        session = get_session()
        event = attendee.event
        told = delete_attendee(session, attendee)
        g.pop("attendee", None)
        return render_template("attendee/deleted.html", event=event, told=told)
    status = 422 if request.method == "POST" else 200
    return render_template(
        "attendee/my_data.html", attendee=attendee, event=attendee.event, form=form, title=_("My data")
    ), status


@bp.get("/me/<token>/data.json")
@with_attendee
def my_data_json(attendee: Attendee) -> Response:
    document = json.dumps(export_data(get_session(), attendee), ensure_ascii=False, indent=2)
    response = private(Response(document, mimetype="application/json"))
    response.headers["Content-Disposition"] = f'attachment; filename="my-data-{attendee.event.slug}.json"'
    return response
