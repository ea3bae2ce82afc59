"""What CLI commands share: settings and a database engine, with failures turned into one line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from matchmaker.cli.errors import CliError
from matchmaker.config import Settings, load_settings
from matchmaker.db.engine import DatabaseUnavailable, check_connection, make_engine, make_session_factory
from matchmaker.db.migrate import is_up_to_date
from matchmaker.db.unit_of_work import unit_of_work


def cli_settings() -> Settings:
    # CLI commands sign no cookies: they don't need the secret key (`serve` checks it itself).
    return load_settings(require_secret=False)


@contextmanager
def reachable_engine(settings: Settings | None = None) -> Iterator[Engine]:
    settings = settings or cli_settings()
    engine = make_engine(settings.resolved_database_url)
    try:
        check_connection(engine)
        yield engine
    except DatabaseUnavailable as exc:
        raise CliError(str(exc)) from None
    finally:
        engine.dispose()


@contextmanager
def migrated_session(settings: Settings | None = None) -> Iterator[Session]:
    """A session on an up-to-date schema, one unit of work: committed when the command's block ends
    normally, rolled back when it raises (a :class:`CliError` included)."""
    with reachable_engine(settings) as engine:
        if not is_up_to_date(engine):
            raise CliError("the database schema is not up to date: run `matchmaker db upgrade` first")
        with unit_of_work(make_session_factory(engine)) as session:
            yield session
