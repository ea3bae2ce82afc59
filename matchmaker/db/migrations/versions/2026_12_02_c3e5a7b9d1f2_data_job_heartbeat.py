"""data job heartbeat

A running data job's sign of life, so a job whose worker died is failed instead of running forever.

Revision ID: c3e5a7b9d1f2
Revises: b9d4e6f8a2c1
Create Date: 2026-12-02 16:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import matchmaker.db.types

revision = "c3e5a7b9d1f2"
down_revision = "b9d4e6f8a2c1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "data_jobs", sa.Column("heartbeat_at", matchmaker.db.types.UTCDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("data_jobs") as batch_op:
        batch_op.drop_column("heartbeat_at")
