"""Transactions are real on both databases: a savepoint rolls back only its own part, a transaction
takes its savepoints (and, on SQLite, its DDL) with it, and a failed request writes nothing.

On SQLite this needs db/engine.py's BEGIN before a savepoint and db/migrate.py's around a migration:
pysqlite begins only before a write, so a savepoint opened first ran outside any transaction (its
release committed it) and a migration's DDL outside the migration's transaction.
"""

from __future__ import annotations

import threading

import pytest
from flask import Flask
from sqlalchemy import Engine, func, inspect, select
from sqlalchemy.orm import Session

from matchmaker.db import migrate
from matchmaker.db.engine import make_session_factory
from matchmaker.db.models import Event
from matchmaker.web.database import get_session
from tests.factories import make_event
from tests.integration.attendee_support import csrf_client


def _slugs(engine: Engine) -> set[str]:
    with make_session_factory(engine)() as session:
        return set(session.scalars(select(Event.slug)))


def test_a_rolled_back_savepoint_undoes_only_its_part_and_the_outer_transaction_commits(
    engine: Engine,
) -> None:
    with make_session_factory(engine)() as session:
        make_event(session, slug="outer")
        with pytest.raises(RuntimeError), session.begin_nested():
            make_event(session, slug="inner")
            raise RuntimeError("the inner part fails")
        make_event(session, slug="after")
        session.commit()

    assert _slugs(engine) == {"outer", "after"}


def test_a_savepoint_opened_first_is_rolled_back_with_its_transaction(engine: Engine) -> None:
    with make_session_factory(engine)() as session:
        with session.begin_nested():  # the transaction's first statement is the SAVEPOINT
            make_event(session, slug="released")
        session.rollback()

    assert _slugs(engine) == set()


def test_a_transaction_that_read_first_still_rolls_back_what_it_wrote_after(engine: Engine) -> None:
    with make_session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(Event)) == 0
        with session.begin_nested():
            make_event(session, slug="written")
        session.rollback()

    assert _slugs(engine) == set()


def test_a_transaction_that_read_first_can_still_write_after_another_committed_meanwhile(
    engine: Engine,
) -> None:
    # A read before the first write holds no snapshot on SQLite (db/engine.py: in_sqlite_transaction): a
    # BEGIN at that read would fail this write with "database is locked" once the other one committed.
    with make_session_factory(engine)() as session:
        make_event(session, slug="shared")
        session.commit()
    errors: list[BaseException] = []

    def rename_meanwhile() -> None:
        try:
            with make_session_factory(engine)() as other:
                other.scalars(select(Event).where(Event.slug == "shared")).one().name = "Renamed"
                other.commit()
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    with make_session_factory(engine)() as session:
        event = session.scalars(select(Event).where(Event.slug == "shared")).one()
        thread = threading.Thread(target=rename_meanwhile)
        thread.start()
        thread.join(timeout=0.5)  # done at once on PostgreSQL; waiting for this transaction on SQLite
        make_event(session, slug="written-after")
        event.venue = "Hall B"
        session.commit()
    thread.join(timeout=30)

    assert errors == []
    assert _slugs(engine) == {"shared", "written-after"}


def test_a_failed_request_leaves_nothing_half_written(app: Flask, db_session: Session) -> None:
    @app.post("/test/half-written")
    def half_written() -> str:
        session = get_session()
        make_event(session, slug="first-half")
        with session.begin_nested():
            make_event(session, slug="second-half")
        raise RuntimeError("the request fails after both halves were flushed")

    app.config.update(PROPAGATE_EXCEPTIONS=False)
    response = csrf_client(app).post("/test/half-written")

    assert response.status_code == 500
    assert set(db_session.scalars(select(Event.slug))) == set()


def test_a_failed_migration_leaves_no_table_behind_and_runs_with_foreign_keys_off_on_sqlite(
    engine: Engine,
) -> None:
    sqlite = engine.dialect.name == "sqlite"
    foreign_keys = None
    with pytest.raises(RuntimeError), migrate._migrating(engine) as connection:
        if sqlite:
            foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        connection.exec_driver_sql("CREATE TABLE half_migrated (id INTEGER PRIMARY KEY)")
        raise RuntimeError("the migration fails after its DDL")

    assert "half_migrated" not in inspect(engine).get_table_names()
    if sqlite:
        assert foreign_keys == 0  # table rebuilds in batch mode must not cascade
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
