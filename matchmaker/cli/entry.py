"""The ``matchmaker`` console script: runs the command group, telling it when the process started.

``matchmaker solve --time-limit 10`` promises ten seconds of wall time from the moment the command
was typed, so interpreter start-up and imports (OR-Tools, SciPy: about a second) count too. The
operating system knows when the process started; where it does not say (no ``/proc``), the moment
this module was imported is the closest reading.

A command that has written everything may ask for a quick exit (``solve`` does): the interpreter's
tear-down of the solver libraries takes another half second, which would overrun the limit.
"""

from __future__ import annotations

import logging
import os
import sys
import time

_IMPORTED_AT = time.perf_counter()


def process_started() -> float:
    """When this process started, as a ``time.perf_counter()`` reading."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            # Fields after the command name (which may hold spaces) start at field 3; starttime is 22.
            start_ticks = int(stat.read().rsplit(")", 1)[1].split()[19])
        with open("/proc/uptime", encoding="ascii") as uptime:
            since_boot = float(uptime.read().split()[0])
        age = since_boot - start_ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return _IMPORTED_AT
    now = time.perf_counter()
    return min(_IMPORTED_AT, now - max(0.0, age))


def run() -> None:
    from matchmaker.cli import main

    obj: dict[str, object] = {"process_started": process_started()}
    try:
        main(obj=obj)
    except SystemExit as exc:
        if not obj.get("quick_exit"):
            raise
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
