"""The two queue implementations behind one small Protocol."""

from __future__ import annotations

import importlib
import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from matchmaker.config import Settings

log = logging.getLogger(__name__)
QUEUE_NAME = "matchmaker"
# Scheduling a large fair can take minutes; anything longer is a stuck job.
JOB_TIMEOUT_SECONDS = 30 * 60


def resolve(path: str) -> Callable[..., Any]:
    module_name, _, attribute = path.rpartition(".")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), attribute)
    return function


class JobQueue(Protocol):
    def enqueue(self, function_path: str, *args: Any) -> str:
        """Schedule ``function_path(*args)``; returns a job id."""
        ...


class InProcessQueue:
    """Worker threads inside the web process: nothing else to start in the embedded setup."""

    def __init__(self, workers: int = 2) -> None:
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="matchmaker-job")
        self._futures: dict[str, Future[Any]] = {}
        self._lock = threading.Lock()

    def enqueue(self, function_path: str, *args: Any) -> str:
        function = resolve(function_path)  # fail now, in the caller, on a wrong name
        job_id = uuid.uuid4().hex
        future = self._executor.submit(self._run, function_path, function, args)
        with self._lock:
            self._futures[job_id] = future
        return job_id

    @staticmethod
    def _run(function_path: str, function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        try:
            return function(*args)
        except Exception:
            # The job records its own failure in the database; this is for the operator's log.
            log.exception("job %s%r failed", function_path, args)
            raise

    def wait(self, job_id: str, timeout: float | None = None) -> Any:
        """Block until the job ends and return its result (tests and CLI use this)."""
        with self._lock:
            future = self._futures[job_id]
        return future.result(timeout=timeout)

    def wait_all(self, timeout: float | None = None) -> None:
        with self._lock:
            futures = list(self._futures.values())
        for future in futures:
            future.exception(timeout=timeout)


class RedisQueue:
    """Jobs go to Redis and run in `matchmaker worker` processes, on this machine or others."""

    def __init__(self, url: str) -> None:
        from redis import Redis
        from rq import Queue

        self.connection = Redis.from_url(url)
        self.queue = Queue(QUEUE_NAME, connection=self.connection)

    def enqueue(self, function_path: str, *args: Any) -> str:
        job = self.queue.enqueue_call(
            function_path, args=args, timeout=JOB_TIMEOUT_SECONDS, result_ttl=3600, failure_ttl=7 * 24 * 3600
        )
        return str(job.id)


def make_queue(settings: Settings) -> JobQueue:
    return RedisQueue(settings.redis_url) if settings.redis_url else InProcessQueue()
