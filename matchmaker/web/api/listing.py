"""Collections: one query (from :mod:`matchmaker.services.listings`), counted and cut to the page
the query string asks for (:mod:`matchmaker.services.paging`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Select

from matchmaker.services.paging import page_of
from matchmaker.web.api.params import page, page_window
from matchmaker.web.database import get_session

Row = TypeVar("Row")


def paged(query: Select[Row], to_json: Callable[[Row], dict[str, Any]]) -> dict[str, Any]:
    """``{"items", "total", "limit", "offset"}`` for ``query`` (which must have a stable order)."""
    limit, offset = page_window()
    rows, total = page_of(get_session(), query, limit, offset)
    return page([to_json(row) for row in rows], total, limit, offset)
