"""The dashboard page where an organiser creates and revokes API keys (a form page: CSRF-checked)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from matchmaker.db.models import Organiser
from matchmaker.services.api_keys import ApiKeyError, api_keys_of, create_api_key, revoke_api_key
from matchmaker.shapes.event import Label
from matchmaker.web.database import get_session
from matchmaker.web.i18n import gettext as _
from matchmaker.web.input_guard import validated_by_shapes
from matchmaker.web.organiser.access import current_organiser_id, login_required
from matchmaker.web.organiser.forms import Submitted, check, values_of

keys_bp = Blueprint("api_keys", __name__, url_prefix="/organiser/api-keys")


def _page(
    new_secret: str | None = None,
    error: str | None = None,
    status: int = 200,
    form: Submitted[Label] | None = None,
) -> ResponseReturnValue:
    organiser_id = current_organiser_id()
    assert organiser_id is not None
    keys = api_keys_of(get_session(), organiser_id)
    form = form or Submitted(values_of({"label": ""}))
    page = render_template("api/keys.html", keys=keys, new_secret=new_secret, error=error, form=form)
    response = (page, status, {"Cache-Control": "no-store"})  # the new secret must not sit in a cache
    return response


@keys_bp.get("/")
@login_required
def keys() -> ResponseReturnValue:
    return _page()


@keys_bp.post("/")
@login_required
@validated_by_shapes
def create_key() -> ResponseReturnValue:
    session = get_session()
    organiser = session.get_one(Organiser, current_organiser_id())
    # The label's shape (length, characters a database can hold) puts its problem beside the field.
    form = check(Label, {"label": request.form.get("label", "")}, request.form)
    if form.shape is None:
        return _page(form=form, status=400)
    try:
        issued = create_api_key(session, organiser, form.shape.label)
    except ApiKeyError as error:
        return _page(error=str(error), status=422)
    # Shown once, now; only its hash is kept.
    return _page(new_secret=issued.secret)


@keys_bp.post("/<int:key_id>/revoke")
@login_required
def revoke_key(key_id: int) -> ResponseReturnValue:
    session = get_session()
    organiser_id = current_organiser_id()
    assert organiser_id is not None
    try:
        revoke_api_key(session, organiser_id, key_id)
    except ApiKeyError:
        return _page(error=_("That key does not exist or was already revoked."), status=404)
    flash(_("API key revoked: integrations using it stop working now."))
    return redirect(url_for("api_keys.keys"))
