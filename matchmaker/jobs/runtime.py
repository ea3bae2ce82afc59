"""What a job needs to run outside a request: settings and a database session, once per process."""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session, sessionmaker

from matchmaker.config import Settings, load_settings
from matchmaker.db.engine import make_engine, make_session_factory
from matchmaker.db.unit_of_work import unit_of_work

_lock = threading.Lock()
_factories: dict[str, sessionmaker[Session]] = {}
# Set by a web process that runs jobs itself while Redis is down: its database, not the environment's.
_default_url: list[str | None] = [None]


def set_default_database_url(url: str | None) -> None:
    _default_url[0] = url


def _settings() -> Settings:
    # Workers sign nothing; the web app checks the secret key.
    return load_settings(require_secret=False)


def session_factory(database_url: str | None = None) -> sessionmaker[Session]:
    url = database_url or _default_url[0] or _settings().resolved_database_url
    with _lock:
        if url not in _factories:
            _factories[url] = make_session_factory(make_engine(url))
        return _factories[url]


def dispose_engines() -> None:
    """Close the pooled connections of every job engine (at exit, and in tests)."""
    with _lock:
        for factory in _factories.values():
            bind = factory.kw.get("bind")
            if bind is not None:
                bind.dispose()
        _factories.clear()


atexit.register(dispose_engines)


@contextmanager
def job_session(database_url: str | None = None) -> Iterator[Session]:
    """A session for one job: what it wrote is committed when the block ends normally, rolled back when
    it raises. A job that reports progress commits each step on the way (``unit_of_work.commit``)."""
    with unit_of_work(session_factory(database_url)) as session:
        yield session
