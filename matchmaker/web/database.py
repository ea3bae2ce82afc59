"""One database session and one transaction per request, committed or rolled back at the edge.

Views call use cases (which flush) and never commit: after the view, :func:`_end_transaction` commits
when the response is a success (below 400) and rolls back when it is an error or an exception escaped.
A view that turns a refused use case into a redirect with a message calls :func:`discard_changes`; one
whose error response must still keep a write (a failed sign-in is counted) calls :func:`keep_changes`.
Work that needs the rows committed first (enqueueing a job) goes through :func:`when_committed`.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g
from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session, sessionmaker

from matchmaker.db import unit_of_work
from matchmaker.db.engine import make_engine, make_session_factory

_EXTENSION = "matchmaker.db"


class Database:
    """The app's engine and session factory, created once per process."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = make_engine(url)
        self.session_factory: sessionmaker[Session] = make_session_factory(self.engine)


def init_app(app: Flask, url: str) -> Database:
    database = Database(url)
    app.extensions[_EXTENSION] = database
    app.after_request(_end_transaction)
    app.teardown_appcontext(_close_session)
    return database


def get_database() -> Database:
    database: Database = current_app.extensions[_EXTENSION]
    return database


def get_session() -> Session:
    """The request's session, opened on first use; its work is committed or rolled back after the view."""
    if "db_session" not in g:
        g.db_session = get_database().session_factory()
    session: Session = g.db_session
    return session


def get_reading_connection() -> Connection:
    """The request's connection for a view that only reads plain rows (a read model), in autocommit.

    No ORM session (its bookkeeping was a tenth of the agenda API's time), and each statement runs
    on its own: no BEGIN and ROLLBACK round trips, which were half of the round trips of the busiest
    reads. Nothing is lost: under PostgreSQL's READ COMMITTED each statement sees its own snapshot
    inside a transaction too. Returned to the pool at teardown.
    """
    if "db_reading_connection" not in g:
        g.db_reading_connection = (
            get_database().engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        )
    connection: Connection = g.db_reading_connection
    return connection


def discard_changes() -> None:
    """Undo what this request has written so far (a use case refused halfway, a form shown again).

    The session stays usable for rendering; what the request writes afterwards is committed at the end
    as usual. Jobs waiting for the commit (:func:`when_committed`) are dropped too.
    """
    session: Session | None = g.get("db_session")
    if session is not None:
        unit_of_work.rollback(session)


def keep_changes() -> None:
    """Commit this request's writes even though its response is an error (e.g. a failed sign-in,
    counted for throttling, answered 401)."""
    g.db_keep_changes = True


def when_committed(action: unit_of_work.Action) -> None:
    """Run ``action`` once this request's writes are committed (never, if they are rolled back)."""
    unit_of_work.when_committed(get_session(), action)


def _end_transaction(response: Response) -> Response:
    session: Session | None = g.get("db_session")
    if session is None:
        return response
    keep = response.status_code < 400 or g.pop("db_keep_changes", False)
    unit_of_work.finish(session, keep=keep)
    return response


def _close_session(_exc: BaseException | None) -> None:
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()
    connection: Connection | None = g.pop("db_reading_connection", None)
    if connection is not None:
        connection.close()
