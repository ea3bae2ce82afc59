"""Organiser API keys: what integrations (registration systems, badge printers, apps) sign in with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow


class ApiKey(Base):
    """A secret that acts for one organiser, on that organiser's events only.

    Only the SHA-256 of the secret is stored: a leaked database does not leak working keys. ``prefix``
    (the first characters of the secret) lets the organiser tell keys apart in the dashboard.
    """

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organisers.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]
