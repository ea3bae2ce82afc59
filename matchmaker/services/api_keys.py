"""Organiser API keys: issue, list, revoke, and resolve a presented key to its organiser.

A key is shown once, when it is created; only its SHA-256 is stored. A key acts for its organiser on
that organiser's events only (the API checks ownership on every event it touches).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.db.models import ApiKey, Organiser
from matchmaker.db.types import utcnow

KEY_PREFIX = "mmk_"
MAX_LABEL_LENGTH = 80
# Longer input can't be a key; refusing it early keeps hashing cheap for garbage headers.
MAX_KEY_LENGTH = 100
# "Last used" is for the organiser's eyes; writing it on every request would cost a write per call.
LAST_USED_RESOLUTION = timedelta(minutes=5)


class ApiKeyError(ValueError):
    """A key can't be created or revoked as asked; the message says why."""


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    # The only copy of the secret: show it to the organiser once, never store or log it.
    secret: str


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_api_key(session: Session, organiser: Organiser, label: str = "") -> IssuedKey:
    """A new key for ``organiser`` (flushes). The secret is in the result only."""
    label = label.strip()
    if len(label) > MAX_LABEL_LENGTH:
        raise ApiKeyError(f"the label has at most {MAX_LABEL_LENGTH} characters")
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(organiser_id=organiser.id, key_hash=hash_key(secret), prefix=secret[:12], label=label)
    session.add(key)
    session.flush()
    return IssuedKey(key, secret)


def api_keys_of(session: Session, organiser_id: int) -> list[ApiKey]:
    """The organiser's keys that still work, newest first."""
    return list(
        session.scalars(
            select(ApiKey)
            .where(ApiKey.organiser_id == organiser_id, ApiKey.revoked_at.is_(None))
            .order_by(ApiKey.id.desc())
        )
    )


def revoke_api_key(session: Session, organiser_id: int, key_id: int, now: datetime | None = None) -> None:
    """Stop the key working at once (flushes). Raises :class:`ApiKeyError` for another organiser's key,
    an unknown one or one already revoked, without saying which."""
    key = session.get(ApiKey, key_id)
    if key is None or key.organiser_id != organiser_id or key.revoked_at is not None:
        raise ApiKeyError("no such key")
    key.revoked_at = now or utcnow()
    session.flush()


def organiser_for_key(session: Session, secret: str, now: datetime | None = None) -> Organiser | None:
    """The organiser a working key acts for, or None (wrong, malformed or revoked key alike).

    Records when the key was last used, at most every few minutes (flushes only then).
    """
    if not secret.startswith(KEY_PREFIX) or len(secret) > MAX_KEY_LENGTH:
        return None
    key = session.scalar(
        select(ApiKey).where(ApiKey.key_hash == hash_key(secret), ApiKey.revoked_at.is_(None))
    )
    if key is None:
        return None
    now = now or utcnow()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        key.last_used_at = now
        session.flush()
    return session.get(Organiser, key.organiser_id)
