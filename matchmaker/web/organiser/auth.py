"""Sign-in and sign-out. Failed attempts are throttled per address and per client IP."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from matchmaker.services.organisers import LoginRequest, LoginThrottled, authenticate, sign_out_everywhere
from matchmaker.web.database import discard_changes, get_session, keep_changes
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import safe_local_path
from matchmaker.web.organiser import bp
from matchmaker.web.organiser.access import current_organiser_id, sign_in


def _safe_next(target: str | None) -> str:
    # Only paths on this site: an open redirect would let a phishing link borrow our login page.
    return safe_local_path(target, "/organiser") or url_for("organiser.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("organiser/login.html", email="", next=request.args.get("next", ""))
    email = request.form.get("email", "")
    db = get_session()
    try:
        organiser = authenticate(
            db, LoginRequest(email, request.form.get("password", ""), request.remote_addr or "unknown")
        )
    except LoginThrottled as exc:
        discard_changes()
        message = _(
            "Too many failed sign-ins. Try again in %(minutes)d minutes.", minutes=exc.retry_after_minutes
        )
        return render_template(
            "organiser/login.html", email=email, error=message, next=request.form.get("next", "")
        ), 429
    if organiser is None:
        keep_changes()  # the failed attempt is counted (throttling) although the answer is a 401
        return render_template(
            "organiser/login.html",
            email=email,
            error=_("Wrong e-mail or password."),
            next=request.form.get("next", ""),
        ), 401
    # A browser-session cookie (HttpOnly, SameSite=Lax, Secure outside debug): closing the browser on a
    # shared laptop at the venue signs the organiser out.
    sign_in(organiser)
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    organiser_id = current_organiser_id()
    if organiser_id is not None:
        # Server-side: every cookie of this organiser's, including copies, stops working.
        sign_out_everywhere(get_session(), organiser_id)
    session.clear()
    flash(_("You are signed out."))
    return redirect(url_for("organiser.login"))
