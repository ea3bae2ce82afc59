"""Organiser accounts and the events they manage."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow

if TYPE_CHECKING:
    from matchmaker.db.models.event import Event

event_organisers = Table(
    "event_organisers",
    Base.metadata,
    Column("event_id", ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("organiser_id", ForeignKey("organisers.id", ondelete="CASCADE"), primary_key=True),
)


class Organiser(Base):
    __tablename__ = "organisers"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased by the service so that uniqueness ignores case.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # Carried in the signed session cookie and compared on every request; signing out increments it,
    # so a cookie copied before the sign-out stops working (the cookie alone can't be revoked).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    events: Mapped[list[Event]] = relationship(secondary=event_organisers, back_populates="organisers")
