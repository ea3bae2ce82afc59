"""Load benchmark: gunicorn + PostgreSQL serving a 5,000-attendee fair, driven by wrk over loopback.

    python -m benchmarks.bench_load                       # 50 and 200 connections, 10 s per run
    python -m benchmarks.bench_load --seconds 20 --workers 3 --threads 8 --only agenda

The server is set up as `matchmaker serve` sets it up (same gunicorn options and defaults, access log
on), see ``benchmarks/load_server.py``.

Needs PostgreSQL (``MATCHMAKER_BENCH_DATABASE_URL``, default postgresql+psycopg://postgres@127.0.0.1:5432/
postgres; a scratch database is created and dropped) and ``wrk`` (Debian: apt-get install wrk).
Measures, at each concurrency: the kiosk board (API and the screens' board.json), an attendee's agenda
page and the agenda API (a different attendee on every request), and registration through the API.
The baseline is a static file from the same server: the ceiling this stack reaches on this machine.
wrk runs on the same cores as the server, so the figures are a floor for a dedicated machine. On a
virtual machine, "stolen" is the share of CPU time the host gave to other machines during a run:
figures from runs with much stolen time understate this code.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url, text

from benchmarks._machine import machine_line, peak_rss_mb
from benchmarks.load_data import LoadFair
from matchmaker.cli.serve import DEFAULT_THREADS, usable_cores

HERE = Path(__file__).resolve().parent
DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
# A database number of its own: the benchmark empties its job queue before and after.
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %.3f %.3f %.3f\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""
# Each wrk thread takes every other token of a fixed permutation (7919 is prime to the token count),
# so the two threads never ask for the same attendee: until the list wraps, every request is a first view.
ROTATE = """
local tokens = {%s}
local n = 0
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end
request = function()
  local token = tokens[((n * 2 + tid) * 7919) %% #tokens + 1]
  n = n + 1
  %s
end
"""
# Attendees during the fair: a group of people reloading their agenda between meetings.
REPEAT_GROUP = 500
REGISTER = """
local serial = 0
local thread_number = 0
function setup(thread)
  thread_number = thread_number + 1
  thread:set("tid", thread_number)
end
request = function()
  serial = serial + 1
  local body = string.format('{"name":"Walk-in %%d-%%d","email":"walkin-%%s-%%d-%%d@example.test",' ..
    '"offers":"Packaging design and short print runs","seeks":"Food producers","consent":true}',
    tid, serial, "%s", tid, serial)
  return wrk.format("POST", "/api/v1/events/%s/registrations", {["Content-Type"] = "application/json"}, body)
end
"""


@dataclass(frozen=True)
class Result:
    name: str
    connections: int
    requests: int
    seconds: float
    socket_errors: int
    bad_status: int
    p50: float
    p95: float
    p99: float
    stolen: float  # share of the CPU time the hypervisor gave to other machines during the run

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def _scratch_database(server_url: str) -> str:
    from matchmaker.db.engine import make_engine

    name = f"matchmaker_load_{uuid.uuid4().hex[:8]}"
    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server_url).set(database=name).render_as_string(hide_password=False)


def _drop_database(server_url: str, url: str) -> None:
    from matchmaker.db.engine import make_engine

    admin = make_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
    admin.dispose()


def _prepare(url: str, attendees: int) -> tuple[LoadFair, float]:
    from benchmarks.load_data import build_load_fair
    from matchmaker.db import migrate
    from matchmaker.db.engine import make_engine, make_session_factory

    started = time.perf_counter()
    engine = make_engine(url)
    migrate.upgrade(engine)
    with make_session_factory(engine)() as session:
        fair = build_load_fair(session, attendees=attendees)
    # Statistics for the planner, as autovacuum gathers them within a minute of a bulk load in
    # production (this server may run with autovacuum off): without them PostgreSQL picked plans
    # costing the agenda three times the database time.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    engine.dispose()
    return fair, time.perf_counter() - started


@dataclass(frozen=True)
class ServerSetup:
    url: str
    port: int
    workers: int
    threads: int
    redis_url: str  # "" when no Redis answered: jobs are then dropped
    shared_socket: bool  # gunicorn's default, instead of a listening socket per worker


def _serve(setup: ServerSetup) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "MATCHMAKER_DATABASE_URL": setup.url,
        "MATCHMAKER_LOG_LEVEL": "WARNING",
        "MATCHMAKER_SECRET_KEY": "load-benchmark-secret",
        "PYTHONPATH": str(HERE.parent),
    }
    command = [
        sys.executable,
        "-m",
        "benchmarks.load_server",
        "--port",
        str(setup.port),
        "--workers",
        str(setup.workers),
        "--threads",
        str(setup.threads),
        "--redis-url",
        setup.redis_url,
        *(["--shared-socket"] if setup.shared_socket else []),
    ]
    server = subprocess.Popen(command, env=env, cwd=HERE.parent, start_new_session=True)
    for _ in range(200):
        if server.poll() is not None:  # e.g. the port was taken: never measure another server
            raise SystemExit(f"the benchmark's server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{setup.port}/healthz", timeout=2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not come up")


def _job_queue(redis_url: str) -> str:
    """``redis_url`` if Redis answers there (with the benchmark's queue emptied), else ""."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        connection = Redis.from_url(redis_url, socket_connect_timeout=1)
        connection.ping()
    except (RedisError, ValueError):
        return ""
    _empty_queue(redis_url)
    return redis_url


def _empty_queue(redis_url: str) -> None:
    from redis import Redis

    connection = Redis.from_url(redis_url)
    keys = list(connection.scan_iter("rq:*", count=1000))
    for start in range(0, len(keys), 1000):
        connection.delete(*keys[start : start + 1000])


def _cpu_ticks() -> tuple[int, int]:
    """(all, stolen) CPU ticks since boot, from /proc/stat ((0, 0) where there is none)."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").splitlines()[0].split()[1:9]
    except OSError:
        return 0, 0
    ticks = [int(value) for value in fields]
    return sum(ticks), ticks[7]


def _wrk(name: str, script: Path, base: str, connections: int, seconds: int, path: str = "/") -> Result:
    threads = min(2, connections)
    all_before, stolen_before = _cpu_ticks()
    output = subprocess.run(
        [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            base + path,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    all_after, stolen_after = _cpu_ticks()
    stolen = (stolen_after - stolen_before) / max(1, all_after - all_before)
    line = next(row for row in output.splitlines() if row.startswith("RESULT"))
    requests, duration, socket_errors, bad_status, _timeouts, p50, p95, p99 = line.split()[1:]
    return Result(
        name,
        connections,
        int(requests),
        int(duration) / 1e6,
        int(socket_errors),
        int(bad_status),
        float(p50),
        float(p95),
        float(p99),
        stolen,
    )


@dataclass(frozen=True)
class Scenario:
    script: Path
    path: str
    # Run against a freshly started server: per-worker caches empty, as for a morning's first views.
    fresh_server: bool = False


def _scripts(folder: Path, fair: LoadFair) -> dict[str, Scenario]:
    tokens = fair.attendee_tokens
    listed = ",".join(f'"{token}"' for token in tokens)
    group = ",".join(f'"{token}"' for token in tokens[:REPEAT_GROUP])
    kiosk, slug = fair.kiosk_token, fair.slug
    page = 'return wrk.format("GET", "/me/" .. token .. "/agenda")'

    def write(name: str, body: str) -> Path:
        path = folder / f"{name}.lua"
        path.write_text(body + REPORT, encoding="utf-8")
        return path

    api = 'return wrk.format("GET", "/api/v1/me/agenda", {["Authorization"] = "Bearer " .. token})'
    return {
        "static file (baseline)": Scenario(write("static", ""), "/static/favicon.svg"),
        "kiosk board API": Scenario(
            write("kiosk_api", f'wrk.headers["Authorization"] = "Bearer {kiosk}"'),
            f"/api/v1/kiosk/{slug}/board",
        ),
        "kiosk board.json": Scenario(write("kiosk_json", ""), f"/kiosk/{slug}/{kiosk}/board.json"),
        "agenda page, first": Scenario(
            write("agenda_first", ROTATE % (listed, page)), "/", fresh_server=True
        ),
        "agenda page, repeat": Scenario(write("agenda_repeat", ROTATE % (group, page)), "/"),
        "agenda API": Scenario(write("agenda_api", ROTATE % (listed, api)), "/"),
        "registration API": Scenario(write("register", REGISTER % (uuid.uuid4().hex[:6], slug)), "/"),
    }


def _print(results: list[Result], baseline: dict[int, float]) -> None:
    print(
        f"{'endpoint':<24}{'conns':>6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}"
        f"{'vs static':>11}{'stolen':>8}"
    )
    for r in results:
        errors = r.socket_errors + r.bad_status
        print(
            f"{r.name:<24}{r.connections:>6}{r.rate:>9.0f}{r.p50:>9.1f}{r.p95:>9.1f}{r.p99:>9.1f}{errors:>8}"
            f"{r.rate / baseline[r.connections]:>10.2f}x{r.stolen:>8.0%}"
        )


def _server_memory_mb(server: subprocess.Popen[bytes]) -> float:
    """Memory of gunicorn's master and workers together, in MiB: the proportional set size, which
    counts the pages workers share with the master (forked after the app was loaded) once, not per
    process; the resident size where /proc has no smaps_rollup."""
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(server.pid), "-p", str(server.pid)], capture_output=True, text=True
    ).stdout
    total_kib = 0
    for pid in out.split():
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii")
            total_kib += next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
        except (OSError, StopIteration):
            status = subprocess.run(["ps", "-o", "rss=", "-p", pid], capture_output=True, text=True).stdout
            total_kib += int(status.strip() or 0)
    return total_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--attendees", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=usable_cores(), help="default: as `matchmaker serve`")
    parser.add_argument("--threads", type=int, default=DEFAULT_THREADS)
    parser.add_argument("--connections", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--shared-socket",
        action="store_true",
        help="all workers accept from one socket (gunicorn's default), to compare",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("MATCHMAKER_BENCH_REDIS_URL", DEFAULT_REDIS),
        help="where registrations queue their jobs (its rq:* keys are deleted)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="WORD",
        help="run only the endpoints whose name contains one of these words (and the baseline)",
    )
    args = parser.parse_args()
    # An interrupted run still stops its server and drops its database (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")
    server_url = os.environ.get("MATCHMAKER_BENCH_DATABASE_URL", DEFAULT_SERVER)
    print(machine_line())
    url = _scratch_database(server_url)
    server = None
    setup = ServerSetup(
        url, args.port, args.workers, args.threads, _job_queue(args.redis_url), args.shared_socket
    )
    sockets = "one shared socket" if args.shared_socket else "a socket per worker"
    jobs = "queued in Redis" if setup.redis_url else "dropped (no Redis)"
    try:
        fair, prepare_seconds = _prepare(url, args.attendees)
        print(
            f"fair: {args.attendees} attendees, {fair.meetings} meetings, ready in {prepare_seconds:.0f} s; "
            f"served as `matchmaker serve` does: gunicorn gthread, {args.workers} workers x {args.threads} "
            f"threads, {sockets}, access log on; jobs {jobs}; wrk {args.seconds} s per run"
        )
        base = f"http://127.0.0.1:{args.port}"
        with tempfile.TemporaryDirectory() as folder:
            scripts = _scripts(Path(folder), fair)
            if args.only:
                scripts = {
                    name: item
                    for name, item in scripts.items()
                    if name.startswith("static") or any(word in name for word in args.only)
                }
            server = _serve(setup)
            _warm_up(base, scripts.values(), everything=True)
            results = []
            for connections in args.connections:
                for name, scenario in scripts.items():
                    if scenario.fresh_server:
                        _stop(server)
                        server = _serve(setup)
                        _warm_up(base, scripts.values(), everything=False)
                    result = _wrk(name, scenario.script, base, connections, args.seconds, scenario.path)
                    results.append(result)
        baseline = {r.connections: r.rate for r in results if r.name.startswith("static")}
        _print(results, baseline)
        print(
            f"server memory (master + workers, proportional set size): {_server_memory_mb(server):.0f} MiB; "
            f"benchmark process peak: {peak_rss_mb():.0f} MiB"
        )
    finally:
        if server is not None:
            _stop(server)
        _drop_database(server_url, url)
        if setup.redis_url:
            _empty_queue(setup.redis_url)


def _warm_up(base: str, scenarios: Iterable[Scenario], everything: bool) -> None:
    """Fill connection pools and compile templates; ``everything=False`` leaves attendees' pages
    unvisited (before a first-views run)."""
    for scenario in scenarios:
        if everything or scenario.path != "/":
            _wrk("warm-up", scenario.script, base, 8, 1, scenario.path)


def _stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGINT)  # gunicorn's quick shutdown
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


if __name__ == "__main__":
    main()
