"""Applying and writing Alembic migrations: the only way the schema is created."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

from matchmaker.db.engine import in_sqlite_transaction

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    return config


class MigrationBrokeReferences(RuntimeError):
    """A migration left rows pointing at rows that no longer exist (SQLite, checked after the run)."""


@contextmanager
def _migrating(engine: Engine) -> Iterator[Connection]:
    """A connection for a migration run, in one transaction (PostgreSQL rolls back on error).

    On SQLite, batch mode rebuilds a table by copying it and dropping the old one; with foreign keys
    on, dropping the old table runs its ON DELETE CASCADEs and silently deletes every row that
    pointed at it (an event's attendees, recommendations...). SQLite's own advice for table rebuilds:
    foreign keys off (only possible outside a transaction), then a foreign-key check before commit.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _outside_any_transaction(connection, "PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                if sqlite:  # a real transaction there too, so the DDL is rolled back on error
                    in_sqlite_transaction(connection)
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise MigrationBrokeReferences(f"rows with dangling references: {broken[:5]}")
        finally:
            if sqlite:
                _outside_any_transaction(connection, "PRAGMA foreign_keys=ON")


def _outside_any_transaction(connection: Connection, pragma: str) -> None:
    # Through the driver, before any transaction: inside one, SQLite ignores a foreign_keys pragma.
    connection.connection.dbapi_connection.execute(pragma)  # type: ignore[union-attr]


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``, keeping every row."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with _migrating(engine) as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema down to ``revision``, keeping every row the older schema can hold."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with _migrating(engine) as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def is_up_to_date(engine: Engine) -> bool:
    return current_revision(engine) == head_revision()


def write_revision(engine: Engine, message: str) -> None:
    """Autogenerate a revision from the models against the database at ``engine`` (developers only)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)
