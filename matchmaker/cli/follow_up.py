"""`matchmaker send-follow-ups`: the after-event mails with new connections' contact details."""

from __future__ import annotations

import click

from matchmaker.cli.context import cli_settings, migrated_session


@click.command("send-follow-ups")
def send_follow_ups() -> None:
    """Mail attendees their new connections, for every event that is over (sends nothing twice;
    safe to run from cron every few minutes)."""
    from matchmaker.jobs.follow_up import lost_link_url, send_due_follow_up_mails

    settings = cli_settings()
    with migrated_session(settings) as session:
        sent = send_due_follow_up_mails(session, lost_link_url(settings))
    click.echo(f"{sent} follow-up mail(s) written")
