"""On the day, from the attendee's phone: "we met", "they did not come", "I can't make it", the answer to
a refill offer, and the partner's badge scanned with the phone's camera.

The agenda's buttons carry, instead of the session-bound CSRF token, a key derived from the personal
link and the app's secret (:func:`action_key`): a foreign site knows neither, and the key is the same on
every render of the link's page, so the agenda stays one cached render per version of its data (see
page_cache). The badge page is reached without the link (the QR code holds only the badge code), so it
knows the attendee from the signed session cookie that every personal page sets, and confirms with an
ordinary CSRF-protected form.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import abort, current_app, flash, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from matchmaker.db.models import Attendee, OfferStatus
from matchmaker.services import checkin, day_outcomes, refill
from matchmaker.services import meetings as meeting_service
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.common import personal_link, private, with_attendee
from matchmaker.web.attendee.forms import ActionForm
from matchmaker.web.database import discard_changes, get_session
from matchmaker.web.i18n import gettext as _

SIGNED_IN = "me"  # session key: [attendee id, hash of their current link]


@bp.app_template_global("day_action_key")
def action_key(token: str) -> str:
    """What the agenda's buttons send to prove they come from the page of this link."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"agenda-action:{token}".encode(), hashlib.sha256).hexdigest()[:32]


def _check_action_key() -> None:
    sent = request.form.get("key", "")
    if not hmac.compare_digest(sent.encode(), action_key(g.token).encode()):
        abort(400)


def remember_attendee(attendee: Attendee) -> None:
    """Let the badge page know who holds this phone (only while this link stays the current one)."""
    if session.get(SIGNED_IN) != [attendee.id, attendee.token_hash]:
        session[SIGNED_IN] = [attendee.id, attendee.token_hash]


def remember_owner(attendee_id: int, token: str) -> None:
    """:func:`remember_attendee` for the agenda, which reads no ORM attendee."""
    from matchmaker.services.tokens import hash_token

    link = hash_token(token)
    if session.get(SIGNED_IN) != [attendee_id, link]:
        session[SIGNED_IN] = [attendee_id, link]


def signed_in_attendee() -> Attendee | None:
    remembered = session.get(SIGNED_IN)
    if not isinstance(remembered, list) or len(remembered) != 2 or not isinstance(remembered[0], int):
        return None
    attendee = get_session().get(Attendee, remembered[0])
    if attendee is None or attendee.token_hash is None or attendee.token_hash != remembered[1]:
        return None
    return attendee


def _outcome_problem(code: str) -> str:
    problems: dict[str, str] = {
        "too_early": _("You can say this from shortly before the meeting starts."),
        "too_late": _("This meeting is over; give feedback about it instead."),
        "already_held": _("This meeting was already confirmed as held."),
        "slot_reused": _("The slot was given to someone else after the no-show, so it can't be changed."),
        "no_meeting_now": _("You have no meeting with this person right now."),
        "cancelled": _("This meeting was cancelled."),
    }
    return problems.get(code) or str(_("There is no such meeting in your agenda."))


def _to_agenda() -> WerkzeugResponse:
    return redirect(url_for("attendee.agenda", token=g.token))


def _link(token: str) -> str:
    return personal_link(token)


@bp.post("/me/<token>/meetings/<int:meeting_id>/<any(met, absent, decline):verb>")
@with_attendee
def meeting_outcome(attendee: Attendee, meeting_id: int, verb: str) -> WerkzeugResponse:
    _check_action_key()
    db = get_session()
    try:
        if verb == "met":
            day_outcomes.confirm_met(db, attendee, meeting_id)
            message = _("Thank you: the meeting is marked as held.")
        elif verb == "absent":
            day_outcomes.report_absent(db, attendee, meeting_id, link_for=_link)
            message = _("Noted. If someone else is free then, we will offer you a new partner here.")
        else:
            day_outcomes.cancel_upcoming(db, attendee, meeting_id, link_for=_link)
            message = _("The meeting is cancelled and your partner was told.")
    except day_outcomes.OutcomeError as problem:
        discard_changes()
        flash(_outcome_problem(problem.code), "error")
        return _to_agenda()
    except meeting_service.MeetingConflict:
        discard_changes()
        flash(_("Only meetings still to come can be cancelled."), "error")
        return _to_agenda()
    flash(message, "success")
    return _to_agenda()


@bp.post("/me/<token>/offers/<int:offer_id>/<any(yes, no):answer>")
@with_attendee
def answer_offer(attendee: Attendee, offer_id: int, answer: str) -> WerkzeugResponse:
    _check_action_key()
    db = get_session()
    try:
        result = refill.answer_offer(db, attendee, offer_id, answer == "yes", link_for=_link)
    except refill.OfferError:
        discard_changes()
        flash(_("This offer is not yours."), "error")
        return _to_agenda()
    messages = {
        "waiting": (
            _("Thank you. The meeting is booked as soon as the other person says yes too."),
            "success",
        ),
        "booked": (_("Booked: the meeting is in your agenda."), "success"),
        "declined": (_("No problem: the offer is withdrawn."), "success"),
        "taken": (_("Too late: the table or the person was taken a moment ago."), "error"),
        "expired": (_("This offer has expired."), "error"),
        "closed": (_("This offer was already answered or has expired."), "error"),
    }
    state = result.state
    if state == "closed" and result.offer.status == OfferStatus.EXPIRED:
        state = "expired"  # closed by the tick while the phone was away: say which
    text, category = messages[state]
    flash(text, category)
    return _to_agenda()


@bp.post("/me/<token>/seats/<int:seat_id>/<any(yes, no):answer>")
@with_attendee
def answer_seat(attendee: Attendee, seat_id: int, answer: str) -> WerkzeugResponse:
    """ "Find me another partner for this slot": the one left alone answers once for the freed seat."""
    _check_action_key()
    db = get_session()
    try:
        result = refill.answer_seat(db, attendee, seat_id, answer == "yes", link_for=_link)
    except refill.OfferError:
        discard_changes()
        flash(_("This slot is not yours."), "error")
        return _to_agenda()
    messages = {
        "standing": (
            _("Thank you. We are looking: the first suitable person who says yes meets you."),
            "success",
        ),
        "booked": (_("Booked: the meeting is in your agenda."), "success"),
        "declined": (_("No problem: we keep this slot free for you."), "success"),
        "closed": (_("This slot has been refilled or is no longer looked after."), "error"),
        "expired": (_("This slot has started."), "error"),
    }
    text, category = messages[result.state]
    flash(text, category)
    return _to_agenda()


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


@bp.route("/met/<code>", methods=["GET", "POST"])
def badge_scan(code: str) -> WerkzeugResponse | str | tuple[str, int]:
    """What a partner's badge QR code opens: confirm, with one tap, that the two of you met."""
    me = signed_in_attendee()
    db = get_session()
    partner = checkin.attendee_from_badge(db, me.event, _secret(), code) if me is not None else None
    form = ActionForm()
    status = 200
    done = None
    problem = None
    if me is not None and partner is not None and form.validate_on_submit():
        try:
            day_outcomes.confirm_by_badge(db, me, partner)
        except day_outcomes.OutcomeError as refused:
            discard_changes()
            problem, status = _outcome_problem(refused.code), 409
        else:
            done = True
    elif me is not None and partner is None:
        problem, status = _("This badge is not from your event."), 404
    page = render_template(
        "attendee/badge_scan.html", me=me, partner=partner, form=form, done=done, problem=problem
    )
    response = private(current_app.make_response((page, status)))
    return response
