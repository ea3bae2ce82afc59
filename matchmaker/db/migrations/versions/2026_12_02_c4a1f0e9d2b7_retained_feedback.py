"""retained feedback

Feedback on a meeting whose partner deleted their data, kept anonymised (a new table: nothing existing
changes).

Revision ID: c4a1f0e9d2b7
Revises: deecdad841b1
Create Date: 2026-12-02 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import matchmaker.db.types

revision = "c4a1f0e9d2b7"
down_revision = "deecdad841b1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retained_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("attendee_id", sa.Integer(), nullable=False),
        sa.Column("met_at", matchmaker.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("took_place", sa.Boolean(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("wants_follow_up", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("given_at", matchmaker.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rating IS NULL OR (rating >= 1 AND rating <= 5)", name=op.f("ck_retained_feedback_rating_1_to_5")
        ),
        sa.ForeignKeyConstraint(
            ["event_id", "attendee_id"],
            ["attendees.event_id", "attendees.id"],
            name=op.f("fk_retained_feedback_event_id_attendee_id_attendees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_retained_feedback_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retained_feedback")),
    )
    op.create_index(op.f("ix_retained_feedback_attendee_id"), "retained_feedback", ["attendee_id"])
    op.create_index(op.f("ix_retained_feedback_event_id"), "retained_feedback", ["event_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_retained_feedback_event_id"), table_name="retained_feedback")
    op.drop_index(op.f("ix_retained_feedback_attendee_id"), table_name="retained_feedback")
    op.drop_table("retained_feedback")
