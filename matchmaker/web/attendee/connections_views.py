"""My connections: the people I met where we both asked to follow up, with their contact cards."""

from __future__ import annotations

import uuid
from urllib.parse import urlsplit

from flask import Response, abort, render_template, request

from matchmaker.db.models import Attendee
from matchmaker.formats.spreadsheet_csv import spreadsheet_csv
from matchmaker.formats.vcard import ContactCard, write_vcards
from matchmaker.services.connections import Connection, connection_with, connections_of
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.common import with_attendee
from matchmaker.web.attendee.formatting import venue_datetime
from matchmaker.web.database import get_session
from matchmaker.web.i18n import gettext as _


def _card(attendee: Attendee, connection: Connection) -> ContactCard:
    event = attendee.event
    # The same partner at the same event (and server) is the same contact on every export.
    host = urlsplit(request.host_url).hostname or "matchmaker"
    uid = uuid.uuid5(
        uuid.NAMESPACE_URL, f"https://{host}/events/{event.id}/attendees/{connection.partner_id}"
    )
    note = _(
        "We met at %(event)s on %(when)s.",
        event=event.name,
        when=venue_datetime(connection.met_at, event, "medium"),
    )
    return ContactCard(
        uid=f"urn:uuid:{uid}",
        name=connection.name,
        company=connection.company,
        job_title=connection.job_title,
        email=connection.email,
        note=note,
    )


def _download(body: str, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/me/<token>/connections")
@with_attendee
def connections(attendee: Attendee) -> str:
    return render_template(
        "attendee/connections.html",
        attendee=attendee,
        event=attendee.event,
        connections=connections_of(get_session(), attendee),
    )


@bp.get("/me/<token>/connections.vcf")
@with_attendee
def connections_vcf(attendee: Attendee) -> Response:
    cards = [_card(attendee, c) for c in connections_of(get_session(), attendee)]
    return _download(write_vcards(cards), "text/vcard", f"{attendee.event.slug}-contacts.vcf")


@bp.get("/me/<token>/connections/<int:partner_id>.vcf")
@with_attendee
def connection_vcf(attendee: Attendee, partner_id: int) -> Response:
    connection = connection_with(get_session(), attendee, partner_id)
    if connection is None:
        abort(404)  # not connected (or not any more): the card is not theirs to have
    return _download(write_vcards([_card(attendee, connection)]), "text/vcard", f"contact-{partner_id}.vcf")


@bp.get("/me/<token>/connections.csv")
@with_attendee
def connections_csv(attendee: Attendee) -> Response:
    event = attendee.event
    header = [_("Name"), _("Company"), _("Job title"), _("E-mail"), _("Met on"), _("Event")]
    rows = [
        (c.name, c.company, c.job_title, c.email or "", venue_datetime(c.met_at, event, "short"), event.name)
        for c in connections_of(get_session(), attendee)
    ]
    return _download(spreadsheet_csv(header, rows), "text/csv", f"{event.slug}-contacts.csv")
