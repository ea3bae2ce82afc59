"""Upgrading a database with events to the "requested meetings only" setting keeps every row."""

from __future__ import annotations

from sqlalchemy import Engine, MetaData, func, select

from matchmaker.db import migrate
from tests.integration.test_migration_calendar_revision import _insert, scratch_engine  # noqa: F401

BEFORE = "b1a991f32022"


def test_upgrade_keeps_events_and_their_attendees_and_schedules_suggestions_as_before(
    scratch_engine: Engine,  # noqa: F811
) -> None:
    migrate.upgrade(scratch_engine, BEFORE)
    old = MetaData()
    old.reflect(scratch_engine)
    event = _insert(scratch_engine, old.tables["events"], slug="fair", timezone="Europe/Warsaw")
    _insert(scratch_engine, old.tables["attendees"], event_id=event, name="Anna")

    migrate.upgrade(scratch_engine)

    new = MetaData()
    new.reflect(scratch_engine)
    with scratch_engine.connect() as connection:
        attendees = connection.execute(select(func.count()).select_from(new.tables["attendees"])).scalar()
        mode = connection.execute(select(new.tables["events"].c.requested_meetings_only)).scalar_one()
    assert (attendees, bool(mode)) == (1, False)
