"""Upgrading a database that holds meetings to the calendar revision keeps the rows, and starts each
meeting's revision where the SEQUENCE of calendars downloaded before it was."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, Boolean, Date, DateTime, Engine, Integer, MetaData, Table, make_url, select, text

from matchmaker.db import migrate
from matchmaker.db.engine import make_engine
from tests.conftest import TEST_DATABASE_URL_VARIABLE

BEFORE = "aab6571d6b77"
CREATED = datetime(2027, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def scratch_engine(tmp_path: Path) -> Iterator[Engine]:
    """An empty database of its own (the suite's shared one is already at head)."""
    server_url = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    if not server_url:
        engine = make_engine(f"sqlite:///{tmp_path / 'upgrade.sqlite3'}")
        yield engine
        engine.dispose()
        return
    name = f"matchmaker_upgrade_{uuid.uuid4().hex[:12]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(server_url).set(database=name).render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _filler(column: Any) -> object:
    if isinstance(column.type, DateTime):
        return CREATED
    if isinstance(column.type, Date):
        return date(2027, 5, 18)
    if isinstance(column.type, Boolean):
        return False
    if isinstance(column.type, JSON):
        return []
    if isinstance(column.type, Integer):
        return 1
    return "x"


def _insert(engine: Engine, table: Table, **values: object) -> int:
    """A row with ``values`` and a plain value in every other required column; returns its id."""
    row = {
        c.name: _filler(c)
        for c in table.columns
        if not c.nullable and c.server_default is None and not c.primary_key
    }
    row.update(values)
    with engine.begin() as connection:
        return int(connection.execute(table.insert().values(row).returning(table.c.id)).scalar_one())


def test_upgrade_keeps_meetings_and_carries_their_calendar_sequence_on(scratch_engine: Engine) -> None:
    migrate.upgrade(scratch_engine, BEFORE)
    old = MetaData()
    old.reflect(scratch_engine)
    t = old.tables
    event = _insert(scratch_engine, t["events"], slug="fair", timezone="Europe/Warsaw")
    slot = _insert(
        scratch_engine,
        t["slots"],
        event_id=event,
        code="d1-01",
        start=CREATED,
        end=CREATED + timedelta(minutes=20),
    )
    table = _insert(scratch_engine, t["venue_tables"], event_id=event, name="T01")
    a = _insert(scratch_engine, t["attendees"], event_id=event, name="Anna")
    b = _insert(scratch_engine, t["attendees"], event_id=event, name="Boris")
    untouched = _insert(
        scratch_engine,
        t["meetings"],
        event_id=event,
        attendee_a_id=a,
        attendee_b_id=b,
        slot_id=slot,
        table_id=table,
        status="cancelled",
        source="auto",
        created_at=CREATED,
        updated_at=CREATED,
    )
    changed = _insert(
        scratch_engine,
        t["meetings"],
        event_id=event,
        attendee_a_id=a,
        attendee_b_id=b,
        slot_id=slot,
        table_id=table,
        status="scheduled",
        source="auto",
        created_at=CREATED,
        updated_at=CREATED + timedelta(minutes=2, seconds=5, milliseconds=700),
    )

    migrate.upgrade(scratch_engine)

    new = MetaData()
    new.reflect(scratch_engine)
    with scratch_engine.connect() as connection:
        revisions = dict(
            connection.execute(select(new.tables["meetings"].c.id, new.tables["meetings"].c.revision)).all()
        )
        attendees = connection.execute(
            select(new.tables["attendees"].c.name, new.tables["attendees"].c.calendar_token_hash)
        ).all()
    # The earlier download's SEQUENCE was the whole seconds from creation to the last change.
    assert revisions == {untouched: 0, changed: 125}
    assert sorted(attendees) == [("Anna", None), ("Boris", None)]
    assert migrate.is_up_to_date(scratch_engine)
