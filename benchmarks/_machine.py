"""The machine a benchmark ran on, and its peak memory, printed the same way by every benchmark."""

from __future__ import annotations

import os
import platform
import resource
import sys

import numpy as np


def machine_line() -> str:
    """One line: CPU model, cores, memory, Python and numpy versions."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    try:
        memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError):
        memory_gb = float("nan")
    return (
        f"machine: {cpu}, {os.cpu_count()} cores, {memory_gb:.0f} GiB RAM, "
        f"Python {sys.version.split()[0]}, numpy {np.__version__}"
    )


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
