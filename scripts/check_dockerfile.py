"""Replay the Dockerfile without a Docker daemon: its steps, in a clean virtual environment, from a
fresh clone, then start the container's command and ask the app for its health and a page.

    python scripts/check_dockerfile.py [--ref HEAD] [--keep] [--build-arg NAME=VALUE ...]

It reads the real ``Dockerfile`` (and ``.dockerignore``) of the clone and carries out, in order:

- ``FROM python:X.Y[-...]``: a new venv made with ``pythonX.Y`` (refused when the version differs);
  its ``bin/`` comes first on PATH, as the image's ``python`` and ``pip`` do.
- ``ARG`` / ``ENV``: the variables, ``${NAME}`` substituted, absolute paths mapped into the scratch
  root (``/app`` becomes ``<root>/app``) like every other absolute path below.
- ``WORKDIR`` and ``COPY`` (from the build context: the clone, less what ``.dockerignore`` leaves out).
- ``RUN``: each command through ``sh -c`` in the working directory, exactly as written (after
  substitution). Two are not run on this machine, and say so: ``useradd`` (it would add a user to the
  host; its ``--home-dir`` is created instead, as ``--create-home`` would) and ``USER`` (the replay
  runs as whoever runs it).
- ``CMD``: started inside a network namespace of its own (``unshare --net``, loopback only), so that
  the port the image exposes is free whatever else runs here; ``GET /healthz`` and ``GET /`` must
  answer 200, then the server is stopped.

``MATCHMAKER_SECRET_KEY`` is given a random value for the run, as ``docker run -e`` would; the
database is the embedded default (SQLite under ``MATCHMAKER_INSTANCE_PATH``). The install takes
minutes (torch, then the package and its dependencies): run it under the heavy lock on a shared
machine. Exit code 0 when every step passed; the first failing step is named on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_SECONDS = 120
# The image's own user does not exist on this machine: an unprivileged one stands in for it.
STAND_IN_USER, STAND_IN_GROUP = "nobody", "nogroup"


@dataclass(frozen=True)
class Instruction:
    keyword: str
    argument: str
    line: int


class StepFailed(RuntimeError):
    """A Dockerfile step failed; the message names it."""


def parse_dockerfile(text: str) -> list[Instruction]:
    """The instructions of a Dockerfile: comments dropped, continued lines (``\\``) joined."""
    instructions: list[Instruction] = []
    pending = ""
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1].rstrip() + " "
            continue
        pending += line
        keyword, _, argument = pending.partition(" ")
        instructions.append(Instruction(keyword.upper(), argument.strip(), start))
        pending = ""
    if pending:
        raise StepFailed("the Dockerfile ends inside a continued line")
    return instructions


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    parts = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            parts.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            parts.append(".*")
            i += 2
        elif pattern[i] == "*":
            parts.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            parts.append("[^/]")
            i += 1
        else:
            parts.append(re.escape(pattern[i]))
            i += 1
    # A pattern naming a folder takes everything below it along.
    return re.compile("".join(parts) + "(?:/.*)?")


def dockerignore_filter(text: str) -> list[tuple[bool, re.Pattern[str]]]:
    """``.dockerignore``'s rules in order: (excludes?, pattern); the last rule that matches decides."""
    rules = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        pattern = line[1:] if negated else line
        rules.append((not negated, _pattern_regex(pattern.strip().strip("/"))))
    return rules


def is_ignored(relative: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    ignored = False
    for excludes, pattern in rules:
        if pattern.fullmatch(relative):
            ignored = excludes
    return ignored


def build_context(clone: Path, context: Path) -> None:
    """The files Docker would send: the clone's, less what ``.dockerignore`` leaves out."""
    ignore = clone / ".dockerignore"
    rules = dockerignore_filter(ignore.read_text()) if ignore.exists() else []
    for path in sorted(clone.rglob("*")):
        relative = path.relative_to(clone).as_posix()
        if relative == ".git" or relative.startswith(".git/") or path.is_dir():
            continue
        if is_ignored(relative, rules):
            continue
        target = context / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def substitute(text: str, variables: dict[str, str]) -> str:
    return re.sub(
        r"\$\{(\w+)\}|\$(\w+)",
        lambda m: variables.get(m.group(1) or m.group(2), m.group(0)),
        text,
    )


def key_values(argument: str) -> list[tuple[str, str]]:
    """``ENV A=1 B="two words"`` (or the old ``ENV A value`` form) as pairs."""
    words = shlex.split(argument)
    if words and "=" not in words[0]:
        return [(words[0], " ".join(words[1:]))]
    return [tuple(word.split("=", 1)) for word in words]  # type: ignore[misc]


class Replay:
    def __init__(self, root: Path, context: Path, build_args: dict[str, str]) -> None:
        self.root = root
        self.context = context
        self.build_args = build_args
        self.variables: dict[str, str] = {}
        self.env: dict[str, str] = {}
        self.workdir = root
        self.venv = root / "venv"
        self.command: list[str] | None = None
        self.exposed: list[int] = []
        self.healthcheck: str | None = None
        self.user: str | None = None
        self.home: Path | None = None

    def mapped(self, path: str) -> Path:
        return self.root / path.lstrip("/") if path.startswith("/") else self.workdir / path

    def mapped_value(self, value: str) -> str:
        return str(self.mapped(value)) if value.startswith("/") else value

    def process_env(self) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("MATCHMAKER_", "PYTHON", "VIRTUAL_ENV"))
        }
        env.update(self.env)
        env["PATH"] = f"{self.venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}"
        env["VIRTUAL_ENV"] = str(self.venv)
        env["HOME"] = str(self.root / "root")
        return env

    def step(self, instruction: Instruction) -> None:
        handler = getattr(self, f"do_{instruction.keyword.lower()}", None)
        if handler is None:
            raise StepFailed(f"line {instruction.line}: {instruction.keyword} is not replayed by this script")
        handler(substitute(instruction.argument, self.variables))

    def do_from(self, argument: str) -> None:
        match = re.fullmatch(r"python:(\d+\.\d+)[\w.-]*", argument.split()[0])
        if not match:
            raise StepFailed(f"FROM {argument}: only python:X.Y images are replayed")
        # The system's interpreter first: one under a private home (pyenv's, in /root) can't be run by the
        # unprivileged user the command runs as, which the image's /usr/local/bin/python can.
        name = f"python{match.group(1)}"
        system = [
            f"{folder}/{name}"
            for folder in ("/usr/local/bin", "/usr/bin")
            if os.path.exists(f"{folder}/{name}")
        ]
        interpreter = system[0] if system else shutil.which(name)
        if interpreter is None:
            raise StepFailed(f"FROM {argument}: python{match.group(1)} is not on this machine")
        subprocess.run([interpreter, "-m", "venv", str(self.venv)], check=True)
        (self.root / "root").mkdir(exist_ok=True)

    def do_arg(self, argument: str) -> None:
        name, _, default = argument.partition("=")
        self.variables[name] = self.build_args.get(name, default)

    def do_env(self, argument: str) -> None:
        for key, value in key_values(argument):
            self.env[key] = self.mapped_value(value)
            self.variables[key] = self.env[key]

    def do_workdir(self, argument: str) -> None:
        self.workdir = self.mapped(argument)
        self.workdir.mkdir(parents=True, exist_ok=True)

    def do_copy(self, argument: str) -> None:
        *sources, destination = shlex.split(argument)
        target = self.mapped(destination)
        for source in sources:
            origin = self.context / source
            if not origin.exists():
                raise StepFailed(f"COPY {argument}: {source} is not in the build context")
            if origin.is_dir():
                shutil.copytree(origin, target, dirs_exist_ok=True)
            elif destination.endswith("/") or len(sources) > 1:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target / origin.name)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, target)

    def do_run(self, argument: str) -> None:
        words = shlex.split(argument)
        if words and words[0] == "useradd":
            home = words[words.index("--home-dir") + 1] if "--home-dir" in words else None
            print(f"  not run here (would add a user to this machine): {argument}")
            print(f"  the container's user is played by {STAND_IN_USER}, who owns the new home instead")
            if home:
                self.mapped(home).mkdir(parents=True, exist_ok=True)
                shutil.chown(self.mapped(home), STAND_IN_USER, STAND_IN_GROUP)
                self.home = self.mapped(home)
            return
        print(f"  $ {argument}", flush=True)
        result = subprocess.run(["sh", "-c", argument], cwd=self.workdir, env=self.process_env())
        if result.returncode != 0:
            raise StepFailed(f"RUN {argument}: exit code {result.returncode}")

    def do_user(self, argument: str) -> None:
        # Later RUN steps would run as that user too; the CMD does (as the stand-in, without privileges).
        self.user = None if argument.split(":")[0] in ("root", "0") else argument

    def do_expose(self, argument: str) -> None:
        self.exposed.extend(int(port.split("/")[0]) for port in argument.split())

    def do_healthcheck(self, argument: str) -> None:
        # Its options (--interval ...) only time Docker's checks; its command is run once the app answers.
        _, _, command = argument.partition("CMD ")
        self.healthcheck = command.strip() or None

    def do_cmd(self, argument: str) -> None:
        self.command = json.loads(argument) if argument.startswith("[") else ["sh", "-c", argument]


PROBE = """
import sys, time, urllib.request
port = int(sys.argv[1]); deadline = time.monotonic() + float(sys.argv[2])
def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return response.status, response.read()
while True:
    try:
        status, body = get("/healthz"); break
    except OSError:
        if time.monotonic() > deadline: sys.exit("no answer from /healthz")
        time.sleep(1)
# Each line in one write, at once: the server logs to the same pipe.
print(f"GET /healthz {status} {body[:80]!r}", flush=True)
page_status, page = get("/")
print(f"GET / {page_status} {len(page)} bytes", flush=True)
sys.exit(0 if status == 200 and page_status == 200 and b"<html" in page.lower() else 1)
"""


def start_and_probe(replay: Replay) -> None:
    if replay.command is None:
        raise StepFailed("the Dockerfile has no CMD")
    port = replay.exposed[0] if replay.exposed else 8000
    env = replay.process_env()
    env["MATCHMAKER_SECRET_KEY"] = secrets.token_urlsafe(48)
    probe = replay.root / "probe.py"
    probe.write_text(PROBE)
    command = shlex.join(replay.command)
    if replay.user is not None:
        # As in the image: the user can read the app and write only its home (the instance folder).
        replay.root.parent.chmod(0o755)  # the scratch folder (made private by mkdtemp)
        if replay.home is not None:
            env["HOME"] = str(replay.home)
        command = f"setpriv --reuid={STAND_IN_USER} --regid={STAND_IN_GROUP} --clear-groups {command}"
    # One shell in a fresh network namespace: the command in the background, the probe, then the stop.
    script = (
        "ip link set lo up && "
        f"({command}) & server=$!; "
        f"python {shlex.quote(str(probe))} {port} {HEALTH_TIMEOUT_SECONDS}; status=$?; "
        + (f"[ $status = 0 ] && {{ {replay.healthcheck}; }}; status=$?; " if replay.healthcheck else "")
        + "curl -fsS -o /dev/null -w 'curl / %{http_code}\\n' http://127.0.0.1:"
        + f"{port}/ || status=1; "
        "kill -TERM $server; wait $server; exit $status"
    )
    print(f"  $ {command}   (in its own network namespace, port {port})", flush=True)
    started = time.monotonic()
    result = subprocess.run(["unshare", "--net", "sh", "-c", script], cwd=replay.workdir, env=env)
    if result.returncode != 0:
        raise StepFailed(f"CMD {replay.command}: the app did not answer /healthz and / with 200")
    print(f"  the app answered and stopped ({time.monotonic() - started:.0f} s)")


def fresh_clone(ref: str, into: Path) -> None:
    subprocess.run(["git", "clone", "--quiet", "--no-local", str(REPO), str(into)], check=True)
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", ref], check=True, capture_output=True, text=True
    ).stdout.strip()
    subprocess.run(["git", "-C", str(into), "checkout", "--quiet", commit], check=True)
    print(f"fresh clone of {ref} ({commit[:12]})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="HEAD", help="the commit to clone (default HEAD: commit first)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder and print it")
    parser.add_argument("--build-arg", action="append", default=[], metavar="NAME=VALUE")
    options = parser.parse_args()
    build_args = dict(item.split("=", 1) for item in options.build_arg)
    scratch = Path(tempfile.mkdtemp(prefix="dockerfile-replay-"))
    try:
        clone, context, root = scratch / "clone", scratch / "context", scratch / "root"
        fresh_clone(options.ref, clone)
        build_context(clone, context)
        root.mkdir()
        replay = Replay(root, context, build_args)
        for instruction in parse_dockerfile((clone / "Dockerfile").read_text()):
            print(f"Dockerfile:{instruction.line} {instruction.keyword} {instruction.argument}", flush=True)
            replay.step(instruction)
        start_and_probe(replay)
    except (StepFailed, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if options.keep:
            print(f"scratch folder kept: {scratch}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    print("the Dockerfile's steps all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
