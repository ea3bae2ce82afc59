"""Run every benchmark module (`python -m benchmarks [NAME ...]`), each in its own process.

Each `benchmarks/bench_*.py` is a script that prints its own figures; running them one by one keeps
their peak-memory readings separate.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [s for s in scripts if any(name in s.stem for name in argv)]
    failures = 0
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        failures += subprocess.call([sys.executable, "-m", f"benchmarks.{script.stem}"], cwd=HERE.parent) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
