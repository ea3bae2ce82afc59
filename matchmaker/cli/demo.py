"""`matchmaker demo load`: the demo event, loaded once."""

from __future__ import annotations

from pathlib import Path

import click

from matchmaker.cli.context import migrated_session
from matchmaker.cli.errors import CliError
from matchmaker.config import PROJECT_ROOT
from matchmaker.services.events import EventSpecError


@click.group()
def demo() -> None:
    """The demo event (a two-day trade fair in Warsaw)."""


@demo.command()
@click.option(
    "--from",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=PROJECT_ROOT / "data" / "demo",
    show_default=True,
    help="Folder with event.json and attendees.csv.",
)
def load(directory: Path) -> None:
    """Load the demo event unless it is already there."""
    from matchmaker.services.demo import load_demo_event  # imports the CSV reader only when needed

    with migrated_session() as session:
        try:
            result = load_demo_event(session, directory)
        except (OSError, EventSpecError, ValueError) as exc:
            raise CliError(f"cannot load the demo event from {directory}: {exc}") from None
        session.commit()
        event = result.event
        if result.created:
            click.echo(
                f"loaded demo event {event.slug!r}: {len(event.attendees)} attendees, "
                f"{len(event.slots)} slots, {len(event.tables)} tables"
            )
        else:
            click.echo(f"demo event {event.slug!r} already loaded; nothing changed")
