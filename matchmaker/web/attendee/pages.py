"""The personal page: recommendations, requests, agenda (with calendar file and QR code), profile,
feedback."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import segno
from flask import Response, flash, g, make_response, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as WerkzeugResponse

from matchmaker.db.models import Attendee
from matchmaker.services import agenda as agenda_service
from matchmaker.services import feedback as feedback_service
from matchmaker.services import requests as requests_service
from matchmaker.services.agenda_view import agenda_for_token
from matchmaker.services.dismissals import dismiss, visible_recommended_people
from matchmaker.services.follow_up import send_follow_up_mails
from matchmaker.services.registration import RegistrationError, excluded_emails, update_profile
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.common import (
    bad_link_page,
    current_locale,
    lost_link_url,
    personal_link,
    private,
    refresh_recommendations_later,
    with_attendee,
)
from matchmaker.web.attendee.day_views import remember_owner
from matchmaker.web.attendee.forms import ActionForm, FeedbackForm, ProfileForm, RequestForm
from matchmaker.web.attendee.page_cache import RenderedPages
from matchmaker.web.database import discard_changes, get_reading_connection, get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import validated_by_shapes

PageResult = str | Response | WerkzeugResponse | tuple[str, int]
_agenda_pages = RenderedPages()
# A phone screen holds a few cards: the best ten first, the rest on request.
FIRST_SCREEN = 10
FULL_LIST = 30


def _back(endpoint: str) -> WerkzeugResponse:
    return redirect(url_for(endpoint, token=g.token))


@bp.get("/me/<token>")
@with_attendee
def recommendations(attendee: Attendee) -> PageResult:
    session = get_session()
    show_all = request.args.get("all") == "1"
    items = visible_recommended_people(session, attendee, limit=FULL_LIST if show_all else FIRST_SCREEN + 1)
    more = not show_all and len(items) > FIRST_SCREEN
    items = items if show_all else items[:FIRST_SCREEN]
    # Recommendations come from a background job: right after a (profile) change they may not exist yet.
    recently_changed = datetime.now(UTC) - attendee.updated_at < timedelta(minutes=5)
    sent, received = requests_service.open_requests_with(session, attendee)
    return render_template(
        "attendee/recommendations.html",
        attendee=attendee,
        event=attendee.event,
        items=items,
        sent=sent,
        received=received,
        request_form=RequestForm(),
        action=ActionForm(),
        more=more,
        recently_changed=recently_changed,
        open_outgoing=requests_service.open_outgoing_count(session, attendee),
    )


@bp.post("/me/<token>/people/<int:person_id>/request")
@validated_by_shapes
@with_attendee
def send_request(attendee: Attendee, person_id: int) -> PageResult:
    form = RequestForm()
    if not form.validate_on_submit():
        problem = form.message.errors[0] if form.message.errors else None
        flash(problem or _("The form had expired. Please send it again."), "error")
        return _back("attendee.recommendations")
    session = get_session()
    try:
        outcome = requests_service.send_request(
            session, attendee, person_id, form.message.data or "", lost_link_url
        )
    except requests_service.RequestError as exc:
        discard_changes()
        from matchmaker.web.attendee.labels import request_problem

        flash(request_problem(exc), "error")
        return _back("attendee.recommendations")
    other = outcome.request.from_attendee if outcome.became_acceptance else outcome.request.to_attendee
    if outcome.became_acceptance:
        flash(
            _(
                "%(name)s had already asked to meet you, so you have both agreed. See your agenda.",
                name=other.name,
            ),
            "success",
        )
    else:
        flash(
            _("Request sent to %(name)s. You will get an e-mail when they answer.", name=other.name),
            "success",
        )
    return _back("attendee.recommendations")


@bp.post("/me/<token>/people/<int:person_id>/dismiss")
@with_attendee
def dismiss_person(attendee: Attendee, person_id: int) -> PageResult:
    if ActionForm().validate_on_submit() and dismiss(get_session(), attendee, person_id):
        flash(_("Hidden. We won't suggest this person again."), "success")
    return _back("attendee.recommendations")


@bp.get("/me/<token>/requests")
@with_attendee
def requests_page(attendee: Attendee) -> PageResult:
    session = get_session()
    lists = requests_service.requests_of(session, attendee)
    agreed = requests_service.agreed_partner_ids(session, attendee)
    return render_template(
        "attendee/requests.html",
        attendee=attendee,
        event=attendee.event,
        lists=lists,
        agreed=agreed,
        action=ActionForm(),
    )


@bp.post("/me/<token>/requests/<int:request_id>/<any(accept, decline, cancel):verb>")
@with_attendee
def answer_request(attendee: Attendee, request_id: int, verb: str) -> PageResult:
    if not ActionForm().validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return _back("attendee.requests_page")
    session = get_session()
    try:
        if verb == "accept":
            done = requests_service.accept(session, attendee, request_id, lost_link_url)
            message = _(
                "You agreed to meet %(name)s. The organisers will place the meeting in the schedule.",
                name=done.from_attendee.name,
            )
        elif verb == "decline":
            done = requests_service.decline(session, attendee, request_id, lost_link_url)
            message = _("You declined the request from %(name)s.", name=done.from_attendee.name)
        else:
            done = requests_service.cancel(session, attendee, request_id)
            message = _("You withdrew your request to %(name)s.", name=done.to_attendee.name)
    except requests_service.RequestError as exc:
        discard_changes()
        from matchmaker.web.attendee.labels import request_problem

        flash(request_problem(exc), "error")
        return _back("attendee.requests_page")
    flash(message, "success")
    return _back("attendee.requests_page")


@bp.get("/me/<token>/agenda")
def agenda(token: str) -> PageResult:
    # The busiest page of a fair's morning: read through the agenda's read model rather than
    # with_attendee's ORM objects, and rendered once per version of its data (see page_cache).
    plan = agenda_for_token(get_reading_connection(), token)
    if plan is None:
        return bad_link_page()
    g.token = token
    owner = plan.owner
    remember_owner(owner.id, token)

    def render() -> str:
        return render_template("attendee/agenda.html", attendee=owner, event=owner.event, agenda=plan)

    key = (token, current_locale(), request.script_root, plan.fingerprint)
    page = _agenda_pages.get_or_render(key, render)
    return private(make_response(page))


@bp.get("/me/<token>/agenda.ics")
@with_attendee
def agenda_ics(attendee: Attendee) -> PageResult:
    domain = urlsplit(request.host_url).hostname or "matchmaker"
    body = agenda_service.agenda_calendar(get_session(), attendee, domain)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="{attendee.event.slug}-agenda.ics"'
    return response


@bp.get("/me/<token>/qr.svg")
@with_attendee
def qr_code(attendee: Attendee) -> PageResult:
    qr = segno.make(personal_link(g.token) + "/agenda", error="m")
    # A standalone SVG file (with its namespace): browsers render nothing for inline-style SVG in <img>.
    svg = io.BytesIO()
    qr.save(svg, kind="svg", scale=6, border=2, dark="#1b1f24", light="#fff", xmldecl=False)
    return Response(svg.getvalue(), mimetype="image/svg+xml")


def _profile_values(attendee: Attendee) -> dict[str, object]:
    known_tags = {i["tag"] for i in attendee.event.interests}
    unavailable = {slot.id for slot in attendee.unavailable_slots}
    companies = [x.excluded_company for x in attendee.exclusions if x.excluded_company]
    return {
        "name": attendee.name,
        "email": attendee.email,
        "company": attendee.company,
        "job_title": attendee.job_title,
        "sector": attendee.sector,
        "country": attendee.country,
        "languages": attendee.languages,
        "offers": attendee.offers,
        "seeks": attendee.seeks,
        "avoids": attendee.avoids,
        "interests": [t for t in attendee.interests if t in known_tags],
        "free_tags": ", ".join(t for t in attendee.interests if t not in known_tags),
        "intents": attendee.intents,
        "available_slots": [s.id for s in attendee.event.slots if s.id not in unavailable],
        "max_meetings": attendee.max_meetings,
        "dont_match": "\n".join([*companies, *excluded_emails(get_session(), attendee)]),
        "consent": attendee.consent_at is not None,
    }


@bp.route("/me/<token>/profile", methods=["GET", "POST"])
@validated_by_shapes
@with_attendee
def profile(attendee: Attendee) -> PageResult:
    event = attendee.event
    form = ProfileForm()
    form.bind_event(event, languages=attendee.languages)
    if request.method == "GET":
        form.fill_from(_profile_values(attendee))
    elif form.validate_on_submit():
        session = get_session()
        try:
            update_profile(session, attendee, form.to_profile(event, current_locale()))
        except RegistrationError as exc:
            discard_changes()
            form.email.errors = [_("Another attendee of this event already uses this e-mail address.")]
            del exc
        else:
            refresh_recommendations_later(attendee)
            flash(_("Profile saved. Your recommendations are being updated."), "success")
            return _back("attendee.profile")
    status = 422 if request.method == "POST" else 200
    return render_template("attendee/profile.html", attendee=attendee, event=event, form=form), status


@bp.route("/me/<token>/meetings/<int:meeting_id>/feedback", methods=["GET", "POST"])
@with_attendee
def feedback(attendee: Attendee, meeting_id: int) -> PageResult:
    session = get_session()
    try:
        meeting = feedback_service.feedback_meeting(session, attendee, meeting_id)
    except feedback_service.FeedbackError:
        flash(_("There is no such meeting in your agenda."), "error")
        return _back("attendee.agenda")
    existing = feedback_service.existing_feedback(session, attendee, meeting_id)
    form = FeedbackForm()
    if request.method == "GET" and existing is not None:
        if existing.took_place is not None:
            form.took_place.data = "yes" if existing.took_place else "no"
        form.rating.data = str(existing.rating) if existing.rating else None
        form.wants_follow_up.data = existing.wants_follow_up
        form.comment.data = existing.comment
    if form.validate_on_submit():
        try:
            feedback_service.record_feedback(
                session,
                attendee,
                meeting_id,
                took_place=form.took_place.data == "yes",
                rating=int(form.rating.data) if form.rating.data else None,
                wants_follow_up=bool(form.wants_follow_up.data),
                comment=form.comment.data or "",
            )
        except feedback_service.FeedbackError:
            discard_changes()
            flash(_("You can give feedback once the meeting has started."), "error")
            return _back("attendee.agenda")
        # After the event, the second "follow up" of a pair is mailed now, not at the next periodic run.
        send_follow_up_mails(
            session, attendee.event, lost_link_url(), attendee_ids=(attendee.id, meeting.other(attendee.id))
        )
        flash(_("Thank you for your feedback."), "success")
        return _back("attendee.agenda")
    partner = meeting.attendee_b if meeting.attendee_a_id == attendee.id else meeting.attendee_a
    status = 422 if request.method == "POST" else 200
    return render_template(
        "attendee/feedback.html",
        attendee=attendee,
        event=attendee.event,
        form=form,
        meeting=meeting,
        partner=partner,
    ), status
