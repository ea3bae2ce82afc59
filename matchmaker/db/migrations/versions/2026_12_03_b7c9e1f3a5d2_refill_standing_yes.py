"""the freed person's standing yes to a refill

When someone's meeting falls through they answer once "find me another partner for this slot"; every
partner asked for that seat afterwards then needs only their own yes. Existing seats have none.

Revision ID: b7c9e1f3a5d2
Revises: a4d6f8b0c2e1
Create Date: 2026-12-03 13:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from matchmaker.db.types import UTCDateTime

revision = "b7c9e1f3a5d2"
down_revision = "a4d6f8b0c2e1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("freed_seats", sa.Column("consent_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("freed_seats") as batch_op:
        batch_op.drop_column("consent_at")
