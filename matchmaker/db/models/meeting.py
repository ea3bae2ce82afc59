"""Meeting requests, meetings and what people said about them afterwards.

Double booking is made impossible by the database, not only by Python:
- a table hosts one live meeting per slot (partial unique index on meetings);
- a pair has at most one live meeting (attendee ids stored in order a < b, partial unique index);
- an attendee is in at most one live meeting per slot: each meeting has one ``MeetingParticipant``
  row per person carrying the meeting's slot and status (kept equal by a composite foreign key with
  ON UPDATE CASCADE), with a partial unique index on (attendee, slot) over live rows.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Connection,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
    text,
)
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from matchmaker.db.base import Base
from matchmaker.db.types import utcnow

if TYPE_CHECKING:
    from matchmaker.db.models.attendee import Attendee
    from matchmaker.db.models.event import Slot, VenueTable


class RequestStatus(StrEnum):
    REQUESTED = "requested"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"
    NO_SHOW = "no_show"


class MeetingSource(StrEnum):
    AUTO = "auto"
    REQUEST = "request"
    MANUAL = "manual"


def _in(column: str, enum: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(str(v)) for v in enum)})"


LIVE_MEETING = text("status <> 'cancelled'")
OPEN_REQUEST = text("status IN ('requested', 'accepted')")


class MeetingRequest(Base):
    __tablename__ = "meeting_requests"
    __table_args__ = (
        CheckConstraint(_in("status", RequestStatus), name="status_known"),
        CheckConstraint("from_attendee_id <> to_attendee_id", name="not_self"),
        ForeignKeyConstraint(
            ["event_id", "from_attendee_id"], ["attendees.event_id", "attendees.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["event_id", "to_attendee_id"], ["attendees.event_id", "attendees.id"], ondelete="CASCADE"
        ),
        # One open request per direction; the service turns a counter-request into an acceptance.
        Index(
            "uq_meeting_requests_open_pair",
            "from_attendee_id",
            "to_attendee_id",
            unique=True,
            sqlite_where=OPEN_REQUEST,
            postgresql_where=OPEN_REQUEST,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    from_attendee_id: Mapped[int] = mapped_column(index=True)
    to_attendee_id: Mapped[int] = mapped_column(index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=RequestStatus.REQUESTED)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime | None]
    responded_at: Mapped[datetime | None]

    from_attendee: Mapped[Attendee] = relationship(
        primaryjoin="Attendee.id == MeetingRequest.from_attendee_id", foreign_keys=[from_attendee_id]
    )
    to_attendee: Mapped[Attendee] = relationship(
        primaryjoin="Attendee.id == MeetingRequest.to_attendee_id", foreign_keys=[to_attendee_id]
    )


class Meeting(Base):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(_in("status", MeetingStatus), name="status_known"),
        CheckConstraint(_in("source", MeetingSource), name="source_known"),
        CheckConstraint("attendee_a_id < attendee_b_id", name="pair_in_order"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_in_range"),
        ForeignKeyConstraint(["event_id", "slot_id"], ["slots.event_id", "slots.id"]),
        ForeignKeyConstraint(["event_id", "table_id"], ["venue_tables.event_id", "venue_tables.id"]),
        ForeignKeyConstraint(
            ["event_id", "attendee_a_id"], ["attendees.event_id", "attendees.id"], ondelete="CASCADE"
        ),
        ForeignKeyConstraint(
            ["event_id", "attendee_b_id"], ["attendees.event_id", "attendees.id"], ondelete="CASCADE"
        ),
        # Target of MeetingParticipant's composite key, which mirrors slot and status.
        UniqueConstraint("id", "slot_id", "status", name="uq_meetings_id_slot_status"),
        Index(
            "uq_meetings_live_table_slot",
            "slot_id",
            "table_id",
            unique=True,
            sqlite_where=LIVE_MEETING,
            postgresql_where=LIVE_MEETING,
        ),
        Index(
            "uq_meetings_live_pair",
            "attendee_a_id",
            "attendee_b_id",
            unique=True,
            sqlite_where=LIVE_MEETING,
            postgresql_where=LIVE_MEETING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    attendee_a_id: Mapped[int] = mapped_column(index=True)
    attendee_b_id: Mapped[int] = mapped_column(index=True)
    slot_id: Mapped[int] = mapped_column()
    table_id: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default=MeetingStatus.SCHEDULED)
    locked: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(16), default=MeetingSource.AUTO)
    score: Mapped[float | None]
    request_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_requests.id", ondelete="SET NULL"))
    schedule_run_id: Mapped[int | None] = mapped_column(ForeignKey("schedule_runs.id", ondelete="SET NULL"))
    # How many times its slot, table or status changed: calendars' SEQUENCE, so that an updated copy
    # wins over an older one. Counted by the ORM on every flush that changes them (see below).
    revision: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    attendee_a: Mapped[Attendee] = relationship(
        primaryjoin="Attendee.id == Meeting.attendee_a_id", foreign_keys=[attendee_a_id]
    )
    attendee_b: Mapped[Attendee] = relationship(
        primaryjoin="Attendee.id == Meeting.attendee_b_id", foreign_keys=[attendee_b_id]
    )
    slot: Mapped[Slot] = relationship(primaryjoin="Slot.id == Meeting.slot_id", foreign_keys=[slot_id])
    table: Mapped[VenueTable] = relationship(
        primaryjoin="VenueTable.id == Meeting.table_id", foreign_keys=[table_id]
    )
    participants: Mapped[list[MeetingParticipant]] = relationship(
        primaryjoin="Meeting.id == MeetingParticipant.meeting_id",
        foreign_keys="MeetingParticipant.meeting_id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @classmethod
    def between(cls, first_id: int, second_id: int, **values: object) -> Meeting:
        """A meeting of two attendees in canonical order, with its participant rows."""
        low, high = sorted((first_id, second_id))
        meeting = cls(attendee_a_id=low, attendee_b_id=high, **values)
        status = meeting.status or MeetingStatus.SCHEDULED
        meeting.status = status
        meeting.participants = [
            MeetingParticipant(attendee_id=attendee_id, slot_id=meeting.slot_id, status=status)
            for attendee_id in (low, high)
        ]
        return meeting

    def other(self, attendee_id: int) -> int:
        return self.attendee_b_id if attendee_id == self.attendee_a_id else self.attendee_a_id


_REVISED_BY = ("slot_id", "table_id", "status")


@event.listens_for(Meeting, "before_update")
def _count_revision(_mapper: Mapper[Meeting], _connection: Connection, meeting: Meeting) -> None:
    # An SQL increment rather than a Python one: two flushes racing on the same row both count.
    # Bulk UPDATE statements bypass this; services change meetings through the ORM.
    state = inspect(meeting)
    if any(state.attrs[name].history.has_changes() for name in _REVISED_BY):
        meeting.revision = Meeting.revision + 1


class MeetingParticipant(Base):
    """One row per person in a meeting; exists so the database can forbid double-booking a person."""

    __tablename__ = "meeting_participants"
    __table_args__ = (
        ForeignKeyConstraint(
            ["meeting_id", "slot_id", "status"],
            ["meetings.id", "meetings.slot_id", "meetings.status"],
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        Index(
            "uq_meeting_participants_live_attendee_slot",
            "attendee_id",
            "slot_id",
            unique=True,
            sqlite_where=LIVE_MEETING,
            postgresql_where=LIVE_MEETING,
        ),
    )

    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True)
    attendee_id: Mapped[int] = mapped_column(
        ForeignKey("attendees.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    slot_id: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(16))


class MeetingFeedback(Base):
    __tablename__ = "meeting_feedback"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_1_to_5"),
        UniqueConstraint("meeting_id", "attendee_id", name="uq_meeting_feedback_meeting_attendee"),
        ForeignKeyConstraint(
            ["meeting_id", "attendee_id"],
            ["meeting_participants.meeting_id", "meeting_participants.attendee_id"],
            ondelete="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(index=True)
    attendee_id: Mapped[int]
    took_place: Mapped[bool | None]
    rating: Mapped[int | None]
    wants_follow_up: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    # When this attendee was mailed the partner's contact card after the event (both asked to follow up):
    # set in the same transaction that writes the mail, so nobody gets it twice.
    follow_up_sent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RetainedFeedback(Base):
    """An attendee's feedback on a meeting whose partner deleted their data: kept, anonymised.

    The meeting goes with the person who left (its rows reference them), but what the one who stayed
    said is theirs, and the event's feedback figures count it. Nothing here points at the person who
    left: no meeting, no partner, only when it was and what was said.
    """

    __tablename__ = "retained_feedback"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name="rating_1_to_5"),
        ForeignKeyConstraint(
            ["event_id", "attendee_id"], ["attendees.event_id", "attendees.id"], ondelete="CASCADE"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    # Whose feedback it is (the one who stayed); it goes when they delete their own data.
    attendee_id: Mapped[int] = mapped_column(index=True)
    met_at: Mapped[datetime]
    took_place: Mapped[bool | None]
    rating: Mapped[int | None]
    wants_follow_up: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    given_at: Mapped[datetime] = mapped_column(default=utcnow)
