"""Pooled PostgreSQL connections: one that died while it sat idle is replaced before use, without an
error reaching the request; one just returned to the pool is used without a test query."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from matchmaker.config import Settings
from matchmaker.db import engine as engine_module
from matchmaker.db.engine import make_engine


@pytest.fixture(autouse=True)
def _postgresql_only(settings: Settings) -> None:
    if settings.uses_sqlite:
        pytest.skip(
            "only PostgreSQL has server connections that can die in the pool; "
            "`make test` runs these on PostgreSQL (MATCHMAKER_TEST_DATABASE_URL)"
        )


@pytest.fixture
def pooled(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url, pool_size=1, max_overflow=0)
    yield engine
    engine.dispose()


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


def _terminate(admin: Engine, pid: int) -> None:
    with admin.connect() as connection:
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
        connection.commit()


def test_a_connection_killed_while_idle_is_replaced_before_use(
    pooled: Engine, migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = _backend_pid(pooled)
    _terminate(migrated_engine, dead)  # as a server restart or an idle timeout would
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has now sat idle "long"

    replaced = _backend_pid(pooled)

    assert replaced != dead


def test_without_the_idle_test_the_dead_connection_would_have_failed(
    pooled: Engine, migrated_engine: Engine
) -> None:
    # The counterpart of the test above: a connection returned moments ago is used as it is, so the
    # replacement above is the idle test's doing (and a busy server pays no test query).
    dead = _backend_pid(pooled)
    _terminate(migrated_engine, dead)

    with pytest.raises(DBAPIError) as failure:
        _backend_pid(pooled)
    assert failure.value.connection_invalidated
    assert _backend_pid(pooled) != dead  # the failure replaced it for the next request


def test_a_connection_returned_moments_ago_gets_no_test_query(
    pooled: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[object] = []
    real_ping = pooled.dialect.do_ping

    def counted_ping(connection: object) -> bool:
        pings.append(connection)
        return real_ping(connection)

    monkeypatch.setattr(pooled.dialect, "do_ping", counted_ping)
    _backend_pid(pooled)  # a fresh connection is alive: no test either

    for _ in range(3):
        _backend_pid(pooled)

    assert pings == []
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    _backend_pid(pooled)
    assert len(pings) == 1
