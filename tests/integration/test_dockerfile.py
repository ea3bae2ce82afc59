"""The Dockerfile builds and starts: its steps replayed without a Docker daemon (scripts/check_dockerfile.py:
a fresh clone, a clean venv, the RUN and COPY steps as written, then the CMD answering /healthz and /),
and, without installing anything, what it copies exists and is not left out of the build context."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _replay_script() -> ModuleType:
    path = ROOT / "scripts" / "check_dockerfile.py"
    spec = importlib.util.spec_from_file_location("check_dockerfile", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def _tracked_files() -> list[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, check=True, capture_output=True, text=True)
    return listed.stdout.splitlines()


def test_everything_the_dockerfile_copies_is_in_the_build_context() -> None:
    script = _replay_script()
    rules = script.dockerignore_filter((ROOT / ".dockerignore").read_text())
    context = {path for path in _tracked_files() if not script.is_ignored(path, rules)}
    instructions = script.parse_dockerfile((ROOT / "Dockerfile").read_text())

    copied = [
        source for step in instructions if step.keyword == "COPY" for source in step.argument.split()[:-1]
    ]

    assert copied, "the Dockerfile copies nothing"
    assert [s for s in copied if not any(p == s or p.startswith(f"{s}/") for p in context)] == []
    assert "models/README.md" in context


def test_the_dockerfile_pins_the_torch_the_makefile_installs() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()

    assert '"torch==2.13.0"' in dockerfile
    assert '"torch==2.13.0"' in makefile


def _reachable(host: str) -> bool:
    try:
        socket.getaddrinfo(host, 443)
    except OSError:
        return False
    return True


@pytest.mark.slow
def test_the_dockerfile_steps_build_and_start_the_app_from_a_fresh_clone() -> None:
    if os.geteuid() != 0 or shutil.which("unshare") is None or shutil.which("setpriv") is None:
        pytest.skip("the replay needs root (a network namespace, an unprivileged stand-in user)")
    if os.environ.get("MATCHMAKER_TEST_DATABASE_URL"):
        pytest.skip("the image's default database is the embedded SQLite; the SQLite pass covers it")
    arguments = [sys.executable, str(ROOT / "scripts" / "check_dockerfile.py")]
    if not _reachable("download.pytorch.org"):
        # This machine reaches PyPI only; pip takes the CPU build of torch 2.13.0 from its local wheels.
        arguments += ["--build-arg", "TORCH_INDEX_URL=https://pypi.org/simple"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MATCHMAKER_", "PYTHONPATH"))}

    replay = subprocess.run(arguments, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)

    assert replay.returncode == 0, replay.stdout[-3000:] + replay.stderr[-3000:]
    assert "GET /healthz 200" in replay.stdout
    assert "the Dockerfile's steps all passed" in replay.stdout
