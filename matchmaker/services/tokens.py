"""Personal link tokens: the only key to an attendee's page, so only their hash is stored."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

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


def find_attendee_by_token(session: Session, token: str) -> Attendee | None:
    """The attendee whose personal link carries ``token``, or None for a wrong or replaced token."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    return session.scalar(select(Attendee).where(Attendee.token_hash == hash_token(token)))
