"""One transaction per unit of work: a web request, a CLI command, a job step.

Services flush and never commit. The entry point that owns the transaction ends it once: :func:`commit`
when the work succeeded, :func:`rollback` when it failed (the web app does this after each request,
see ``web/database.py``; commands and jobs use :func:`unit_of_work`).

What must wait until the rows are committed, because something outside the database reads them (a job
enqueued to Redis reads its run's row; another process could run it at once), is registered with
:func:`when_committed`: it runs right after the commit, and a rollback drops it. What an action records
on an object of the session (the queue's job id on the run's row) is committed with a second commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_ACTIONS = "matchmaker.after_commit"
Action = Callable[[], object]


def when_committed(session: Session, action: Action) -> None:
    """Run ``action`` once ``session``'s current work is committed by :func:`commit`; dropped on rollback."""
    session.info.setdefault(_ACTIONS, []).append(action)


def commit(session: Session) -> None:
    """Commit, then run the actions waiting for it; commit again what they recorded on the session."""
    actions: list[Action] = session.info.pop(_ACTIONS, [])
    session.commit()
    for action in actions:
        action()
    if session.new or session.dirty or session.deleted:
        session.commit()


def rollback(session: Session) -> None:
    """Undo the current work and drop the actions that were waiting for its commit."""
    session.info.pop(_ACTIONS, None)
    session.rollback()


def finish(session: Session, *, keep: bool) -> None:
    """End the current work: :func:`commit` it when ``keep``, else :func:`rollback` (an entry point's
    edge, e.g. a request's end)."""
    if keep:
        commit(session)
    else:
        rollback(session)


@contextmanager
def unit_of_work(factory: Callable[[], Session]) -> Iterator[Session]:
    """A session whose work is committed when the block ends normally and rolled back when it raises."""
    with factory() as session:
        try:
            yield session
        except BaseException:
            rollback(session)
            raise
        commit(session)


@event.listens_for(Session, "after_transaction_end")
def _drop_waiting_actions(session: Session, transaction: SessionTransaction, *_: Any) -> None:
    # The outermost transaction ended without going through commit() (a rollback, a close, or a plain
    # session.commit()): what waited for it must not run at a later, unrelated commit.
    if transaction.parent is None:
        session.info.pop(_ACTIONS, None)
