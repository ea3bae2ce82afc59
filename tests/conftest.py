"""Shared fixtures: a migrated database (SQLite by default, PostgreSQL when
``MATCHMAKER_TEST_DATABASE_URL`` names a server database to create a scratch database from), the app,
its client and CLI runner.

Every test sees an empty database: tables are emptied after each test that used one.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask, has_request_context, request
from flask.testing import FlaskClient
from sqlalchemy import Engine, delete, event, make_url, text
from sqlalchemy.orm import Session

from matchmaker.config import Settings
from matchmaker.db import migrate
from matchmaker.db.engine import make_engine, make_session_factory
from matchmaker.db.models import Base
from matchmaker.web.app import create_app
from tests.factories import reseed

TEST_DATABASE_URL_VARIABLE = "MATCHMAKER_TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _factory_draws(request: pytest.FixtureRequest) -> None:
    """The factories' empty optional fields are drawn afresh per test, from its id (see factories)."""
    reseed(request.node.nodeid)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """SQLite in a temporary folder, or a fresh PostgreSQL database made for this run (and dropped after),
    so parallel runs on one server never see each other's rows."""
    server_url = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    if not server_url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    name = f"matchmaker_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    """The schema is made by the migrations, from an empty database, as in production."""
    engine = make_engine(database_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def _empty_all_tables(engine: Engine) -> None:
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture
def engine(migrated_engine: Engine) -> Iterator[Engine]:
    yield migrated_engine
    _empty_all_tables(migrated_engine)


@pytest.fixture
def db_session(engine: Engine) -> Iterator[Session]:
    """A session for arranging and checking data; services flush, tests commit when they need to."""
    with make_session_factory(engine)() as session:
        yield session


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        debug=False,
        secret_key="test-secret-key",
        database_url=database_url,
        instance_path=tmp_path / "instance",
        tick_seconds=0,  # no day-tick thread: tests tick when they mean to
    )


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE")
# The one write a GET may make: an API key's "last used" (services/api_keys.py: organiser_for_key), the
# organiser's record of which integrations still call, kept at most every few minutes, reads included.
GET_BOOKKEEPING = ("UPDATE api_keys SET last_used_at=",)


def refuse_writes_during_get(app_engine: Engine) -> list[str]:
    """Record every statement that writes while the app answers a GET or HEAD request: a GET never
    writes (a page shown twice, a prefetch, a crawler change nothing). The list is checked by the
    ``app`` fixture after each test, so every page any test visits is held to it."""
    writes: list[str] = []

    def check(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        reading = has_request_context() and request.method in ("GET", "HEAD")
        written = statement.lstrip().split(None, 1)[0].upper() in _WRITES
        if reading and written and not statement.lstrip().startswith(GET_BOOKKEEPING):
            writes.append(f"{request.method} {request.full_path}: {statement.splitlines()[0]}")

    event.listen(app_engine, "before_cursor_execute", check)
    return writes


@pytest.fixture
def app(settings: Settings, engine: Engine) -> Iterator[Flask]:
    app = create_app(settings)
    app.config.update(TESTING=True)
    writes = refuse_writes_during_get(app.extensions["matchmaker.db"].engine)
    yield app
    app.extensions["matchmaker.db"].engine.dispose()
    assert not writes, "a GET request wrote to the database:\n" + "\n".join(writes)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def cli_env(database_url: str, tmp_path: Path) -> dict[str, str]:
    """Environment for invoking ``matchmaker`` commands against the test database."""
    return {
        "MATCHMAKER_DATABASE_URL": database_url,
        "MATCHMAKER_INSTANCE_PATH": str(tmp_path / "instance"),
    }


@pytest.fixture
def runner(cli_env: dict[str, str]) -> CliRunner:
    return CliRunner(env=cli_env)
