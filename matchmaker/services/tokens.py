"""Personal link tokens: the only key to an attendee's page, so only their hash is stored.

A token is recoverable when the app has a secret key: it is then an HMAC of a random nonce (stored
beside the hash) under a key derived from the secret, so the same link can be mailed again — an
invitation resent, a lost link sent to its owner — without replacing it and breaking the copy in the
attendee's calendar. A leaked database alone still yields no working link; the secret key is needed too.
Without a key (debug without one, or a link made before this existed) a link can only be replaced.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, joinedload

from matchmaker.db.models import Attendee

# 32 random bytes: far beyond guessing, and still a short URL (43 characters).
TOKEN_BYTES = 32
_MAX_TOKEN_LENGTH = 100


def hash_token(token: str) -> str:
    """The SHA-256 hex digest stored in ``Attendee.token_hash``."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


_link_key: bytes | None = None
_calendar_key: str | None = None
CALENDAR_NONCE_BYTES = 16


def configure_link_key(secret_key: str) -> None:
    """Make links issued from now on recoverable with ``secret_key`` (the app factory calls this);
    an empty key makes them plain random tokens, and leaves calendar addresses to be made on request."""
    global _link_key, _calendar_key
    _link_key = (
        hmac.new(secret_key.encode("utf-8"), b"matchmaker personal links v1", hashlib.sha256).digest()
        if secret_key
        else None
    )
    _calendar_key = secret_key or None


def derive_calendar_token(secret_key: str, nonce: str) -> str:
    """The calendar address's secret for ``nonce`` under ``secret_key`` (see services/calendar_links)."""
    digest = hmac.new(secret_key.encode(), f"calendar:{nonce}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def give_calendar_address(attendee: Attendee, secret_key: str) -> None:
    """A first calendar address for ``attendee`` (their nonce and its hash), unless they have one."""
    if attendee.calendar_nonce is not None and attendee.calendar_token_hash is not None:
        return
    attendee.calendar_nonce = secrets.token_hex(CALENDAR_NONCE_BYTES)
    attendee.calendar_token_hash = hash_token(derive_calendar_token(secret_key, attendee.calendar_nonce))


def _derived(key: bytes, nonce: str) -> str:
    digest = hmac.new(key, nonce.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def issue_token(attendee: Attendee) -> str:
    """Give ``attendee`` a fresh personal link token and return it; any earlier link stops working.

    The plain token is not stored: only its hash and, when a key is configured, the nonce that
    :func:`current_token` needs to compute it again. An attendee's first link comes with their calendar
    address (when a key is configured), so that the calendar page only has to read it.
    """
    if _calendar_key is not None:
        give_calendar_address(attendee, _calendar_key)
    if _link_key is not None:
        attendee.token_nonce = secrets.token_hex(16)
        token = _derived(_link_key, attendee.token_nonce)
    else:
        attendee.token_nonce = None
        token = secrets.token_urlsafe(TOKEN_BYTES)
    attendee.token_hash = hash_token(token)
    return token


def current_token(attendee: Attendee) -> str | None:
    """The attendee's working token, computed again, or None: no link yet, a link made without a key,
    or a key that has changed since (the link still works; it just can't be recovered)."""
    if _link_key is None or attendee.token_hash is None or attendee.token_nonce is None:
        return None
    token = _derived(_link_key, attendee.token_nonce)
    return token if hmac.compare_digest(hash_token(token), attendee.token_hash) else None


# Built once (building it cost as much as running it); the event comes in the same query, as every
# page and API call behind a personal link needs it.
_BY_TOKEN_HASH = (
    select(Attendee).options(joinedload(Attendee.event)).where(Attendee.token_hash == bindparam("token_hash"))
)


def plausible_token(token: str) -> bool:
    """Whether ``token`` is worth looking up at all (not empty, not absurdly long)."""
    return bool(token) and len(token) <= _MAX_TOKEN_LENGTH


def find_attendee_by_token(session: Session, token: str) -> Attendee | None:
    """The attendee whose personal link carries ``token``, or None for a wrong or replaced token."""
    if not plausible_token(token):
        return None
    return session.scalar(_BY_TOKEN_HASH, {"token_hash": hash_token(token)})
