"""participant confirmations

When each person confirmed that a meeting took place: both confirming lets the two see each other's
address. Existing rows have no confirmation (NULL).

Revision ID: a8c2e4f6b1d3
Revises: f7a1c2d3e4b5
Create Date: 2026-12-02 06:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from matchmaker.db.types import UTCDateTime

revision = "a8c2e4f6b1d3"
down_revision = "f7a1c2d3e4b5"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "meeting_participants", sa.Column("confirmed_at", UTCDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("meeting_participants", schema=None) as batch_op:
        batch_op.drop_column("confirmed_at")
