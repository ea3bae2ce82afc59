"""refill offers fan out, job leases

A freed seat asks its best few candidates at once: the one left alone may have several open offers, so
the partial unique index of one open offer per seeker and slot goes (one open offer per person asked
stays; the booking is held unique by the meetings' own indexes). New events keep offers open 2 minutes
instead of 5 (measured by benchmarks/bench_day.py); existing events keep what their organiser set. The
column default changes on PostgreSQL only: on SQLite it would need a batch rebuild of events, whose
cascades would delete every row pointing at it (inserts go through the models, which give 2 anyway).
Job leases: which process runs the day tick in the current interval (matchmaker/jobs/ticker.py).

Revision ID: b9d4e6f8a2c1
Revises: a8c2e4f6b1d3
Create Date: 2026-12-02 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from matchmaker.db.types import UTCDateTime

revision = "b9d4e6f8a2c1"
down_revision = "a8c2e4f6b1d3"
branch_labels = None
depends_on = None

_OPEN = sa.text("status = 'open'")


def upgrade() -> None:
    op.drop_index("uq_refill_offers_open_seeker", table_name="refill_offers")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("events", "refill_offer_minutes", server_default="2")
    op.create_table(
        "job_leases",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("holder", sa.String(length=200), nullable=False),
        sa.Column("expires_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_leases")),
    )


def downgrade() -> None:
    op.drop_table("job_leases")
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("events", "refill_offer_minutes", server_default="5")
    # Keep the seat's best open offer and close the others, so that the index can come back.
    op.execute(
        "UPDATE refill_offers SET status = 'withdrawn' WHERE status = 'open' AND id NOT IN "
        "(SELECT min(id) FROM refill_offers WHERE status = 'open' GROUP BY slot_id, seeker_id)"
    )
    op.create_index(
        "uq_refill_offers_open_seeker",
        "refill_offers",
        ["slot_id", "seeker_id"],
        unique=True,
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )
