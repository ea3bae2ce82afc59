"""Organiser meetings list benchmark: page size and time on the 300-person demo fair, fully scheduled.

    python -m benchmarks.bench_organiser_meetings              # SQLite, 30 views of each page
    python -m benchmarks.bench_organiser_meetings --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

The demo event (32 slots, 40 tables, 300 attendees) gets a meeting at every table of every slot
(1,280 meetings), as after publishing a full schedule. Each page is fetched through the real app (Flask
test client, signed in as the event's organiser). The baseline is the public registration page of the
same event in the same run (a page this work does not touch), so ratios compare across machines and
across versions of the code; the attendee list (100 rows a page) is shown beside it.

To compare with an older version of the code, unpack it (``git archive COMMIT | tar -x -C DIR``), copy
this file into DIR/benchmarks/ and run the same command from DIR.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from benchmarks._machine import machine_line, peak_rss_mb

PASSWORD = "benchmark password"


def _scheduled_fair(database_url: str) -> str:
    """The demo event with every table of every slot booked; returns its slug."""
    from matchmaker.db import migrate
    from matchmaker.db.engine import make_engine, make_session_factory
    from matchmaker.db.models import Meeting
    from matchmaker.services.demo import load_demo_event
    from matchmaker.services.organisers import create_organiser

    engine = make_engine(database_url)
    migrate.upgrade(engine)
    rng = random.Random(7)
    with make_session_factory(engine)() as session:
        event = load_demo_event(session).event
        people = [a.id for a in event.attendees]
        met: set[tuple[int, int]] = set()
        for slot in event.slots:
            free = people[:]
            rng.shuffle(free)
            for table in event.tables:
                while len(free) >= 2:
                    a, b = sorted((free.pop(), free.pop()))
                    if (a, b) not in met:
                        break
                else:
                    break
                met.add((a, b))
                session.add(Meeting.between(a, b, event_id=event.id, slot_id=slot.id, table_id=table.id))
        organiser = create_organiser(session, "bench@example.test", PASSWORD, name="Bench Organiser")
        organiser.events.append(event)
        session.commit()
        slug = event.slug
    engine.dispose()
    return slug


def _time(fetch: Callable[[], bytes], repeats: int) -> tuple[list[float], int]:
    fetch()  # warm: templates compiled, caches filled
    timings, size = [], 0
    for _ in range(repeats):
        started = time.perf_counter()
        size = len(fetch())
        timings.append(time.perf_counter() - started)
    return timings, size


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {1000 * statistics.median(values):7.1f} ms, p95 {1000 * p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=30)
    parser.add_argument(
        "--database-url", default="", help="a PostgreSQL server database (a scratch one is made)"
    )
    arguments = parser.parse_args()

    from sqlalchemy import text

    from matchmaker.config import Settings
    from matchmaker.db.engine import make_engine
    from matchmaker.web.app import create_app

    print(machine_line())
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory() as folder:
        scratch = ""
        if arguments.database_url:
            scratch = f"bench_meetings_{uuid.uuid4().hex[:8]}"
            admin = make_engine(arguments.database_url, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{scratch}"'))
            database_url = arguments.database_url.rsplit("/", 1)[0] + f"/{scratch}"
        else:
            database_url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        try:
            slug = _scheduled_fair(database_url)
            app = create_app(
                Settings(
                    secret_key="bench",
                    database_url=database_url,
                    instance_path=Path(folder),
                    log_level="WARNING",
                )
            )
            app.config.update(WTF_CSRF_ENABLED=False)
            client = app.test_client()
            client.post("/organiser/login", data={"email": "bench@example.test", "password": PASSWORD})
            pages = {
                "meetings, page 1 (100 rows)": f"/organiser/events/{slug}/meetings",
                "meetings, page 5 (100 rows)": f"/organiser/events/{slug}/meetings?page=5",
                "attendees, page 1 (100 rows)": f"/organiser/events/{slug}/attendees",
                "baseline: registration page": f"/e/{slug}/register",
            }
            results = {}
            for label, path in pages.items():

                def fetch(path: str = path) -> bytes:
                    response = client.get(path)
                    assert response.status_code == 200, (path, response.status_code)
                    return response.data

                results[label] = _time(fetch, arguments.views)
            app.extensions["matchmaker.db"].engine.dispose()
        finally:
            if scratch:
                with admin.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)'))
                admin.dispose()
    baseline_time = statistics.median(results["baseline: registration page"][0])
    print(f"database: {'PostgreSQL' if arguments.database_url else 'SQLite'}, {arguments.views} views each")
    for label, (timings, size) in results.items():
        ratio = statistics.median(timings) / baseline_time
        print(f"{label:40s} {size / 1024:7.1f} KiB  {_ms(timings)}  ({ratio:4.1f}x the baseline)")
    print(f"peak memory: {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
