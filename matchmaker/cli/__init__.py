"""The ``matchmaker`` command. Each sub-command lives in its own module and stays thin.

A sub-command's module is imported only when that command runs (or ``--help`` lists them all):
``matchmaker solve`` counts its start-up inside ``--time-limit``, and the web stack, Alembic and the
database driver that the other commands import took most of a second of it.
"""

from __future__ import annotations

import importlib

import click

from matchmaker import __version__
from matchmaker.cli.errors import CliError
from matchmaker.config import ConfigError

# Command name -> "module:attribute" under matchmaker.cli, in the order `--help` lists them.
COMMANDS = {
    "db": "database:db",
    "demo": "demo:demo",
    "serve": "serve:serve",
    "worker": "worker:worker",
    "match": "match:match",
    "solve": "solve:solve",
    "create-organiser": "organiser:create_organiser",
    "send-follow-ups": "follow_up:send_follow_ups",
    "tick": "tick:tick",
    "export-event": "transfer:export_event_command",
    "import-event": "transfer:import_event_command",
}


class _Group(click.Group):
    """Loads each sub-command on first use; turns configuration errors raised anywhere below into one
    line and exit code 1."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name].split(":")
            command = getattr(importlib.import_module(f"matchmaker.cli.{module}"), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"matchmaker.cli.{module}.{attribute} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except ConfigError as exc:
            raise CliError(str(exc)) from None


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="matchmaker")
def main() -> None:
    """Event matchmaking for conferences and trade fairs."""
