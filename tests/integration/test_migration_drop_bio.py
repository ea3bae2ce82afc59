"""Dropping the never-written ``attendees.bio`` keeps every attendee, and a downgrade brings it back empty."""

from __future__ import annotations

from sqlalchemy import Engine, MetaData, select

from matchmaker.db import migrate
from tests.integration.test_migration_calendar_revision import _insert, scratch_engine  # noqa: F401

# The head before the drop (see the migration's merge note).
BEFORE = "d7b3e5a9c1f4"


def _attendees(engine: Engine) -> tuple[list[str], list[tuple[str, str]]]:
    schema = MetaData()
    schema.reflect(engine)
    table = schema.tables["attendees"]
    with engine.connect() as connection:
        rows = connection.execute(select(table.c.name, table.c.offers).order_by(table.c.name)).all()
    return sorted(table.columns.keys()), [tuple(row) for row in rows]


def test_upgrade_drops_bio_and_keeps_the_attendees(scratch_engine: Engine) -> None:  # noqa: F811
    migrate.upgrade(scratch_engine, BEFORE)
    old = MetaData()
    old.reflect(scratch_engine)
    event = _insert(scratch_engine, old.tables["events"], slug="fair", timezone="Europe/Warsaw")
    _insert(scratch_engine, old.tables["attendees"], event_id=event, name="Anna", offers="oak flooring")
    _insert(scratch_engine, old.tables["attendees"], event_id=event, name="Boris", offers="")

    migrate.upgrade(scratch_engine)

    columns, rows = _attendees(scratch_engine)
    assert ("bio" in columns, rows) == (False, [("Anna", "oak flooring"), ("Boris", "")])


def test_downgrade_brings_bio_back_empty_and_keeps_the_attendees(scratch_engine: Engine) -> None:  # noqa: F811
    migrate.upgrade(scratch_engine)
    schema = MetaData()
    schema.reflect(scratch_engine)
    event = _insert(scratch_engine, schema.tables["events"], slug="fair", timezone="Europe/Warsaw")
    _insert(scratch_engine, schema.tables["attendees"], event_id=event, name="Anna", offers="oak flooring")

    migrate.downgrade(scratch_engine, BEFORE)

    old = MetaData()
    old.reflect(scratch_engine)
    with scratch_engine.connect() as connection:
        bios = connection.execute(select(old.tables["attendees"].c.bio)).scalars().all()
    assert (bios, _attendees(scratch_engine)[1]) == ([""], [("Anna", "oak flooring")])
