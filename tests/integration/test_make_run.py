"""`make run` on another port prints a kiosk link to the port it serves on, and the link opens the board."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.slow
def test_make_run_prints_the_kiosk_link_with_the_port_it_serves_on(tmp_path: Path) -> None:
    if os.environ.get("MATCHMAKER_TEST_DATABASE_URL"):
        pytest.skip("make run uses the embedded SQLite setup; the SQLite pass covers it")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MATCHMAKER_")}
    env |= {
        "MATCHMAKER_INSTANCE_PATH": str(tmp_path),
        "MATCHMAKER_DATABASE_URL": f"sqlite:///{tmp_path}/run.sqlite3",
    }
    server = subprocess.Popen(
        ["make", "-s", "run", f"PORT={port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert server.stdout is not None
        output, link = [], None
        deadline = time.monotonic() + 600
        while link is None and time.monotonic() < deadline and server.poll() is None:
            ready, _, _ = select.select([server.stdout], [], [], 5)
            if ready:
                line = server.stdout.readline()
                output.append(line)
                if found := re.search(r"kiosk board: (\S+)", line):
                    link = found.group(1)
        assert link is not None, "".join(output)
        assert link.startswith(f"http://127.0.0.1:{port}/kiosk/")
        status = 0
        for _ in range(150):
            try:
                with urllib.request.urlopen(link, timeout=2) as response:
                    status = response.status
                    break
            except OSError:
                time.sleep(0.2)
        assert status == 200
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.communicate(timeout=60)
