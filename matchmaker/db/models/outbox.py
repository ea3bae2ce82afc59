"""Every e-mail the product sends, kept so organisers and developers can read what went out."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow


class MailStatus(StrEnum):
    # Kept in the outbox only: no SMTP server is configured (the embedded setup).
    STORED = "stored"
    # Waiting for delivery by SMTP after the transaction that wrote it commits.
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"


class OutboxMail(Base):
    __tablename__ = "outbox_mails"
    __table_args__ = (
        CheckConstraint("status IN ('stored', 'queued', 'sent', 'failed')", name="status_known"),
        CheckConstraint("to_address <> ''", name="to_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Mail about an event disappears with it; system mail has no event.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    # What the mail is for ("personal_link", "request_received", ...): lets limits count one kind.
    kind: Mapped[str] = mapped_column(String(40), default="")
    status: Mapped[str] = mapped_column(String(16), default=MailStatus.STORED)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
