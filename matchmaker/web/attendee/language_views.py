"""The language switcher of the personal pages: a small form (one button per language) that records the
attendee's choice, so that mails follow it, and goes back to the page it was sent from.

A GET with ``?lang=`` still shows any page in that language (and keeps it in a cookie), but writes
nothing. The form carries the page's action key instead of a session-bound CSRF token, like the
agenda's buttons (see ``day_views``): the agenda is one cached render per version of its data.
"""

from __future__ import annotations

import hmac

from flask import abort, g, redirect, request, url_for
from werkzeug.wrappers import Response

from matchmaker.db.models import Attendee
from matchmaker.services.attendees import remember_language
from matchmaker.web.attendee import bp
from matchmaker.web.attendee.common import with_attendee
from matchmaker.web.attendee.day_views import action_key
from matchmaker.web.database import get_session
from matchmaker.web.i18n import LANGUAGES, keep_language
from matchmaker.web.input_guard import safe_local_path


@bp.post("/me/<token>/language")
@with_attendee
def choose_language(attendee: Attendee) -> Response:
    if not hmac.compare_digest(request.form.get("key", "").encode(), action_key(g.token).encode()):
        abort(400)
    code = request.form.get("lang", "")
    if code not in LANGUAGES:
        abort(400)
    remember_language(get_session(), attendee, code)
    own_pages = url_for("attendee.recommendations", token=g.token)
    response = redirect(safe_local_path(request.form.get("next"), own_pages) or own_pages)
    keep_language(response, code)
    return response
