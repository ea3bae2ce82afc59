"""Engines and sessions for SQLite (embedded default) and PostgreSQL (production)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection


class DatabaseUnavailable(RuntimeError):
    """The database can't be reached or used; the message is one line naming the URL (password hidden)."""


def _enable_sqlite_integrity(dbapi_connection: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless told, per connection; WAL lets readers work during a write.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def in_sqlite_transaction(connection: Connection) -> None:
    """Make sure ``connection`` (SQLite) is inside a real transaction from here on (BEGIN if not).

    pysqlite's own handling emits BEGIN only before an INSERT, UPDATE or DELETE: a SELECT, DDL or
    SAVEPOINT before the first of them runs outside any transaction. So a savepoint opened first would
    be committed on its own when released, whatever the outer transaction does next, and a migration's
    DDL would not be rolled back. SQLAlchemy's recipe ("Enabling Non-Legacy SQLite Transactional
    Modes": the driver emits no BEGIN, the engine's ``begin`` event does) was tried and not kept: it
    begins every transaction at its first read, and then a job that reads, computes for seconds and
    writes (the recommendations refresh, a schedule run) either holds the one write lock all along
    (BEGIN IMMEDIATE: registrations wait behind it, then fail "database is locked") or fails its own
    write once anyone committed meanwhile (a deferred BEGIN's read snapshot can't be upgraded).
    Reads outside a write keep seeing the latest commits, as under PostgreSQL's READ COMMITTED.
    """
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is not None and not dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN")


def _savepoint_inside_a_transaction(connection: Connection, _name: str) -> None:
    in_sqlite_transaction(connection)


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; for SQLite the file's folder is created, integrity checks switched on and a
    savepoint always opened inside a real transaction (see :func:`in_sqlite_transaction`)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _enable_sqlite_integrity)
        event.listen(engine, "savepoint", _savepoint_inside_a_transaction)
        return engine
    kwargs.setdefault("pool_size", 5)
    kwargs.setdefault("max_overflow", 10)
    engine = create_engine(url, **kwargs)
    _ping_connections_that_sat_idle(engine)
    return engine


# A pooled connection can have died while it sat in the pool (the server restarted, a firewall or
# the server's idle timeout closed it): such a connection is tested with a trivial query before use,
# and replaced if dead. One that came back to the pool moments ago is alive, and is not tested.
# (SQLAlchemy's pool_pre_ping tests on every checkout: one more round trip per request, a tenth of
# the agenda API's time under load. A server restarting between the last use and the next is the
# same race as between a ping and the query that follows it.)
PING_AFTER_IDLE_SECONDS = 5.0


def _ping_connections_that_sat_idle(engine: Engine) -> None:
    def note_alive(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    def ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, _: PoolProxiedConnection) -> None:
        if time.monotonic() - record.info.get("idle_since", 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            # The pool drops this connection and checks out another (or opens a new one).
            raise DisconnectionError(f"a pooled connection was dead: {exc}") from exc

    event.listen(engine, "connect", note_alive)
    event.listen(engine, "checkin", note_alive)
    event.listen(engine, "checkout", ping_if_idle)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    # expire_on_commit=False: views render objects after the request's single commit.
    return sessionmaker(bind=engine, expire_on_commit=False)


def check_connection(engine: Engine) -> None:
    """Raise :class:`DatabaseUnavailable` unless a trivial query succeeds."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseUnavailable(
            f"cannot reach the database at {engine.url.render_as_string(hide_password=True)} "
            f"(MATCHMAKER_DATABASE_URL): {reason}"
        ) from None
