"""Registration for an event and "lost my link"."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import TooManyRequests
from werkzeug.wrappers import Response

from matchmaker.services.registration import TooManyLinkMails, resend_links
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.common import (
    current_locale,
    event_or_404,
    personal_link,
    refresh_recommendations_later,
    register_once,
)
from matchmaker.web.attendee.forms import LostLinkForm, ProfileForm
from matchmaker.web.database import discard_changes, get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import validated_by_shapes


@bp.route("/e/<slug>/register", methods=["GET", "POST"])
@validated_by_shapes
def register_page(slug: str) -> str | Response | tuple[str, int]:
    event = event_or_404(slug)
    form = ProfileForm()
    form.bind_event(event, locale=current_locale())
    if request.method == "GET":
        form.available_slots.data = [slot.id for slot in event.slots]
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("attendee/register.html", event=event, form=form), status
    try:
        outcome = register_once(event, form.to_profile(event, current_locale()), personal_link)
    except TooManyLinkMails:
        # Only an address already registered gets here: saying so would tell a stranger who attends.
        discard_changes()
        return redirect(url_for("attendee.registered", slug=slug))
    if outcome.created:
        refresh_recommendations_later(outcome.attendee)
    # The same page for a new registration and an address already registered (whose owner was mailed
    # their link, nothing changed): the page must not reveal who is registered.
    return redirect(url_for("attendee.registered", slug=slug))


@bp.get("/e/<slug>/registered")
def registered(slug: str) -> str:
    event = event_or_404(slug)
    return render_template("attendee/registered.html", event=event)


@bp.route("/lost-link", methods=["GET", "POST"])
def lost_link() -> str | Response | tuple[str, int]:
    form = LostLinkForm()
    if not form.validate_on_submit():
        return render_template("attendee/lost_link.html", form=form), 422 if request.method == "POST" else 200
    session = get_session()
    try:
        resend_links(session, form.email.data or "", personal_link)
    except TooManyLinkMails:
        discard_changes()
        flash(
            _(
                "We have already sent your link several times in the last hour. Please check your inbox "
                "(and the spam folder)."
            ),
            "error",
        )
        return render_template("attendee/lost_link.html", form=form), 429
    # The same answer whether or not the address is registered: the page must not reveal who attends.
    return render_template("attendee/link_sent.html", email=form.email.data)


@bp.errorhandler(TooManyRequests)
def too_many_tries(_error: TooManyRequests) -> tuple[str, int]:
    """The app's rate limiter refused a request to one of these pages: say so in the visitor's words."""
    return render_template("attendee/too_many.html"), 429


@bp.errorhandler(CSRFError)
def form_expired(_error: CSRFError) -> tuple[str, int]:
    """A form sent with a stale or missing CSRF token (often a page left open for hours): refused (400),
    nothing changed, with a way back to a page where it can be sent again."""
    adapter = current_app.url_map.bind_to_environ(request.environ)
    token = (request.view_args or {}).get("token")
    if adapter.test(request.path, method="GET") or token is None:
        back = request.path
    else:
        back = url_for("attendee.recommendations", token=token)
    return render_template("attendee/form_expired.html", back=back), 400
