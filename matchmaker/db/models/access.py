"""Who may see what without an organiser account: kiosk boards, and the login throttle's memory."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow


class KioskToken(Base):
    """A secret that opens one event's read-only kiosk board (and nothing else).

    Only the SHA-256 of the secret is stored: a leaked database does not leak working board links.
    """

    __tablename__ = "kiosk_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class LoginAttempt(Base):
    """One failed organiser login, kept in the database so every web process throttles alike."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "key", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "email:<address>" or "ip:<address>": both are throttled, so neither guessing pattern gets through.
    key: Mapped[str] = mapped_column(String(300))
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
