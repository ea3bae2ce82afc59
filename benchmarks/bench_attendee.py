"""Attendee pages benchmark: what registering and reading one's page costs on the 300-person demo fair.

    python -m benchmarks.bench_attendee            # 20 registrations, 100 page views of each kind

Registration answers at once and leaves embedding and re-ranking to a background job; the baseline is
the same registration followed by that refresh inside the request (what a blocking design would do).
Page views are timed through the real app (Flask test client, SQLite) against the plain event list.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks._machine import machine_line, peak_rss_mb


def _fair(database_url: str) -> tuple[str, list[str]]:
    """The demo event with recommendations and a few meetings; returns its slug and 50 personal pages."""
    from sqlalchemy import select

    from matchmaker.db import migrate
    from matchmaker.db.engine import make_engine, make_session_factory
    from matchmaker.db.models import Attendee, Meeting
    from matchmaker.services.demo import load_demo_event
    from matchmaker.services.recommendations import refresh_event_recommendations
    from matchmaker.services.tokens import issue_token

    engine = make_engine(database_url)
    migrate.upgrade(engine)
    with make_session_factory(engine)() as session:
        event = load_demo_event(session).event
        refresh_event_recommendations(session, event.id)
        people = list(
            session.scalars(
                select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.id).limit(100)
            )
        )
        for index in range(0, 100, 2):  # one meeting each for the first 100 people
            slot = event.slots[index % len(event.slots)]
            table = event.tables[(index // 2) % len(event.tables)]
            session.add(
                Meeting.between(
                    people[index].id,
                    people[index + 1].id,
                    event_id=event.id,
                    slot_id=slot.id,
                    table_id=table.id,
                )
            )
        pages = [f"/me/{issue_token(person)}" for person in people[:50]]
        session.commit()
        slug = event.slug
    engine.dispose()
    return slug, pages


def _form(number: int) -> dict[str, Any]:
    return {
        "name": f"Bench Person {number}",
        "email": f"bench{number}@example.test",
        "company": f"Bench {number}",
        "offers": "We make compostable cups and lids for cafés and bakeries",
        "seeks": "Coffee roasters and café chains as customers in Poland and the Baltics",
        "intents": ["find_clients"],
        "interests": ["packaging"],
        "consent": "y",
    }


def _time(call: Any, repeats: int) -> list[float]:
    timings = []
    for index in range(repeats):
        started = time.perf_counter()
        call(index)
        timings.append(time.perf_counter() - started)
    return timings


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {1000 * statistics.median(values):7.1f} ms, p95 {1000 * p95:7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registrations", type=int, default=20)
    parser.add_argument("--views", type=int, default=100)
    args = parser.parse_args()
    print(machine_line())
    from matchmaker.config import Settings
    from matchmaker.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/bench.sqlite3"
        started = time.perf_counter()
        slug, pages = _fair(database_url)
        print(f"demo fair (300 attendees) loaded and ranked in {time.perf_counter() - started:.1f} s")
        app = create_app(
            Settings(
                secret_key="bench", database_url=database_url, instance_path=Path(folder), log_level="WARNING"
            )
        )
        app.config.update(WTF_CSRF_ENABLED=False, RATE_LIMITS_ENABLED=False)
        client = app.test_client()
        queue = app.extensions["matchmaker.jobs"]

        def register(number: int) -> None:
            response = client.post(f"/e/{slug}/register", data=_form(number))
            assert response.status_code == 302, response.status_code

        client.post(f"/e/{slug}/register", data=_form(10_000))  # warm-up: model load
        queue.wait_all()
        answered = _time(register, args.registrations)
        ready_started = time.perf_counter()
        queue.wait_all()
        backlog = time.perf_counter() - ready_started

        def blocking(number: int) -> None:
            register(1000 + number)
            queue.wait_all()

        blocked = _time(blocking, max(3, args.registrations // 4))
        print(f"registration, answered at once      : {_ms(answered)}")
        print(f"registration + refresh in the request: {_ms(blocked)}  (baseline)")
        speedup = statistics.median(blocked) / statistics.median(answered)
        print(
            f"  -> the response comes {speedup:.0f}x sooner; "
            f"recommendations of {args.registrations} quick registrations were all ready {backlog:.1f} s "
            "after the last response (refreshes coalesce)"
        )

        def view(suffix: str) -> Any:
            def call(index: int) -> None:
                response = client.get(pages[index % len(pages)] + suffix)
                assert response.status_code == 200, (suffix, response.status_code)

            return call

        home = _time(lambda _i: client.get("/"), args.views)
        print(f"event list (baseline)     : {_ms(home)}")
        for label, suffix in (
            ("recommendations", ""),
            ("requests", "/requests"),
            ("agenda", "/agenda"),
            ("agenda .ics", "/agenda.ics"),
            ("QR code", "/qr.svg"),
            ("profile", "/profile"),
            ("my data (JSON)", "/data.json"),
        ):
            timings = _time(view(suffix), args.views)
            ratio = statistics.median(timings) / statistics.median(home)
            print(f"{label:<26}: {_ms(timings)}  ({ratio:.1f}x baseline)")
        print(f"peak memory: {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
