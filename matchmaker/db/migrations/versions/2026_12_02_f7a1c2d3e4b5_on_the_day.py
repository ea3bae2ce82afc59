"""on the day: no-shows, refills of freed slots, reminders

Event settings for the day (no-show minutes, refill on/off and offer minutes, reminder minutes,
digest time), the outcome of a meeting (when, who was absent), freed seats, refill offers and the
reminders already sent. Plain ADD COLUMNs on both databases: a batch rebuild of events or meetings on
SQLite would drop the old table, and its cascades would delete every row pointing at it.

Revision ID: f7a1c2d3e4b5
Revises: f3a1c2d4e5b6
Create Date: 2026-12-02 04:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from matchmaker.db.types import UTCDateTime

revision = "f7a1c2d3e4b5"
down_revision = "f3a1c2d4e5b6"
branch_labels = None
depends_on = None

_OPEN = sa.text("status = 'open'")
_OLD_LIVE = sa.text("status <> 'cancelled'")
_NEW_LIVE = sa.text("status NOT IN ('cancelled', 'no_show')")
# The no-double-booking indexes: a no-show now frees its table and its people, so the slot can be refilled.
_LIVE_INDEXES = (
    ("uq_meetings_live_table_slot", "meetings", ["slot_id", "table_id"]),
    ("uq_meetings_live_pair", "meetings", ["attendee_a_id", "attendee_b_id"]),
    ("uq_meeting_participants_live_attendee_slot", "meeting_participants", ["attendee_id", "slot_id"]),
)


def _live_indexes(where: sa.TextClause) -> None:
    for name, table, columns in _LIVE_INDEXES:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, columns, unique=True, sqlite_where=where, postgresql_where=where)


def upgrade() -> None:
    op.add_column("events", sa.Column("no_show_minutes", sa.Integer(), nullable=False, server_default="10"))
    op.add_column(
        "events", sa.Column("refill_enabled", sa.Boolean(), nullable=False, server_default=sa.true())
    )
    op.add_column(
        "events", sa.Column("refill_offer_minutes", sa.Integer(), nullable=False, server_default="5")
    )
    op.add_column("events", sa.Column("reminder_minutes", sa.Integer(), nullable=True, server_default="15"))
    op.add_column(
        "events", sa.Column("digest_time", sa.String(length=5), nullable=True, server_default="08:00")
    )
    _live_indexes(_NEW_LIVE)
    op.add_column("meetings", sa.Column("outcome_at", UTCDateTime(timezone=True), nullable=True))
    op.add_column("meetings", sa.Column("absent_attendee_id", sa.Integer(), nullable=True))
    op.create_table(
        "freed_seats",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("freed_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("refilled_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("had_candidate", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendee_id"],
            ["attendees.id"],
            name=op.f("fk_freed_seats_attendee_id_attendees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_freed_seats_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_freed_seats_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["slots.id"], name=op.f("fk_freed_seats_slot_id_slots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_freed_seats")),
        sa.UniqueConstraint("meeting_id", "attendee_id", name="uq_freed_seats_meeting_attendee"),
    )
    op.create_index(op.f("ix_freed_seats_event_id"), "freed_seats", ["event_id"])
    op.create_index(op.f("ix_freed_seats_attendee_id"), "freed_seats", ["attendee_id"])
    op.create_table(
        "refill_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("seat_id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("candidate_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("seeker_yes_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("candidate_yes_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", UTCDateTime(timezone=True), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("engine_ms", sa.Double(), nullable=False),
        sa.ForeignKeyConstraint(
            ["candidate_id"],
            ["attendees.id"],
            name=op.f("fk_refill_offers_candidate_id_attendees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_refill_offers_event_id_events"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_refill_offers_meeting_id_meetings"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["seat_id"],
            ["freed_seats.id"],
            name=op.f("fk_refill_offers_seat_id_freed_seats"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["seeker_id"],
            ["attendees.id"],
            name=op.f("fk_refill_offers_seeker_id_attendees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"], ["slots.id"], name=op.f("fk_refill_offers_slot_id_slots"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refill_offers")),
    )
    for column in ("event_id", "seat_id", "seeker_id", "candidate_id"):
        op.create_index(op.f(f"ix_refill_offers_{column}"), "refill_offers", [column])
    op.create_index(
        "uq_refill_offers_open_seeker",
        "refill_offers",
        ["slot_id", "seeker_id"],
        unique=True,
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )
    op.create_index(
        "uq_refill_offers_open_candidate",
        "refill_offers",
        ["slot_id", "candidate_id"],
        unique=True,
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )
    op.create_table(
        "sent_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=40), nullable=False),
        sa.Column("sent_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attendee_id"],
            ["attendees.id"],
            name=op.f("fk_sent_reminders_attendee_id_attendees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_sent_reminders_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sent_reminders")),
        sa.UniqueConstraint("attendee_id", "kind", "subject", name="uq_sent_reminders_attendee_kind_subject"),
    )
    op.create_index(op.f("ix_sent_reminders_event_id"), "sent_reminders", ["event_id"])


def downgrade() -> None:
    op.drop_table("sent_reminders")
    op.drop_table("refill_offers")
    op.drop_table("freed_seats")
    _live_indexes(_OLD_LIVE)
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        for column in ("absent_attendee_id", "outcome_at"):
            batch_op.drop_column(column)
    with op.batch_alter_table("events", schema=None) as batch_op:
        for column in (
            "digest_time",
            "reminder_minutes",
            "refill_offer_minutes",
            "refill_enabled",
            "no_show_minutes",
        ):
            batch_op.drop_column(column)
