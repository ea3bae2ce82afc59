"""On the day: seats freed by cancellations and no-shows, the refill offers made for them, and the
reminders already sent.

Every invariant that two workers (or two phones) could break at once is held by the database:
- one open offer per person asked per slot (a partial unique index), so nobody is asked by two people
  about the same slot at once; the one left alone may have a few open offers (the best candidates are
  asked together, see services/refill.py): the booking, not the offer, is what must be unique;
- one freed seat per person per freed meeting;
- one reminder per (attendee, kind, subject): a restarted or doubled worker can't mail twice.
The booking itself relies on the meetings' own no-double-booking indexes.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow


class SeatState(StrEnum):
    SEEKING = "seeking"  # an offer is out, or the next tick looks for a partner
    REFILLED = "refilled"
    GAVE_UP = "gave_up"  # nobody eligible, the attendee said no, or the slot started


class OfferStatus(StrEnum):
    OPEN = "open"
    BOOKED = "booked"
    DECLINED = "declined"
    EXPIRED = "expired"
    FAILED = "failed"  # both said yes but the table or a person was taken meanwhile
    WITHDRAWN = "withdrawn"  # another candidate booked the seat first (shown as "taken")


OPEN_OFFER = text("status = 'open'")


class FreedSeat(Base):
    """An attendee left without a partner in a slot that has not started."""

    __tablename__ = "freed_seats"
    __table_args__ = (UniqueConstraint("meeting_id", "attendee_id", name="uq_freed_seats_meeting_attendee"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"))
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(String(16))  # cancelled | declined | no_show
    state: Mapped[str] = mapped_column(String(16), default=SeatState.SEEKING)
    freed_at: Mapped[datetime] = mapped_column(default=utcnow)
    refilled_at: Mapped[datetime | None]
    # Whether an eligible partner existed at all when it was freed (the benchmark's denominator).
    had_candidate: Mapped[bool] = mapped_column(default=False)
    # The one left alone said "find me another partner for this slot": their standing yes, given once,
    # is their yes to every partner asked for the seat (each offer then waits only for the partner).
    consent_at: Mapped[datetime | None]


class RefillOffer(Base):
    """ "Meet this person in the freed slot?", asked of both; booked when both say yes in time."""

    __tablename__ = "refill_offers"
    __table_args__ = (
        Index(
            "uq_refill_offers_open_candidate",
            "slot_id",
            "candidate_id",
            unique=True,
            sqlite_where=OPEN_OFFER,
            postgresql_where=OPEN_OFFER,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    seat_id: Mapped[int] = mapped_column(ForeignKey("freed_seats.id", ondelete="CASCADE"), index=True)
    slot_id: Mapped[int] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"))
    seeker_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"), index=True)
    score: Mapped[float]
    status: Mapped[str] = mapped_column(String(16), default=OfferStatus.OPEN)
    seeker_yes_at: Mapped[datetime | None]
    candidate_yes_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id", ondelete="SET NULL"))
    # The engine's own time choosing this candidate (loading the pool and ranking), in milliseconds.
    engine_ms: Mapped[float] = mapped_column(default=0.0)

    def side_of(self, attendee_id: int) -> str | None:
        if attendee_id == self.seeker_id:
            return "seeker"
        return "candidate" if attendee_id == self.candidate_id else None


class SentReminder(Base):
    """A reminder mail that went out: written in the transaction that writes the mail."""

    __tablename__ = "sent_reminders"
    __table_args__ = (
        UniqueConstraint("attendee_id", "kind", "subject", name="uq_sent_reminders_attendee_kind_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attendee_id: Mapped[int] = mapped_column(ForeignKey("attendees.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # meeting | digest
    # The meeting and its slot ("12@40": a moved meeting is reminded again) or the day ("2027-05-18").
    subject: Mapped[str] = mapped_column(String(40))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
