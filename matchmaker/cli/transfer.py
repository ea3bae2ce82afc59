"""`matchmaker export-event` / `import-event`: back up and move events losslessly."""

from __future__ import annotations

import json
from pathlib import Path

import click

from matchmaker.cli.context import migrated_session
from matchmaker.cli.errors import EXIT_BAD_INPUT, CliError
from matchmaker.services.event_transfer import TransferError, export_event, import_event


@click.command("export-event")
@click.argument("slug")
@click.argument("file", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_event_command(slug: str, file: Path) -> None:
    """Write the event SLUG, with everything in it, to FILE (JSON)."""
    with migrated_session() as session:
        try:
            document = export_event(session, slug)
        except TransferError as exc:
            raise CliError(str(exc), EXIT_BAD_INPUT) from None
    temporary = file.with_name(file.name + ".partial")
    try:
        temporary.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        temporary.replace(file)  # never leave a half-written back-up under the real name
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CliError(f"cannot write {file}: {exc.strerror or exc}") from None
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in document["tables"].items() if rows)
    click.echo(f"exported {slug!r} to {file}: {counts}")


@click.command("import-event")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_event_command(file: Path) -> None:
    """Recreate an event from a FILE written by export-event (all or nothing)."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CliError(f"{file} is not an export-event JSON file: {exc}", EXIT_BAD_INPUT) from None
    if not isinstance(document, dict):
        raise CliError(f"{file} is not an export-event JSON file", EXIT_BAD_INPUT)
    with migrated_session() as session:
        try:
            event = import_event(session, document)
        except TransferError as exc:
            raise CliError(str(exc), EXIT_BAD_INPUT) from None
        imported = f"imported event {event.slug!r} ({len(event.attendees)} attendees)"
    click.echo(imported)
