"""Background work: in-process threads by default, a Redis queue (RQ) when MATCHMAKER_REDIS_URL is set.

A job is a plain function named by its dotted path (``"matchmaker.jobs.scheduling.run_schedule"``)
taking JSON-friendly arguments; it opens its own database session
(:func:`matchmaker.jobs.runtime.job_session`) and records its status and progress in the database, so
the web app reads progress the same way in both modes.
"""

from matchmaker.jobs.queue import InProcessQueue, JobQueue, RedisQueue, make_queue

__all__ = ["InProcessQueue", "JobQueue", "RedisQueue", "make_queue"]
