"""Attendee import and export benchmark: 50,000 rows, time and peak memory, before and after.

    python -m benchmarks.bench_import                      # 50,000 rows on SQLite
    python -m benchmarks.bench_import --database-url postgresql+psycopg://postgres@127.0.0.1/test

(On PostgreSQL it works in a database of its own, made on that server and dropped at the end.)

The baseline is what a request did before imports became jobs: the whole file read into records, the
dry run and the import through the ORM (all rows as objects in one session), and the export building
every row with a query per attendee for its unavailability. The job is the streaming dry run, the
import in batches of plain INSERTs (one transaction) and the export read in batches, run by the job
function itself. Each step runs in its own process, so every peak-memory figure is its own.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks._machine import machine_line, peak_rss_mb
from benchmarks._scratch import scratch_database

STEPS = ("baseline-import", "job-check", "job-import", "baseline-export", "job-export")
_WORDS = [
    "compostable",
    "cups",
    "lids",
    "paper",
    "straws",
    "coffee",
    "roasters",
    "cold",
    "chain",
    "logistics",
    "packaging",
    "film",
    "recycled",
    "pallets",
    "trays",
    "labels",
    "inks",
    "adhesives",
    "cartons",
    "retail",
    "chains",
    "cafés",
    "hotels",
    "export",
    "distribution",
    "warehousing",
    "forecasting",
    "software",
    "sensors",
    "barcodes",
    "quality",
    "audits",
]


def make_file(rows: int, path: Path) -> None:
    """A realistic attendee CSV: half with a company, paragraphs of offers and seeks, some unavailability."""
    rng = random.Random(14)
    lines = ["id,name,email,company,job_title,country,languages,offers,seeks,unavailable\n"]
    for i in range(rows):
        offers = " ".join(rng.choices(_WORDS, k=rng.randint(15, 40)))
        seeks = " ".join(rng.choices(_WORDS, k=rng.randint(15, 40)))
        company = f"Company {i % 5000}" if rng.random() < 0.6 else ""
        unavailable = "d1-01;d1-02" if i % 7 == 0 else ""
        lines.append(
            f"p{i},Person {i},p{i}@fair.test,{company},Buyer,PL,en;pl,{offers},{seeks},{unavailable}\n"
        )
    path.write_text("".join(lines), encoding="utf-8")


def _event(database_url: str, slug: str) -> None:
    from matchmaker.db import migrate
    from matchmaker.db.engine import make_engine, make_session_factory
    from matchmaker.db.models import Event, Slot, VenueTable

    engine = make_engine(database_url)
    migrate.upgrade(engine)
    start = datetime(2027, 5, 18, 7, 0, tzinfo=UTC)
    with make_session_factory(engine)() as session:
        session.add(
            Event(
                slug=slug,
                name="Bench fair",
                venue="Hall",
                timezone="Europe/Warsaw",
                start_date=date(2027, 5, 18),
                end_date=date(2027, 5, 18),
                slots=[
                    Slot(
                        code=f"d1-{n + 1:02d}",
                        start=start + timedelta(minutes=20 * n),
                        end=start + timedelta(minutes=20 * (n + 1)),
                    )
                    for n in range(12)
                ],
                tables=[VenueTable(name=f"T{n}", position=n) for n in range(20)],
            )
        )
        session.commit()
    engine.dispose()


def run_step(step: str, database_url: str, slug: str, csv_path: Path) -> None:
    """One step, in this process: prints its wall time, peak memory and growth of memory."""
    from sqlalchemy import delete, func, select

    from matchmaker.db.engine import make_engine, make_session_factory
    from matchmaker.db.models import Attendee, DataJob, DataJobKind, Event
    from matchmaker.formats.attendee_csv import write_attendee_csv
    from matchmaker.jobs.data_jobs import run_data_job
    from matchmaker.services.attendee_import import import_attendee_csv
    from matchmaker.services.attendees import record_of

    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    data = csv_path.read_bytes()
    with factory() as session:
        event = session.scalars(select(Event).where(Event.slug == slug)).one()
        if step.endswith("import") or step == "job-check":
            session.execute(delete(Attendee).where(Attendee.event_id == event.id))
            session.commit()
        before = peak_rss_mb()
        started = time.perf_counter()
        if step == "baseline-import":
            import_attendee_csv(session, event, data)
            session.commit()
        elif step == "baseline-export":
            import io

            attendees = session.scalars(
                select(Attendee).where(Attendee.event_id == event.id).order_by(Attendee.name)
            )
            buffer = io.StringIO()
            write_attendee_csv((record_of(a) for a in attendees), buffer)
            size = len(buffer.getvalue().encode())
        else:
            kind = {
                "job-check": DataJobKind.CHECK,
                "job-import": DataJobKind.IMPORT,
                "job-export": DataJobKind.EXPORT,
            }[step]
            job = DataJob(event_id=event.id, kind=kind, payload=None if kind == DataJobKind.EXPORT else data)
            session.add(job)
            session.commit()
            job_id = job.id
            started = time.perf_counter()  # the upload's storing is the request's part, not the job's
            status = run_data_job(job_id, database_url)
            assert status == "succeeded", (step, status, session.get(DataJob, job_id))
        elapsed = time.perf_counter() - started
        count = session.scalar(
            select(func.count()).select_from(Attendee).where(Attendee.event_id == event.id)
        )
    engine.dispose()
    extra = f", {size / 2**20:.1f} MiB of CSV" if step == "baseline-export" else ""
    peak = peak_rss_mb()
    print(
        f"{step:16s} {elapsed:7.1f} s   peak {peak:6.0f} MiB   growth {peak - before:6.0f} MiB"
        f"   attendees {count}{extra}",
        flush=True,
    )


@contextmanager
def _scratch(server_url: str) -> Iterator[str]:
    """A database of its own on the server named by ``server_url`` (dropped after), or "" for none."""
    if not server_url:
        yield ""
        return
    with scratch_database(server_url, "matchmaker_bench") as url:
        yield url


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--slug", default="bench-import", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        run_step(args.step, args.database_url, args.slug, args.csv)
        return 0
    print(machine_line())
    with tempfile.TemporaryDirectory() as folder, _scratch(args.database_url) as server_database:
        database_url = server_database or f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        slug = f"bench-import-{int(time.time())}"
        csv_path = Path(folder) / "attendees.csv"
        make_file(args.rows, csv_path)
        print(f"{args.rows} rows, {csv_path.stat().st_size / 2**20:.1f} MiB, on {database_url.split(':')[0]}")
        _event(database_url, slug)
        for step in STEPS:
            code = subprocess.call(
                [
                    sys.executable,
                    "-m",
                    "benchmarks.bench_import",
                    "--step",
                    step,
                    "--database-url",
                    database_url,
                    "--slug",
                    slug,
                    "--csv",
                    str(csv_path),
                ]
            )
            if code:
                return code
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
