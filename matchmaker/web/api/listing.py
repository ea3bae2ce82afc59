"""Collections: one query, counted and cut to the requested page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Select, func, select

from matchmaker.web.api.params import page, page_window
from matchmaker.web.database import get_session

Row = TypeVar("Row")


def paged(query: Select[Row], to_json: Callable[[Row], dict[str, Any]]) -> dict[str, Any]:
    """``{"items", "total", "limit", "offset"}`` for ``query`` (which must have a stable order)."""
    limit, offset = page_window()
    session = get_session()
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = session.scalars(query.limit(limit).offset(offset)).all()
    return page([to_json(row) for row in rows], int(total), limit, offset)
