"""One page of a query's rows, and how many rows it has in all: every paged list (the API's, the
organiser's attendees and outbox) counts and cuts the same way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

Row = TypeVar("Row")


def page_of(session: Session, query: Select[Row], limit: int, offset: int) -> tuple[Sequence[Row], int]:
    """Rows ``offset`` to ``offset + limit`` of ``query`` (which must have a stable order), and how many
    rows it has in all."""
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    return session.scalars(query.limit(limit).offset(offset)).all(), int(total)
