"""The calendar subscription link: a secret of its own, so the personal link never goes to a calendar
service, and one that can be replaced without replacing the personal link.

An attendee gets their address with their first personal link (``tokens.issue_token``), or when they
ask for it on the calendar page (an attendee made before that, or after the secret key changed): the
page itself, a GET, only reads.

A calendar app (or Google's and Microsoft's servers, for their web calendars) fetches the feed on its
own schedule for as long as the subscription lasts, so its address is a secret handed to a third
party. It grants exactly one thing: reading the attendee's meetings. The secret is an HMAC of the
app's secret key and a random nonce kept on the attendee, so the page can show the same address every
time; only its SHA-256 is stored, for the look-up (a leaked database leaks no working address).
Replacing the nonce replaces the address: the old one answers 404 from then on.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from matchmaker.db.models import Attendee
from matchmaker.services.tokens import (
    CALENDAR_NONCE_BYTES,
    derive_calendar_token,
    hash_token,
    plausible_token,
)


def _derive_with_id(secret_key: str, attendee_id: int, nonce: str) -> str:
    # Addresses made before they came with the personal link were derived with the attendee's id too.
    digest = hmac.new(secret_key.encode(), f"calendar:{attendee_id}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")


def current_calendar_token(attendee: Attendee, secret_key: str) -> str | None:
    """The attendee's working calendar token, computed again (writes nothing); None when they have none
    yet, or the app's secret key has changed since it was made (its address no longer works)."""
    if attendee.calendar_nonce is None or attendee.calendar_token_hash is None:
        return None
    for token in (
        derive_calendar_token(secret_key, attendee.calendar_nonce),
        _derive_with_id(secret_key, attendee.id, attendee.calendar_nonce),
    ):
        if hmac.compare_digest(hash_token(token), attendee.calendar_token_hash):
            return token
    return None


def calendar_token(session: Session, attendee: Attendee, secret_key: str) -> str:
    """The attendee's calendar token; one is made when they have none that works (flushes then).

    After a change of the app's secret key the old address no longer works: a new one is made here,
    so the attendee asking for their address always gets one that works.
    """
    token = current_calendar_token(attendee, secret_key)
    if token is not None:
        return token
    return replace_calendar_token(session, attendee, secret_key)


def replace_calendar_token(session: Session, attendee: Attendee, secret_key: str) -> str:
    """A new calendar token for the attendee (flushes); the previous address stops working at once."""
    attendee.calendar_nonce = secrets.token_hex(CALENDAR_NONCE_BYTES)
    token = derive_calendar_token(secret_key, attendee.calendar_nonce)
    attendee.calendar_token_hash = hash_token(token)
    session.flush()
    return token


_BY_CALENDAR_HASH = (
    select(Attendee)
    .options(joinedload(Attendee.event))
    .where(Attendee.calendar_token_hash == bindparam("token_hash"))
)


def find_attendee_by_calendar_token(session: Session, token: str) -> Attendee | None:
    """The attendee whose calendar address carries ``token``; None for a wrong or replaced one."""
    if not plausible_token(token):
        return None
    return session.scalar(_BY_CALENDAR_HASH, {"token_hash": hash_token(token)})
