"""`matchmaker demo load`: the demo event, loaded once."""

from __future__ import annotations

from pathlib import Path

import click

from matchmaker.cli.context import cli_settings, migrated_session
from matchmaker.cli.errors import CliError
from matchmaker.config import PROJECT_ROOT
from matchmaker.db.unit_of_work import commit
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
    # Imported here: the embedding model and CSV reader load only when this command runs.
    from matchmaker.ml import get_embedder
    from matchmaker.services.demo import load_demo_event
    from matchmaker.services.kiosk import issue_kiosk_token
    from matchmaker.services.organisers import DEMO_ORGANISER_EMAIL, ensure_demo_organiser
    from matchmaker.services.recommendations import has_recommendations, refresh_event_recommendations

    with migrated_session() as session:
        try:
            result = load_demo_event(session, directory)
        except (OSError, EventSpecError, ValueError) as exc:
            raise CliError(f"cannot load the demo event from {directory}: {exc}") from None
        event = result.event
        settings = cli_settings()
        password = ensure_demo_organiser(session, event)
        kiosk_token = issue_kiosk_token(session, event, "Demo kiosk") if result.created else None
        commit(session)  # the event is kept even if computing its recommendations is interrupted
        if result.created:
            click.echo(
                f"loaded demo event {event.slug!r}: {len(event.attendees)} attendees, "
                f"{len(event.slots)} slots, {len(event.tables)} tables"
            )
        if password is not None:
            click.echo(f"organiser login: {DEMO_ORGANISER_EMAIL} / {password}  (shown once)")
        base = settings.base_url.rstrip("/")
        click.echo(f"organiser dashboard: {base}/organiser/")
        if kiosk_token is not None:
            click.echo(f"kiosk board: {base}/kiosk/{event.slug}/{kiosk_token}")
        else:  # only its hash is stored: the link can't be shown again, a new one can be made
            click.echo(f"kiosk boards: make a link at {base}/organiser/events/{event.slug}/setup#kiosks")
        # Checked on every run, so an interrupted first load still ends with recommendations.
        if not has_recommendations(session, event.id):
            click.echo(f"computing recommendations with {settings.embedding_model} ...")
            refreshed = refresh_event_recommendations(
                session, event.id, embedder=get_embedder(settings.embedding_model), top_k=settings.top_k
            )
            commit(session)
            click.echo(f"recommendations ready for {refreshed.attendees} attendees")
        elif not result.created:
            click.echo(f"demo event {event.slug!r} already loaded; nothing changed")
