"""drop attendee bio

``attendees.bio`` was never written by any form, import or API (every row holds ""), and nothing shows
it: the column goes. A downgrade brings it back empty, which is what every row held.

Revision ID: 9b10d5a7c3e1
Revises: d7b3e5a9c1f4
Create Date: 2026-12-02 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "9b10d5a7c3e1"
down_revision = "d7b3e5a9c1f4"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain DROP COLUMN (SQLite has it since 3.35): no copy-and-rename of the attendees table, which
    # every other table points at.
    op.drop_column("attendees", "bio")


def downgrade() -> None:
    op.add_column("attendees", sa.Column("bio", sa.Text(), nullable=False, server_default=""))
