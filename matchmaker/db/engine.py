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


def _take_over_sqlite_transactions(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite's legacy transaction handling emits BEGIN only before INSERT/UPDATE/DELETE: a SELECT,
    # DDL or SAVEPOINT first runs outside any transaction, so a savepoint opened first is committed on
    # its own when released, and a migration's DDL is not rolled back. SQLAlchemy's recipe for SQLite
    # ("Enabling Non-Legacy SQLite Transactional Modes"): the driver emits no BEGIN ...
    dbapi_connection.isolation_level = None


# An execution option for a transaction that only reads (a GET request's): on SQLite it takes no lock.
READS_ONLY = "matchmaker_reads_only"


def _begin_sqlite_transaction(connection: Connection) -> None:
    # ... and every transaction SQLAlchemy begins starts with BEGIN (the driver still commits and rolls
    # back), so a transaction holds all its statements, savepoints and DDL included. IMMEDIATE takes the
    # write lock at once: a transaction that reads and then writes waits for another writer (the busy
    # timeout) instead of failing with "database is locked" when that one committed in between (a
    # deferred read snapshot can't be upgraded). One marked READS_ONLY begins deferred: readers don't
    # wait for writers (WAL). A connection asked for AUTOCOMMIT (the read models' reading connection)
    # runs each statement on its own, as asked.
    options = connection.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    connection.exec_driver_sql("BEGIN" if options.get(READS_ONLY) else "BEGIN IMMEDIATE")


def make_engine(url: str, *, sqlite_transactions: bool = True, **kwargs: Any) -> Engine:
    """An engine for ``url``; for SQLite the file's folder is created, integrity checks switched on and
    transactions made real (see _take_over_sqlite_transactions). ``sqlite_transactions=False`` leaves
    pysqlite's own handling, where each read outside a write sees the latest commits (the test suite's
    session for arranging and checking rows, which reads what the app committed meanwhile, as under
    PostgreSQL's READ COMMITTED)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 10, "check_same_thread": False}, **kwargs)
        event.listen(engine, "connect", _enable_sqlite_integrity)
        if sqlite_transactions:
            event.listen(engine, "connect", _take_over_sqlite_transactions)
            event.listen(engine, "begin", _begin_sqlite_transaction)
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
