"""One database session per request: views flush through services and commit once."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from matchmaker.db.engine import make_engine, make_session_factory

_EXTENSION = "matchmaker.db"


class Database:
    """The app's engine and session factory, created once per process."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(url)
        self.session_factory: sessionmaker[Session] = make_session_factory(self.engine)


def init_app(app: Flask, url: str) -> Database:
    database = Database(url)
    app.extensions[_EXTENSION] = database
    app.teardown_appcontext(_close_session)
    return database


def get_database() -> Database:
    database: Database = current_app.extensions[_EXTENSION]
    return database


def get_session() -> Session:
    """The request's session, opened on first use; rolled back at teardown unless committed."""
    if "db_session" not in g:
        g.db_session = get_database().session_factory()
    session: Session = g.db_session
    return session


def get_reading_connection() -> Connection:
    """The request's connection for a view that only reads plain rows (a read model), in autocommit.

    No ORM session (its bookkeeping was a tenth of the agenda API's time), and each statement runs
    on its own: no BEGIN and ROLLBACK round trips, which were half of the round trips of the busiest
    reads. Nothing is lost: under PostgreSQL's READ COMMITTED each statement sees its own snapshot
    inside a transaction too. Returned to the pool at teardown.
    """
    if "db_reading_connection" not in g:
        g.db_reading_connection = get_database().engine.connect().execution_options(
            isolation_level="AUTOCOMMIT")
    connection: Connection = g.db_reading_connection
    return connection


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()
    connection: Connection | None = g.pop("db_reading_connection", None)
    if connection is not None:
        connection.close()
