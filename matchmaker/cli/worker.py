"""`matchmaker worker`: consume the Redis job queue (production mode)."""

from __future__ import annotations

import click

from matchmaker.cli.context import cli_settings
from matchmaker.cli.errors import CliError
from matchmaker.jobs.queue import worker_queues


@click.command()
@click.option("--burst", is_flag=True, help="Stop when the queue is empty (tests, one-off runs).")
def worker(burst: bool) -> None:
    """Run jobs from the Redis queue; needs MATCHMAKER_REDIS_URL. Also runs the day tick every
    MATCHMAKER_TICK_SECONDS (one worker per interval ticks; 0: none)."""
    settings = cli_settings()
    if not settings.redis_url:
        raise CliError("MATCHMAKER_REDIS_URL is not set: jobs run inside the web app, no worker needed")
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Worker

    connection = Redis.from_url(settings.redis_url)
    try:
        connection.ping()
    except RedisError as exc:
        raise CliError(f"cannot reach Redis at MATCHMAKER_REDIS_URL: {exc}") from None
    ticker = None
    if settings.tick_seconds and not burst:
        from matchmaker.jobs.ticker import Ticker
        from matchmaker.services import tokens

        if settings.secret_key:
            tokens.configure_link_key(settings.secret_key)  # the tick's mails carry personal links
        # Every worker runs the timer; a lease in the database lets one of them tick per interval.
        ticker = Ticker(settings.tick_seconds, settings.resolved_database_url)
        ticker.start()
    try:
        # A schedule run is taken before any waiting recommendation refresh.
        Worker(worker_queues(connection), connection=connection).work(burst=burst)
    finally:
        if ticker is not None:
            ticker.stop(timeout=5)
