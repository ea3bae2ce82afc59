"""The two queue implementations behind one small Protocol.

Two queues, so that work of one kind can't starve the other: schedule runs (an organiser watching a
progress bar) and everything else (recommendation refreshes after profile saves, which can come by the
thousand). A worker takes schedule runs first. Refreshes are merged per key: while one is waiting,
another request for the same key adds nothing (the waiting one will read the newer data anyway).
"""

from __future__ import annotations

import importlib
import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Protocol

from matchmaker.config import Settings
from matchmaker.jobs import runtime

log = logging.getLogger(__name__)
QUEUE_NAME = "matchmaker"
SCHEDULE_QUEUE_NAME = "matchmaker-schedule"
# The order a worker listens in: schedule runs first.
QUEUE_NAMES = (SCHEDULE_QUEUE_NAME, QUEUE_NAME)
# Scheduling a large fair can take minutes; anything longer is a stuck job.
JOB_TIMEOUT_SECONDS = 30 * 60
# A merge marker outlives a lost job (a worker killed before starting it) by at most this long.
PENDING_TTL_SECONDS = JOB_TIMEOUT_SECONDS
_PENDING_PREFIX = "matchmaker:pending:"


def resolve(path: str) -> Callable[..., Any]:
    module_name, _, attribute = path.rpartition(".")
    function: Callable[..., Any] = getattr(importlib.import_module(module_name), attribute)
    return function


def queue_name_for(function_path: str) -> str:
    return SCHEDULE_QUEUE_NAME if function_path.startswith("matchmaker.jobs.scheduling.") else QUEUE_NAME


class JobQueue(Protocol):
    def enqueue(self, function_path: str, *args: Any) -> str:
        """Schedule ``function_path(*args)``; returns a job id."""
        ...

    def enqueue_merged(self, key: str, function_path: str, *args: Any) -> str | None:
        """Like :meth:`enqueue`, unless a job enqueued under ``key`` has not started yet: then nothing
        is added and None is returned."""
        ...

    def has_workers(self) -> bool:
        """Whether something takes the jobs enqueued now: False only for a reachable Redis that no
        ``matchmaker worker`` listens to (its jobs wait there, and organisers must be told)."""
        ...


class InProcessQueue:
    """Worker threads inside the web process: nothing else to start in the embedded setup.

    Each queue has its own threads, so a schedule run never waits behind refreshes.
    """

    def __init__(self, workers: int = 2) -> None:
        self._executors = {
            name: ThreadPoolExecutor(max_workers=workers, thread_name_prefix=f"{name}-job")
            for name in QUEUE_NAMES
        }
        self._futures: dict[str, Future[Any]] = {}
        self._pending: set[str] = set()
        self._running: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()

    def enqueue(self, function_path: str, *args: Any) -> str:
        return self._submit(None, function_path, args)

    def enqueue_merged(self, key: str, function_path: str, *args: Any) -> str | None:
        with self._lock:
            if key in self._pending:
                return None
            self._pending.add(key)
        return self._submit(key, function_path, args)

    def _submit(self, key: str | None, function_path: str, args: tuple[Any, ...]) -> str:
        try:
            function = resolve(function_path)  # fail now, in the caller, on a wrong name
        except Exception:
            self._started(key)
            raise
        job_id = uuid.uuid4().hex
        executor = self._executors[queue_name_for(function_path)]
        future = executor.submit(self._run, key, function_path, function, args)
        with self._lock:
            self._futures[job_id] = future
        return job_id

    def _started(self, key: str | None) -> None:
        if key is not None:
            with self._lock:
                self._pending.discard(key)

    def _run(
        self, key: str | None, function_path: str, function: Callable[..., Any], args: tuple[Any, ...]
    ) -> Any:
        if key is None:
            return self._call(function_path, function, args)
        with self._lock:
            running = self._running.setdefault(key, threading.Lock())
        # Jobs of one key run one at a time; while one waits here it is still pending, so saves made
        # meanwhile merge into it. Once it runs, a new save needs a new job: this one may read too early.
        with running:
            self._started(key)
            return self._call(function_path, function, args)

    @staticmethod
    def _call(function_path: str, function: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        try:
            return function(*args)
        except Exception:
            # The job records its own failure in the database; this is for the operator's log.
            log.exception("job %s%r failed", function_path, args)
            raise

    def has_workers(self) -> bool:
        return True  # this process's own threads

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


def run_merged(key: str, function_path: str, *args: Any) -> Any:
    """What a worker runs for :meth:`RedisQueue.enqueue_merged`: clears the merge marker, then the job."""
    from rq import get_current_job

    job = get_current_job()
    if job is not None:
        job.connection.delete(_PENDING_PREFIX + key)
    return resolve(function_path)(*args)


class RedisQueue:
    """Jobs go to Redis and run in `matchmaker worker` processes, on this machine or others.

    When Redis can't be reached, a job runs in this process instead (logged once per outage): the
    request that enqueued it (a registration, a schedule run) has already been saved and must not fail.
    """

    def __init__(self, url: str, database_url: str | None = None) -> None:
        from redis import Redis
        from rq import Queue

        # Short timeouts: a Redis that is down costs a request a moment, not a minute.
        self.connection = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=5)
        self.queues = {name: Queue(name, connection=self.connection) for name in QUEUE_NAMES}
        self.queue = self.queues[QUEUE_NAME]
        self._database_url = database_url
        self._fallback: InProcessQueue | None = None
        self._down = False

    def enqueue(self, function_path: str, *args: Any) -> str:
        from redis.exceptions import RedisError

        try:
            job_id = self._enqueue(function_path, args)
        except RedisError as exc:
            return self._in_process(exc).enqueue(function_path, *args)
        self._up()
        return job_id

    def enqueue_merged(self, key: str, function_path: str, *args: Any) -> str | None:
        from redis.exceptions import RedisError

        try:
            if not self.connection.set(_PENDING_PREFIX + key, "1", nx=True, ex=PENDING_TTL_SECONDS):
                return None
            try:
                job_id = self._enqueue(
                    "matchmaker.jobs.queue.run_merged",
                    (key, function_path, *args),
                    queue_name_for(function_path),
                )
            except RedisError:
                self.connection.delete(_PENDING_PREFIX + key)
                raise
        except RedisError as exc:
            return self._in_process(exc).enqueue_merged(key, function_path, *args)
        self._up()
        return job_id

    def _enqueue(self, function_path: str, args: tuple[Any, ...], queue: str | None = None) -> str:
        job = self.queues[queue or queue_name_for(function_path)].enqueue_call(
            function_path, args=args, timeout=JOB_TIMEOUT_SECONDS, result_ttl=3600, failure_ttl=7 * 24 * 3600
        )
        return str(job.id)

    def _in_process(self, error: Exception) -> InProcessQueue:
        if not self._down:
            log.warning(
                "jobs: Redis is unreachable (%s); running jobs in this process until it is back",
                type(error).__name__,
            )
            self._down = True
        if self._fallback is None:
            # Jobs given no database URL read it from the environment in a worker; here, this process's.
            runtime.set_default_database_url(self._database_url)
            self._fallback = InProcessQueue()
        return self._fallback

    def has_workers(self) -> bool:
        from redis.exceptions import RedisError
        from rq import Worker

        try:
            # Registered workers whose heartbeat key is alive (a killed one drops out within its TTL).
            return bool(Worker.all(connection=self.connection))
        except RedisError:
            return True  # Redis is down: jobs run in this process (see enqueue)

    def wait_all(self, timeout: float | None = None) -> None:
        """Block until the jobs this process ran itself (while Redis was down) have ended."""
        if self._fallback is not None:
            self._fallback.wait_all(timeout)

    def _up(self) -> None:
        if self._down:
            log.warning("jobs: Redis is back; jobs go to the workers again")
            self._down = False


def worker_queues(connection: Any) -> list[Any]:
    """The RQ queues a worker listens to, in the order it takes jobs: schedule runs first."""
    from rq import Queue

    return [Queue(name, connection=connection) for name in QUEUE_NAMES]


def redis_problem(url: str) -> str | None:
    """Why Redis at ``url`` can't be used right now (the error's type, no host names), or None."""
    from redis import Redis
    from redis.exceptions import RedisError

    try:
        with Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2) as connection:
            connection.ping()
    except RedisError as exc:
        return type(exc).__name__
    return None


def make_queue(settings: Settings) -> JobQueue:
    if settings.redis_url:
        return RedisQueue(settings.redis_url, settings.resolved_database_url)
    return InProcessQueue()
