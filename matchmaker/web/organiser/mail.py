"""Reaching attendees: the event's outbox (search, status, resend), invitations, links sent again."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from matchmaker.db.models import MailStatus
from matchmaker.services import invitations, outbox
from matchmaker.services.tokens import current_token
from matchmaker.web.attendee.common import personal_link
from matchmaker.web.database import discard_changes, get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import database_int
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import login_required, owned_attendee_or_404, owned_event_or_404
from matchmaker.web.organiser.formatting import word


@bp.get("/events/<slug>/mail")
@login_required
def outbox_page(slug: str) -> str:
    event = owned_event_or_404(slug)
    wanted = outbox.OutboxFilter(
        query=request.args.get("q", "").strip()[:200],
        status=request.args.get("status", ""),
        page=request.args.get("page", 1, type=database_int) or 1,
    )
    found = outbox.find_mails(get_session(), event, wanted)
    return render_template(
        "organiser/outbox.html",
        event=event,
        wanted=wanted,
        found=found,
        statuses=list(MailStatus),
        not_invited=invitations.not_invited_count(get_session(), event),
    )


@bp.get("/events/<slug>/mail/<int:mail_id>")
@login_required
def mail_page(slug: str, mail_id: int) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    mail = outbox.mail_of(get_session(), event, mail_id)
    if mail is None:
        flash(word(invitations.MAIL_UNKNOWN(id=mail_id)), "error")
        return redirect(url_for("organiser.outbox_page", slug=slug))
    return render_template(
        "organiser/mail.html",
        event=event,
        mail=mail,
        recipient=outbox.recipient_of(get_session(), event, mail),
    )


@bp.post("/events/<slug>/mail/<int:mail_id>/resend")
@login_required
def resend_mail(slug: str, mail_id: int) -> ResponseReturnValue:
    event = owned_event_or_404(slug)
    db = get_session()
    try:
        copy = invitations.resend(db, event, mail_id, personal_link)
    except invitations.InvitationError as refused:
        discard_changes()
        flash(word(refused), "error")
        return redirect(url_for("organiser.outbox_page", slug=slug))
    flash(_("Sent again to %(address)s (mail #%(id)d).", address=copy.to_address, id=copy.id))
    return redirect(url_for("organiser.mail_page", slug=slug, mail_id=copy.id))


@bp.post("/events/<slug>/invitations")
@login_required
def invite(slug: str) -> ResponseReturnValue:
    """Invite the selected attendees, or (scope=all) everyone not yet invited."""
    event = owned_event_or_404(slug)
    db = get_session()
    chosen = (
        None if request.form.get("scope") == "all" else request.form.getlist("attendee_id", type=database_int)
    )
    back = request.form.get("back", "")
    back = (
        back
        if back.startswith("/organiser/") and "\n" not in back
        else url_for("organiser.attendees", slug=slug)
    )
    try:
        outcome = invitations.invite(db, event, chosen, personal_link)
    except invitations.InvitationError as refused:
        discard_changes()
        flash(word(refused), "error")
        return redirect(back)
    flash(
        _(
            "%(invited)d invitations sent; %(resent)d links sent again.",
            invited=outcome.invited,
            resent=outcome.resent,
        )
    )
    if outcome.without_address:
        flash(
            _("No e-mail address, nothing sent: %(names)s.", names=", ".join(outcome.without_address)),
            "error",
        )
    if outcome.lost:
        flash(
            _(
                "These links can't be sent again, only replaced (one by one, on each person's link page): "
                "%(names)s.",
                names=", ".join(outcome.lost),
            ),
            "error",
        )
    return redirect(back)


@bp.get("/events/<slug>/attendees/<int:attendee_id>/link")
@login_required
def attendee_link(slug: str, attendee_id: int) -> str:
    event, attendee = owned_attendee_or_404(slug, attendee_id)
    db = get_session()
    return render_template(
        "organiser/attendee_link.html",
        event=event,
        attendee=attendee,
        recoverable=current_token(attendee) is not None,
        mails=outbox.mails_to(db, owned_event_or_404(slug), attendee.email),
    )


@bp.post("/events/<slug>/attendees/<int:attendee_id>/link")
@login_required
def send_attendee_link(slug: str, attendee_id: int) -> ResponseReturnValue:
    """Send the attendee's link: the same one again, or (``new=1``, explicitly) a replacement."""
    _event, attendee = owned_attendee_or_404(slug, attendee_id)
    db = get_session()
    try:
        sent = invitations.send_link(db, attendee, personal_link, new_link=request.form.get("new") == "1")
    except invitations.InvitationError as refused:
        discard_changes()
        flash(word(refused), "error")
        return redirect(url_for("organiser.attendee_link", slug=slug, attendee_id=attendee_id))
    messages = {
        invitations.INVITATION: _("Invitation sent to %(address)s.", address=sent.mail.to_address),
        invitations.LINK_AGAIN: _(
            "The same link was sent again to %(address)s; it keeps working.", address=sent.mail.to_address
        ),
        invitations.NEW_LINK: _(
            "A new link was sent to %(address)s; the earlier one no longer works.",
            address=sent.mail.to_address,
        ),
    }
    flash(messages[sent.kind])
    back = request.form.get("back", "")
    if back.startswith("/organiser/") and "\n" not in back:
        return redirect(back)
    return redirect(url_for("organiser.attendee_link", slug=slug, attendee_id=attendee_id))
