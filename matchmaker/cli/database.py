"""`matchmaker db ...`: schema migrations."""

from __future__ import annotations

import click

from matchmaker.cli.context import reachable_engine
from matchmaker.db import migrate


@click.group()
def db() -> None:
    """Database schema: apply or inspect migrations."""


@db.command()
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Apply migrations up to REVISION (default: the newest)."""
    with reachable_engine() as engine:
        migrate.upgrade(engine, revision)
        click.echo(f"database at revision {migrate.current_revision(engine)}")


@db.command()
def current() -> None:
    """Show the database's revision and whether it is up to date."""
    with reachable_engine() as engine:
        revision = migrate.current_revision(engine)
        state = "up to date" if migrate.is_up_to_date(engine) else f"head is {migrate.head_revision()}"
        click.echo(f"{revision or 'empty'} ({state})")


@db.command()
@click.option("-m", "--message", required=True, help="What the migration changes.")
def revision(message: str) -> None:
    """Write a new migration from the difference between the models and the database (developers)."""
    with reachable_engine() as engine:
        migrate.write_revision(engine, message)
