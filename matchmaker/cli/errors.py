"""How the CLI reports a failure: one clear line on stderr and a non-zero exit code, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import click

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2


class CliError(click.ClickException):
    """A failure the user can act on. ``exit_code`` 2 means the input was invalid."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it per instance

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True, file=file)


def refuse_output_over_input(source: Path, out: Path, what: str) -> None:
    """Refuse (exit 2) an ``--out`` that names the input file itself, however spelt or linked: the
    result would be written over ``what`` the user gave, which would be lost."""
    try:
        same = source.resolve() == out.resolve() or (out.exists() and source.samefile(out))
    except OSError:
        same = False
    if same:
        raise CliError(f"--out {out} is the {what} itself: name another file", EXIT_BAD_INPUT)
