"""The app gunicorn serves in the load benchmark: the real app, with two switches for measuring.

- Rate limits off: wrk sends everything from one address, which the limits exist to stop.
- Background jobs not run: after each registration the app would queue a recommendations refresh,
  which production runs in a separate ``matchmaker worker``; here it would compete with the server.
"""

from __future__ import annotations

from typing import Any

from matchmaker.web.app import create_app
from matchmaker.web.rate_limit import rate_limiter


class _JobsElsewhere:
    def enqueue(self, function_path: str, *args: Any) -> str:
        return "left-to-the-worker"


app = create_app()
rate_limiter(app).enabled = False
app.extensions["matchmaker.jobs"] = _JobsElsewhere()
