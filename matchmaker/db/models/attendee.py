"""Attendees, the slots they can't meet in, and whom they must not be matched with."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow

if TYPE_CHECKING:
    from matchmaker.db.models.event import Event, Slot


class Attendee(Base):
    __tablename__ = "attendees"
    __table_args__ = (
        # E-mails are stored lower-cased and stripped by the service, so this is case-insensitive.
        UniqueConstraint("event_id", "email", name="uq_attendees_event_email"),
        UniqueConstraint("event_id", "external_id", name="uq_attendees_event_external_id"),
        UniqueConstraint("event_id", "id", name="uq_attendees_event_id"),
        CheckConstraint("max_meetings IS NULL OR max_meetings >= 0", name="max_meetings_not_negative"),
        CheckConstraint("email IS NULL OR email <> ''", name="email_not_empty"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # The organiser's own id for this person (from a CSV import or a registration system).
    external_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    # Optional for imported attendees (walk-ins); required at registration. Unique per event when set.
    email: Mapped[str | None] = mapped_column(String(254))
    company: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    sector: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    languages: Mapped[list[str]] = mapped_column(default=list)
    offers: Mapped[str] = mapped_column(Text, default="")
    seeks: Mapped[str] = mapped_column(Text, default="")
    # What this attendee does not want to be offered or asked for ("no cold sales pitches"); the matcher
    # lowers pairs whose offers or needs hit it, in both directions.
    avoids: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[list[str]] = mapped_column(default=list)
    intents: Mapped[list[str]] = mapped_column(default=list)
    max_meetings: Mapped[int | None]
    # The UI language the attendee chose; mails go out in it.
    locale: Mapped[str] = mapped_column(String(8), default="en")
    consent_at: Mapped[datetime | None]
    # SHA-256 of the personal link's secret: a leaked database does not leak working links.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    # The random half of a recoverable personal link: with the app's secret key it yields the token
    # again, so a link can be mailed again without replacing it (see services/tokens.py). NULL for
    # links made without a key (or before links could be recovered): those can only be replaced.
    token_nonce: Mapped[str | None] = mapped_column(String(32))
    # The calendar subscription's own secret, separate from the personal link so that it can be handed to
    # a calendar service and replaced on its own. The secret is derived from this nonce and the app's
    # secret key (so the page can show the link again) and only its hash is stored, for look-ups: a leaked
    # database leaks no working calendar link. NULL: no calendar link made yet, or it was turned off.
    calendar_nonce: Mapped[str | None] = mapped_column(String(32))
    calendar_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    checked_in_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship(back_populates="attendees")
    unavailability: Mapped[list[Unavailability]] = relationship(
        back_populates="attendee",
        primaryjoin="Attendee.id == Unavailability.attendee_id",
        foreign_keys="Unavailability.attendee_id",
        cascade="all, delete-orphan",
    )
    exclusions: Mapped[list[Exclusion]] = relationship(
        back_populates="attendee",
        primaryjoin="Attendee.id == Exclusion.attendee_id",
        foreign_keys="Exclusion.attendee_id",
        cascade="all, delete-orphan",
    )

    @property
    def unavailable_slots(self) -> list[Slot]:
        return sorted((u.slot for u in self.unavailability), key=lambda slot: slot.start)

    def set_unavailable_slots(self, slots: list[Slot]) -> None:
        """Replace the slots this attendee can't meet in (all must belong to the attendee's event)."""
        self.unavailability = [Unavailability(event_id=slot.event_id, slot=slot) for slot in slots]


class Unavailability(Base):
    """A slot an attendee can't meet in. Both references carry the event: no cross-event rows."""

    __tablename__ = "attendee_unavailability"
    __table_args__ = (
        ForeignKeyConstraint(
            ["event_id", "attendee_id"], ["attendees.event_id", "attendees.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(["event_id", "slot_id"], ["slots.event_id", "slots.id"], ondelete="CASCADE"),
    )

    event_id: Mapped[int]
    attendee_id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(primary_key=True)

    attendee: Mapped[Attendee] = relationship(
        back_populates="unavailability",
        primaryjoin="Attendee.id == Unavailability.attendee_id",
        foreign_keys=[attendee_id],
    )
    slot: Mapped[Slot] = relationship(primaryjoin="Slot.id == Unavailability.slot_id", foreign_keys=[slot_id])


class Exclusion(Base):
    """ "Don't match me with": another attendee, or anybody from a company."""

    __tablename__ = "exclusions"
    __table_args__ = (
        CheckConstraint(
            "(excluded_attendee_id IS NULL) <> (excluded_company IS NULL)", name="exactly_one_target"
        ),
        CheckConstraint(
            "excluded_attendee_id IS NULL OR excluded_attendee_id <> attendee_id", name="not_self"
        ),
        CheckConstraint("excluded_company IS NULL OR excluded_company <> ''", name="company_not_empty"),
        UniqueConstraint("attendee_id", "excluded_attendee_id", name="uq_exclusions_attendee_other"),
        # Both people belong to the same event.
        ForeignKeyConstraint(
            ["event_id", "attendee_id"], ["attendees.event_id", "attendees.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["event_id", "excluded_attendee_id"], ["attendees.event_id", "attendees.id"], ondelete="CASCADE"
        ),
        UniqueConstraint("attendee_id", "excluded_company", name="uq_exclusions_attendee_company"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    attendee_id: Mapped[int] = mapped_column(index=True)
    excluded_attendee_id: Mapped[int | None]
    excluded_company: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    attendee: Mapped[Attendee] = relationship(
        back_populates="exclusions",
        primaryjoin="Attendee.id == Exclusion.attendee_id",
        foreign_keys=[attendee_id],
    )
