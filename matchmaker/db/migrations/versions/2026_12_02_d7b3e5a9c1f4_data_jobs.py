"""data jobs

Large attendee imports and exports as background jobs with progress (a new table).

Revision ID: d7b3e5a9c1f4
Revises: c4a1f0e9d2b7
Create Date: 2026-12-02 04:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import matchmaker.db.types

revision = "d7b3e5a9c1f4"
down_revision = "c4a1f0e9d2b7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_jobs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Double(), nullable=False),
        sa.Column("rows_done", sa.Integer(), nullable=False),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("payload", sa.LargeBinary(), nullable=True),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("created_at", matchmaker.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", matchmaker.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", matchmaker.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("job_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint("kind IN ('check', 'import', 'export')", name=op.f("ck_data_jobs_kind_known")),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'succeeded', 'failed')", name=op.f("ck_data_jobs_status_known")
        ),
        sa.CheckConstraint("progress >= 0 AND progress <= 1", name=op.f("ck_data_jobs_progress_fraction")),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_data_jobs_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_jobs")),
    )
    op.create_index(op.f("ix_data_jobs_event_id"), "data_jobs", ["event_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_data_jobs_event_id"), table_name="data_jobs")
    op.drop_table("data_jobs")
