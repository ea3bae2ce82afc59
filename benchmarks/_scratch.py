"""A PostgreSQL database of a benchmark's own, made on a server and dropped after the run."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def scratch_database(server_url: str, prefix: str, *, fast_commits: bool = False) -> Iterator[str]:
    """The URL of a new database on the server of ``server_url`` (dropped after, also on error).

    ``fast_commits``: no wait for the disk at each commit — for simulations whose figures are not the
    database's durability (a crash loses nothing worth keeping).
    """
    from sqlalchemy import make_url, text

    from matchmaker.db.engine import make_engine

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
        if fast_commits:
            connection.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
