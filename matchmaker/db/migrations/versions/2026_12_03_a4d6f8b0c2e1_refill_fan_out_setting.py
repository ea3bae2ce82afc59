"""refill fan-out per event

How many candidates a freed seat asks at once becomes the organiser's setting for the event (was a
constant, 3, in services/refill.py); existing events get 3, what they had.

Revision ID: a4d6f8b0c2e1
Revises: c3e5a7b9d1f2
Create Date: 2026-12-03 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "a4d6f8b0c2e1"
down_revision = "c3e5a7b9d1f2"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("events", sa.Column("refill_fan_out", sa.Integer(), nullable=False, server_default="3"))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch_op:
        batch_op.drop_column("refill_fan_out")
