"""The `matchmaker` command as an organiser or operator meets it: one clear line on failure."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.cli import main
from matchmaker.core.matching import DEFAULT_MATCH_FLOOR
from matchmaker.db.models import Attendee, Event, Recommendation

MATCHMAKER = str(Path(sys.executable).with_name("matchmaker"))


def _run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [MATCHMAKER, *args], env=os.environ | env, capture_output=True, text=True, timeout=120
    )


def test_db_upgrade_on_unreachable_database_fails_with_one_line(tmp_path: Path) -> None:
    result = _run(
        "db", "upgrade", env={"MATCHMAKER_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/x"}
    )

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        "error: cannot reach the database at postgresql+psycopg://nobody@127.0.0.1:1/x"
    )
    assert "Traceback" not in result.stderr


def test_unusable_setting_fails_with_one_line_naming_it() -> None:
    result = _run("db", "current", env={"MATCHMAKER_DEBUG": "perhaps"})

    assert result.returncode == 1
    assert result.stderr == "error: MATCHMAKER_DEBUG='perhaps' is not a yes/no value (use 1 or 0)\n"


def test_serve_without_secret_key_fails_with_one_line(cli_env: dict[str, str]) -> None:
    env = cli_env | {"MATCHMAKER_SECRET_KEY": ""}

    result = _run("serve", env=env)

    assert result.returncode == 1
    assert result.stderr.startswith("error: MATCHMAKER_SECRET_KEY is not set")
    assert result.stderr.count("\n") == 1


def test_wsgi_module_without_secret_key_exits_with_one_line(cli_env: dict[str, str]) -> None:
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", "import wsgi"],
        cwd=root,
        env=os.environ | cli_env | {"MATCHMAKER_SECRET_KEY": ""},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert result.stderr.startswith("error: MATCHMAKER_SECRET_KEY is not set")


def test_db_current_reports_up_to_date(runner: CliRunner, engine: object) -> None:
    result = runner.invoke(main, ["db", "current"])

    assert result.exit_code == 0, result.output
    assert "(up to date)" in result.output


@pytest.mark.slow  # embeds the 300 demo attendees with the real default model
def test_demo_load_twice_loads_the_demo_once(runner: CliRunner, db_session: Session) -> None:
    first = runner.invoke(main, ["demo", "load"])
    second = runner.invoke(main, ["demo", "load"])

    assert first.exit_code == 0, first.output
    assert "loaded demo event" in first.output
    assert "recommendations ready for 300 attendees" in first.output
    assert second.exit_code == 0, second.output
    assert "already loaded; nothing changed" in second.output
    assert db_session.scalar(select(func.count()).select_from(Event)) == 1
    assert db_session.scalar(select(func.count()).select_from(Attendee)) == 300
    # Nobody is recommended below the match floor: most of the demo fair gets a list, not everyone.
    with_recommendations = select(func.count(func.distinct(Recommendation.attendee_id)))
    assert 240 <= db_session.scalar(with_recommendations) < 300
    assert db_session.scalar(select(func.min(Recommendation.score))) >= DEFAULT_MATCH_FLOOR


def test_demo_load_on_unmigrated_database_asks_for_upgrade(tmp_path: Path) -> None:
    env = {"MATCHMAKER_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}

    result = _run("demo", "load", env=env)

    assert result.returncode == 1
    assert (
        result.stderr == "error: the database schema is not up to date: run `matchmaker db upgrade` first\n"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.slow
def test_serve_answers_health_checks_over_http(cli_env: dict[str, str], engine: object) -> None:
    port = _free_port()
    env = os.environ | cli_env | {"MATCHMAKER_SECRET_KEY": "serve-test"}
    server = subprocess.Popen(
        [MATCHMAKER, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.2)
        assert body == '{"database":{"ok":true},"status":"ok"}\n'
    finally:
        server.terminate()
        server.communicate(timeout=30)


def test_serve_on_a_port_in_use_fails_with_one_line(cli_env: dict[str, str], engine: object) -> None:
    # Workers listen with SO_REUSEPORT, which would let a second server share the port unnoticed.
    with socket.socket() as other_server:
        other_server.bind(("127.0.0.1", 0))
        other_server.listen()
        port = other_server.getsockname()[1]
        result = _run("serve", "--port", str(port), env=cli_env | {"MATCHMAKER_SECRET_KEY": "serve-test"})

    assert result.returncode == 1
    assert result.stderr == f"error: 127.0.0.1:{port} is already in use (is matchmaker already running?)\n"
