"""one active run per event, revocable organiser sessions

A partial unique index allows one queued-or-running schedule run per event (ten parallel "generate"
clicks made two or three). Events that already have more than one keep their newest; the older ones are
marked failed first, or the index could not be built. Organisers get a session version that signing out
increments: the session cookie carries it, and a cookie from before the sign-out no longer works.

Revision ID: f3a1c2d4e5b6
Revises: 9b10d5a7c3e1
Create Date: 2026-12-02 04:45:00.000000
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from matchmaker.db.types import UTCDateTime

revision = "f3a1c2d4e5b6"
down_revision = "9b10d5a7c3e1"
branch_labels = None
depends_on = None

ACTIVE = sa.text("status IN ('queued', 'running')")


def upgrade() -> None:
    runs = sa.table(
        "schedule_runs",
        sa.column("id", sa.Integer()),
        sa.column("event_id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("error", sa.Text()),
        sa.column("finished_at", UTCDateTime()),
    )
    active = runs.c.status.in_(("queued", "running"))
    newest = sa.select(sa.func.max(runs.c.id)).where(active).group_by(runs.c.event_id)
    op.get_bind().execute(
        runs.update()
        .where(active, runs.c.id.not_in(newest))
        .values(
            status="failed",
            error="superseded: another run of the event was active",
            finished_at=datetime.now(UTC),
        )
    )
    op.create_index(
        "uq_schedule_runs_active_event",
        "schedule_runs",
        ["event_id"],
        unique=True,
        sqlite_where=ACTIVE,
        postgresql_where=ACTIVE,
    )
    # A plain ADD COLUMN on both databases (a batch table copy on SQLite would cascade deletes).
    op.add_column(
        "organisers", sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("organisers", schema=None) as batch_op:
        batch_op.drop_column("session_version")
    op.drop_index("uq_schedule_runs_active_event", table_name="schedule_runs")
