"""`matchmaker create-organiser EMAIL`: an organiser account for the dashboard."""

from __future__ import annotations

import sys

import click

from matchmaker.cli.context import migrated_session
from matchmaker.cli.errors import EXIT_BAD_INPUT, CliError


@click.command("create-organiser")
@click.argument("email")
@click.option("--name", default="", help="Shown in the dashboard.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input (scripts).")
@click.option(
    "--event", "event_slugs", multiple=True, metavar="SLUG", help="Give access to this event (repeatable)."
)
def create_organiser(email: str, name: str, password_stdin: bool, event_slugs: tuple[str, ...]) -> None:
    """Create an organiser who signs in at /organiser with EMAIL and a password."""
    from matchmaker.services.events import find_event
    from matchmaker.services.organisers import OrganiserError, create_organiser, grant_event

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with migrated_session() as session:
        try:
            organiser = create_organiser(session, email, password, name)
        except OrganiserError as exc:
            raise CliError(str(exc), EXIT_BAD_INPUT) from None
        for slug in event_slugs:
            event = find_event(session, slug)
            if event is None:
                raise CliError(f"no event with slug {slug!r}", EXIT_BAD_INPUT)
            grant_event(session, organiser, event)
    access = f" with access to {', '.join(event_slugs)}" if event_slugs else ""
    click.echo(f"organiser {organiser.email} created{access}")
