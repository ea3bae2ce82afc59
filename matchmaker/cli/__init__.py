"""The ``matchmaker`` command. Each sub-command lives in its own module and stays thin."""

from __future__ import annotations

import click

from matchmaker import __version__
from matchmaker.cli.errors import CliError
from matchmaker.config import ConfigError


class _Group(click.Group):
    """Turns configuration errors raised anywhere below into one line and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise CliError(str(exc)) from None


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="matchmaker")
def main() -> None:
    """Event matchmaking for conferences and trade fairs."""


def _register() -> None:
    # Imported here so that `matchmaker --help` stays fast and each command module stays independent.
    from matchmaker.cli import (
        database,
        demo,
        follow_up,
        match,
        organiser,
        serve,
        solve,
        tick,
        transfer,
        worker,
    )

    for command in (
        database.db,
        demo.demo,
        serve.serve,
        worker.worker,
        match.match,
        solve.solve,
        organiser.create_organiser,
        follow_up.send_follow_ups,
        tick.tick,
        transfer.export_event_command,
        transfer.import_event_command,
    ):
        main.add_command(command)


_register()
