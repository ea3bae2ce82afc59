from __future__ import annotations

import logging

from flask import current_app, jsonify, render_template
from flask.typing import ResponseReturnValue

from matchmaker.db.engine import DatabaseUnavailable, check_connection
from matchmaker.jobs.queue import redis_problem
from matchmaker.services.events import events_with_attendee_counts
from matchmaker.web.database import get_database, get_session
from matchmaker.web.main import bp

log = logging.getLogger(__name__)


@bp.get("/")
def index() -> str:
    return render_template("index.html", events=events_with_attendee_counts(get_session()))


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """Liveness for load balancers: 200 when the database answers, 503 (and why) when it doesn't.

    A configured Redis that doesn't answer makes the status "degraded" (still 200: pages, registration
    and sign-in keep working, with limits and jobs in the web process), so monitoring sees it.
    """
    try:
        check_connection(get_database().engine)
    except DatabaseUnavailable:
        # The reason goes to the log only: it can name hosts and users.
        log.exception("health check: database unreachable")
        return jsonify(status="error", database={"ok": False, "error": "unreachable"}), 503
    redis_url = current_app.config["MATCHMAKER"].redis_url
    if not redis_url:
        return jsonify(status="ok", database={"ok": True}), 200  # in-process jobs: no Redis to report
    problem = redis_problem(redis_url)
    if problem is not None:
        log.warning("health check: Redis unreachable (%s)", problem)
        return jsonify(
            status="degraded", database={"ok": True}, redis={"ok": False, "error": "unreachable"}
        ), 200
    return jsonify(status="ok", database={"ok": True}, redis={"ok": True}), 200
