"""`matchmaker tick`: the on-the-day work (no-shows, refill offers, reminders, follow-ups)."""

from __future__ import annotations

import time

import click

from matchmaker.cli.context import cli_settings, migrated_session


@click.command("tick")
@click.option(
    "--every",
    # At most a day: a larger pause overflowed the clock arithmetic (a traceback after the first tick).
    type=click.IntRange(min=5, max=24 * 3600),
    default=None,
    metavar="SECONDS",
    help="Run again every SECONDS until stopped (a worker of its own); once by default.",
)
def tick(every: int | None) -> None:
    """Mark no-shows, expire refill offers and ask the next candidates, send due reminders, digests and
    follow-up mails. Sends nothing twice: safe from cron every minute, or from two machines."""
    from matchmaker.jobs.day_tick import run_tick
    from matchmaker.jobs.follow_up import lost_link_url
    from matchmaker.services import tokens

    settings = cli_settings()
    if settings.secret_key:
        tokens.configure_link_key(settings.secret_key)  # mails carry personal links when they can
    base = settings.base_url.rstrip("/")
    while True:
        with migrated_session(settings) as session:
            report = run_tick(
                session, link_for=lambda token: f"{base}/me/{token}", lost_link=lost_link_url(settings)
            )
        click.echo(report.line())
        if every is None:
            return
        time.sleep(every)
