"""The calendar subscription link: a secret of its own, so the personal link never goes to a calendar
service, and one that can be replaced without replacing the personal link.

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
from matchmaker.services.tokens import hash_token, plausible_token

NONCE_BYTES = 16


def _derive(secret_key: str, attendee_id: int, nonce: str) -> str:
    digest = hmac.new(secret_key.encode(), f"calendar:{attendee_id}:{nonce}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")


def calendar_token(session: Session, attendee: Attendee, secret_key: str) -> str:
    """The attendee's calendar token, made on first use (flushes when it made or repaired one).

    After a change of the app's secret key the derived token changes; its stored hash is brought up to
    date here, so the page always shows an address that works (subscriptions to the old one stop).
    """
    if attendee.calendar_nonce is None:
        attendee.calendar_nonce = secrets.token_hex(NONCE_BYTES)
    token = _derive(secret_key, attendee.id, attendee.calendar_nonce)
    digest = hash_token(token)
    if attendee.calendar_token_hash != digest:
        attendee.calendar_token_hash = digest
        session.flush()
    return token


def replace_calendar_token(session: Session, attendee: Attendee, secret_key: str) -> str:
    """A new calendar token for the attendee (flushes); the previous address stops working at once."""
    attendee.calendar_nonce = secrets.token_hex(NONCE_BYTES)
    return calendar_token(session, attendee, secret_key)


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
