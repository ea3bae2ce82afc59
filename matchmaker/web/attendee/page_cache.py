"""Rendered personal pages, kept per worker process and keyed by exactly what they were made from.

A key holds the link, the language, the mount point and the fingerprint of the data (see
:mod:`matchmaker.services.agenda_view`): any change to the data makes a new key, so a cached page is
never stale, and an old one simply ages out of the bounded LRU. Pages with a one-time message
(flash) are never cached: the message belongs to that one response.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable

from cachetools import LRUCache
from flask import session

# About 8 KB a page: a few tens of MB per worker at most.
MAX_PAGES = 4096


class RenderedPages:
    def __init__(self, max_pages: int = MAX_PAGES) -> None:
        self._pages: LRUCache[Hashable, str] = LRUCache(max_pages)
        self._lock = threading.Lock()  # a gthread worker serves requests from several threads

    def get_or_render(self, key: Hashable, render: Callable[[], str]) -> str:
        if session.get("_flashes"):
            return render()
        with self._lock:
            page = self._pages.get(key)
        if page is None:
            page = render()
            with self._lock:
                self._pages[key] = page
        return page

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
