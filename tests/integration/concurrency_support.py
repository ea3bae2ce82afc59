"""Running calls at the same instant: each in its own thread with its own client, behind a barrier."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from flask import Flask


def race(app: Flask, calls: list[Callable[[Any], Any]]) -> list[Any]:
    """Run every call in its own thread with its own client, released at the same instant; a call
    that raises makes the race fail with its exception."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        client = app.test_client()
        barrier.wait()
        try:
            results[index] = calls[index](client)
        except BaseException as exc:  # reported to the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
