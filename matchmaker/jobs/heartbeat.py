"""A job's sign of life: a thread that runs one UPDATE every few seconds with a session of its own, so
a sweep elsewhere can tell a job that is still working from one whose process died."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from sqlalchemy import Executable

from matchmaker.jobs.runtime import job_session

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 5.0


class Heartbeat:
    """``with Heartbeat(name, beat, database_url):`` runs ``beat()``'s statement every few seconds."""

    def __init__(
        self,
        name: str,
        beat: Callable[[], Executable],
        database_url: str | None,
        every: float = HEARTBEAT_SECONDS,
    ) -> None:
        self.name, self.beat, self.database_url, self.every = name, beat, database_url, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{name}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                with job_session(self.database_url) as session:
                    session.execute(self.beat())
                    session.commit()
            except Exception:  # a missed beat is harmless; the next one may succeed
                log.warning("heartbeat of %s failed", self.name, exc_info=True)
