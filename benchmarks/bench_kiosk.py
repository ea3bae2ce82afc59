"""Kiosk board benchmark: what 50 screens polling one event cost the server.

    python -m benchmarks.bench_kiosk                # 300 tables, 50 kiosks x 4 polls
    python -m benchmarks.bench_kiosk --tables 1000

Three ways to answer the same polls through the real app (Flask test client, SQLite):
baseline = the board recomputed on every request (no cache), cached = the per-round cache, and
etag = the cache plus ``If-None-Match`` (what kiosk.js sends), which answers 304 with no body.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks._machine import machine_line, peak_rss_mb


def _fair(database_url: str, tables: int) -> str:
    from matchmaker.db import migrate
    from matchmaker.db.engine import make_engine, make_session_factory
    from matchmaker.db.models import Attendee, Event, Meeting, Slot, VenueTable
    from matchmaker.services.kiosk import issue_kiosk_token

    engine = make_engine(database_url)
    migrate.upgrade(engine)
    start = datetime.now(UTC) - timedelta(minutes=5)
    with make_session_factory(engine)() as session:
        event = Event(
            slug="bench",
            name="Bench Fair",
            timezone="UTC",
            start_date=date.today(),
            end_date=date.today(),
            slots=[
                Slot(
                    code=f"d1-{i:02d}",
                    start=start + timedelta(minutes=20 * i),
                    end=start + timedelta(minutes=20 * i + 20),
                )
                for i in range(8)
            ],
            tables=[VenueTable(name=f"Table {i + 1}", position=i) for i in range(tables)],
        )
        session.add(event)
        session.flush()
        people = [
            Attendee(event=event, name=f"Person {i}", company=f"Company {i}", offers="x", seeks="y")
            for i in range(tables * 2)
        ]
        session.add_all(people)
        session.flush()
        for slot_index in (0, 1):
            for table_index, table in enumerate(event.tables):
                a = people[(2 * table_index + slot_index) % len(people)]
                b = people[(2 * table_index + 1 + 3 * slot_index) % len(people)]
                if a.id != b.id:
                    session.add(
                        Meeting.between(
                            a.id,
                            b.id,
                            event_id=event.id,
                            slot_id=event.slots[slot_index].id,
                            table_id=table.id,
                        )
                    )
            session.flush()
        token = issue_kiosk_token(session, event)
        session.commit()
    engine.dispose()
    return f"/kiosk/bench/{token}/board.json"


def _serve(client: object, url: str, polls: int, mode: str) -> float:
    from matchmaker.services import kiosk

    etag = ""
    started = time.perf_counter()
    for _ in range(polls):
        if mode == "baseline":
            kiosk.clear_board_cache()
        headers = {"If-None-Match": etag} if mode == "etag" and etag else {}
        response = client.get(url, headers=headers)  # type: ignore[attr-defined]
        assert response.status_code in (200, 304), response.status_code
        etag = response.headers.get("ETag", etag)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tables", type=int, default=300)
    parser.add_argument("--kiosks", type=int, default=50)
    parser.add_argument("--polls", type=int, default=4, help="polls per kiosk")
    args = parser.parse_args()
    print(machine_line())
    from matchmaker.config import Settings
    from matchmaker.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/bench.sqlite3"
        url = _fair(database_url, args.tables)
        app = create_app(Settings(secret_key="bench", database_url=database_url, instance_path=Path(folder)))
        app.config["RATE_LIMITS_ENABLED"] = False
        client = app.test_client()
        polls = args.kiosks * args.polls
        print(
            f"{args.tables} tables (a meeting at each), "
            f"{args.kiosks} kiosks x {args.polls} polls = {polls} requests"
        )
        results = {mode: _serve(client, url, polls, mode) for mode in ("baseline", "cached", "etag")}
        base = results["baseline"]
        for mode, seconds in results.items():
            print(
                f"{mode:>8}: {polls / seconds:8.0f} requests/s, {1000 * seconds / polls:6.2f} ms each, "
                f"{base / seconds:5.1f}x baseline"
            )
        # 50 kiosks polling every 10 s make 5 requests/s: the share of one core the board costs.
        load = args.kiosks / 10
        print(
            f"at {args.kiosks} kiosks polling every 10 s: {100 * load * results['etag'] / polls:.2f}% of one "
            f"core (baseline {100 * load * base / polls:.2f}%)"
        )
        print(f"peak memory: {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
