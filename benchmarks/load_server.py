"""The server of the load benchmark: the real app, served exactly as `matchmaker serve` serves it
(``gunicorn_options``), with two switches for measuring:

- Rate limits off: wrk sends everything from one address, which the limits exist to stop.
- Background jobs go to a Redis queue that no worker reads (``--redis-url``), as production queues
  them for `matchmaker worker` processes: the enqueueing is measured, the recommendations refresh it
  asks for is not (it would run elsewhere and compete with the server here). Without a Redis URL the
  jobs are dropped.

    python -m benchmarks.load_server --port 8765 --workers 2 --threads 2 [--redis-url URL] [--shared-socket]
"""

from __future__ import annotations

import argparse
from typing import Any

from matchmaker.cli.serve import GunicornServer, gunicorn_options, port_is_free
from matchmaker.jobs.queue import RedisQueue
from matchmaker.web.app import create_app
from matchmaker.web.rate_limit import rate_limiter


class _JobsElsewhere:
    def enqueue(self, function_path: str, *args: Any) -> str:
        return "left-to-the-worker"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--redis-url", default="")
    parser.add_argument("--access-log", default="/dev/null")
    parser.add_argument(
        "--shared-socket",
        action="store_true",
        help="one listening socket for all workers (gunicorn's default), to compare",
    )
    args = parser.parse_args()
    if not port_is_free("127.0.0.1", args.port):  # workers listen with SO_REUSEPORT: never share a port
        raise SystemExit(f"127.0.0.1:{args.port} is already in use")
    app = create_app()
    rate_limiter(app).enabled = False
    app.extensions["matchmaker.jobs"] = RedisQueue(args.redis_url) if args.redis_url else _JobsElsewhere()
    options = gunicorn_options("127.0.0.1", args.port, args.workers, args.threads)
    # The access log is written as in production (masked), to a file nobody reads.
    options |= {"accesslog": args.access_log or None, "loglevel": "warning", "backlog": 2048}
    if args.shared_socket:
        options["reuse_port"] = False
    GunicornServer(app, options).run()


if __name__ == "__main__":
    main()
