"""An event and its venue grid: time slots and meeting tables."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy import true as sa_true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow

if TYPE_CHECKING:
    from matchmaker.db.models.attendee import Attendee
    from matchmaker.db.models.organiser import Organiser


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="dates_in_order"),
        CheckConstraint("meeting_minutes > 0", name="meeting_minutes_positive"),
        CheckConstraint("request_cap >= 0", name="request_cap_not_negative"),
        CheckConstraint("request_expiry_hours > 0", name="request_expiry_positive"),
        CheckConstraint(
            "match_floor IS NULL OR (match_floor >= 0 AND match_floor <= 1)", name="match_floor_in_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200), default="")
    # An IANA zone name such as "Europe/Warsaw"; validated by the service (databases can't).
    timezone: Mapped[str] = mapped_column(String(64))
    start_date: Mapped[date]
    end_date: Mapped[date]
    meeting_minutes: Mapped[int] = mapped_column(default=20)
    languages: Mapped[list[str]] = mapped_column(default=lambda: ["en"])
    # Interest tags offered at registration: [{"tag": "packaging", "en": "Packaging", "pl": ...}, ...]
    interests: Mapped[list[dict[str, str]]] = mapped_column(default=list)
    request_cap: Mapped[int] = mapped_column(default=20)
    request_expiry_hours: Mapped[int] = mapped_column(default=48)
    requests_before_schedule: Mapped[bool] = mapped_column(default=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # The lowest match score worth a recommendation or an optional meeting at this event; None means
    # the product's measured default (``matchmaker.core.matching.DEFAULT_MATCH_FLOOR``).
    match_floor: Mapped[float | None]
    # How the organiser last generated the slot grid ({"day_start": "09:00", "day_end": "17:00",
    # "meeting_minutes": 20, "changeover_minutes": 5, "breaks": [["12:30", "13:30"]]}), shown again in
    # the set-up form; None for grids that came from elsewhere (an event file, the API's single slots).
    slot_plan: Mapped[dict[str, Any] | None]
    # Schedule only the meetings attendees asked for (accepted requests, organiser-made meetings),
    # no suggested ones: for events where every meeting is arranged beforehand.
    requested_meetings_only: Mapped[bool] = mapped_column(default=False)
    # On the day (services/day_outcomes.py, refill.py, reminders.py). Ranges are checked by
    # services/day_settings.py: a CHECK here would need a batch rebuild of the table on SQLite.
    # A partner not checked in this many minutes before a meeting starts is a no-show.
    no_show_minutes: Mapped[int] = mapped_column(default=10, server_default="10")
    # Offer the attendee left alone by a cancellation or a no-show another partner for that slot.
    refill_enabled: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    # How long both sides have to say yes before the next candidate is asked (the default is measured
    # by benchmarks/bench_day.py, see docs/performance.md).
    refill_offer_minutes: Mapped[int] = mapped_column(default=2, server_default="2")
    # How many candidates a freed seat asks at once, the first pair to agree booking (1-10; 3 measured
    # by benchmarks/bench_day.py, see docs/performance.md).
    refill_fan_out: Mapped[int] = mapped_column(default=3, server_default="3")
    # A reminder this many minutes before each meeting; None: no reminders.
    reminder_minutes: Mapped[int | None] = mapped_column(default=15, server_default="15")
    # The morning digest's time at the venue ("08:00"); None: no digest.
    digest_time: Mapped[str | None] = mapped_column(String(5), default="08:00", server_default="08:00")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    slots: Mapped[list[Slot]] = relationship(
        back_populates="event", order_by="Slot.start", cascade="all, delete-orphan"
    )
    tables: Mapped[list[VenueTable]] = relationship(
        back_populates="event", order_by="VenueTable.position", cascade="all, delete-orphan"
    )
    attendees: Mapped[list[Attendee]] = relationship(back_populates="event", cascade="all, delete-orphan")
    organisers: Mapped[list[Organiser]] = relationship(secondary="event_organisers", back_populates="events")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class Slot(Base):
    """A meeting round: every table hosts at most one meeting in it."""

    __tablename__ = "slots"
    __table_args__ = (
        CheckConstraint('"end" > start', name="ends_after_start"),
        UniqueConstraint("event_id", "start", name="uq_slots_event_start"),
        UniqueConstraint("event_id", "code", name="uq_slots_event_code"),
        # Lets meetings reference (event_id, id) so a meeting can't use another event's slot.
        UniqueConstraint("event_id", "id", name="uq_slots_event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    start: Mapped[datetime]
    end: Mapped[datetime]
    # A short stable code ("d1-03") used in CSV files and problem files.
    code: Mapped[str] = mapped_column(String(20))

    event: Mapped[Event] = relationship(back_populates="slots")

    def day(self, zone: ZoneInfo) -> date:
        """The calendar day of the slot at the venue (derived, never stored)."""
        return self.start.astimezone(zone).date()


class VenueTable(Base):
    """A meeting table at the venue ("Table" is an SQL keyword, hence the name)."""

    __tablename__ = "venue_tables"
    __table_args__ = (
        UniqueConstraint("event_id", "name", name="uq_venue_tables_event_name"),
        UniqueConstraint("event_id", "id", name="uq_venue_tables_event_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    zone: Mapped[str] = mapped_column(String(80), default="")
    position: Mapped[int] = mapped_column(default=0)

    event: Mapped[Event] = relationship(back_populates="tables")
