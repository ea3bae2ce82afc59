"""Personal link tokens: the only key to an attendee's page, so only their hash is stored."""

from __future__ import annotations

import hashlib
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


def issue_token(attendee: Attendee) -> str:
    """Give ``attendee`` a fresh personal link token and return it; any earlier link stops working.

    The plain token exists only in the returned value (and the mail it goes into).
    """
    token = secrets.token_urlsafe(TOKEN_BYTES)
    attendee.token_hash = hash_token(token)
    return token


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
