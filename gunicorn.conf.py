"""Gunicorn's settings for `gunicorn wsgi:app` started in this folder (gunicorn reads this file by
default): the worker model of `matchmaker serve`, see ``gunicorn_options`` in matchmaker/cli/serve.py.
Pass ``--bind`` as usual; WEB_CONCURRENCY sets the number of workers."""

import os

from matchmaker.cli.serve import DEFAULT_THREADS, gunicorn_options, usable_cores

_options = gunicorn_options(
    "127.0.0.1", 8000, int(os.environ.get("WEB_CONCURRENCY", "0")) or usable_cores(), DEFAULT_THREADS
)
del _options["bind"]  # gunicorn's --bind (default 127.0.0.1:8000)
globals().update(_options)
