"""Schedule runs: start one, compute its draft, compare drafts, publish one as the event's meetings.

A run never touches meetings while it computes: its draft lives in ``ScheduleRun.result`` until the
organiser publishes it. So a cancelled, failed or killed run leaves the published schedule as it was.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker.core import scheduling as core
from matchmaker.db.models import (
    Attendee,
    Event,
    Meeting,
    MeetingSource,
    MeetingStatus,
    Recommendation,
    RunStatus,
    ScheduleRun,
    ScheduleRunLease,
)
from matchmaker.db.types import utcnow
from matchmaker.services.meetings import LinkBuilder, live_meetings, notify_schedule_change
from matchmaker.services.notices import N_, NoticeError, NoticeKind
from matchmaker.services.schedule_figures import draft_figures
from matchmaker.services.schedule_problem import build_problem

ACTIVE = (RunStatus.QUEUED, RunStatus.RUNNING)
# A worker refreshes its lease every few seconds; silence this long means it is gone.
LEASE_TIMEOUT = timedelta(seconds=45)
# A queued run nobody picked up for this long (no worker running in Redis mode) is failed too.
QUEUE_TIMEOUT = timedelta(hours=2)
DEFAULT_TIME_LIMIT = 60.0
ABANDONED = "the worker stopped before finishing (killed or crashed); the published schedule is unchanged"


class SchedulingError(NoticeError):
    """A scheduling action that can't be done now; its notice says why and what to do."""


NO_GRID = NoticeKind("no_grid", N_("the event has no slots or no tables yet: finish the set-up first"))
RUN_ACTIVE = NoticeKind("run_active", N_("run #%(id)d is still %(status)s: wait for it or cancel it"))
NOT_RETRYABLE = NoticeKind(
    "not_retryable", N_("run #%(id)d is %(status)s; only failed or cancelled runs are retried")
)
RUN_OVER = NoticeKind("run_over", N_("run #%(id)d has already %(status)s"))
NO_DRAFT = NoticeKind("no_draft", N_("run #%(id)d has no finished draft to publish"))
DRAFT_OUTDATED = NoticeKind(
    "draft_outdated",
    N_(
        "meetings changed since this draft was generated (a manual change or another "
        "publication): generate a new draft so nothing is overwritten"
    ),
)


@dataclass(frozen=True)
class PublishOutcome:
    created: int
    moved: int
    cancelled: int
    kept: int
    notified: int


def attendees_without_matches(session: Session, event: Event) -> int:
    """How many attendees have no stored recommendations (new imports, edited profiles ...)."""
    has_any = select(Recommendation.attendee_id).where(Recommendation.attendee_id == Attendee.id).exists()
    return int(
        session.scalar(
            select(func.count()).select_from(Attendee).where(Attendee.event_id == event.id, ~has_any)
        )
        or 0
    )


def runs_of(session: Session, event: Event, limit: int = 20) -> list[ScheduleRun]:
    return list(
        session.scalars(
            select(ScheduleRun)
            .where(ScheduleRun.event_id == event.id)
            .order_by(ScheduleRun.id.desc())
            .limit(limit)
        )
    )


def runs_as_seen(session: Session, event: Event, limit: int = 20) -> list[RunAsSeen]:
    """The event's latest runs for its schedule page (reads only; see :class:`RunAsSeen`)."""
    now = utcnow()
    return [run_as_seen(session, run, now) for run in runs_of(session, event, limit)]


def get_run(session: Session, event: Event, run_id: int) -> ScheduleRun | None:
    run = session.get(ScheduleRun, run_id)
    return run if run is not None and run.event_id == event.id else None


def _abandoned(run: ScheduleRun, lease: ScheduleRunLease | None, now: datetime) -> bool:
    if run.status == RunStatus.RUNNING:
        beat = lease.heartbeat_at if lease is not None else run.started_at or run.created_at
        return now - beat > LEASE_TIMEOUT
    return run.status == RunStatus.QUEUED and now - run.created_at > QUEUE_TIMEOUT


def sweep_abandoned_runs(session: Session, now: datetime | None = None) -> list[int]:
    """Mark runs whose worker went silent as failed (retryable); returns their ids (flushes)."""
    now = now or utcnow()
    swept = []
    for run in session.scalars(select(ScheduleRun).where(ScheduleRun.status.in_(ACTIVE))):
        lease = session.get(ScheduleRunLease, run.id)
        if _abandoned(run, lease, now):
            run.status, run.error, run.finished_at = RunStatus.FAILED, ABANDONED, now
            if lease is not None:
                session.delete(lease)
            swept.append(run.id)
    session.flush()
    return swept


@dataclass(frozen=True)
class RunAsSeen:
    """A run as a reader should see it: one whose worker went silent reads as failed, before the next
    write (a start, a retry, the day tick) records it, so pages never write and never spin forever."""

    run: ScheduleRun
    status: str
    error: str | None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.run, name)


def run_as_seen(session: Session, run: ScheduleRun, now: datetime | None = None) -> RunAsSeen:
    if run.status in ACTIVE and _abandoned(run, session.get(ScheduleRunLease, run.id), now or utcnow()):
        return RunAsSeen(run, RunStatus.FAILED, ABANDONED)
    return RunAsSeen(run, run.status, run.error)


def start_run(
    session: Session,
    event: Event,
    organiser_id: int | None,
    *,
    full_replan: bool = False,
    time_limit: float = DEFAULT_TIME_LIMIT,
    refresh_matches: bool = False,
    embedding_model: str = "",
) -> ScheduleRun:
    """A queued run (flushes); the caller commits, then enqueues the job. One active run per event."""
    # The event's row is locked until the caller commits: parallel starts queue here, and each sees the
    # run the one before it added (the partial unique index is the backstop, e.g. on SQLite).
    session.execute(select(Event.id).where(Event.id == event.id).with_for_update(key_share=True))
    sweep_abandoned_runs(session)
    if not event.slots or not event.tables:
        raise SchedulingError(NO_GRID())
    active = session.scalar(
        select(ScheduleRun).where(ScheduleRun.event_id == event.id, ScheduleRun.status.in_(ACTIVE))
    )
    if active is not None:
        raise SchedulingError(RUN_ACTIVE(id=active.id, status=RunStatus(active.status)))
    run = ScheduleRun(
        event_id=event.id,
        created_by_id=organiser_id,
        status=RunStatus.QUEUED,
        parameters={
            "full_replan": full_replan,
            "time_limit": time_limit,
            "refresh_matches": refresh_matches,
            "embedding_model": embedding_model,
        },
    )
    session.add(run)
    session.flush()
    return run


def retry_run(session: Session, run: ScheduleRun, organiser_id: int | None) -> ScheduleRun:
    """A new run with the parameters of a failed or cancelled one (or of one whose worker died)."""
    sweep_abandoned_runs(session)
    if run.status not in (RunStatus.FAILED, RunStatus.CANCELLED):
        raise SchedulingError(NOT_RETRYABLE(id=run.id, status=RunStatus(run.status)))
    event = session.get_one(Event, run.event_id)
    parameters = run.parameters
    return start_run(
        session,
        event,
        organiser_id,
        full_replan=bool(parameters.get("full_replan")),
        time_limit=float(parameters.get("time_limit", DEFAULT_TIME_LIMIT)),
        refresh_matches=bool(parameters.get("refresh_matches")),
        embedding_model=str(parameters.get("embedding_model", "")),
    )


def request_cancel(session: Session, run: ScheduleRun) -> None:
    """Ask the job to stop; a run still waiting in the queue is cancelled at once."""
    if run.status not in ACTIVE:
        raise SchedulingError(RUN_OVER(id=run.id, status=RunStatus(run.status)))
    run.cancel_requested = True
    if run.status == RunStatus.QUEUED:
        run.status, run.finished_at = RunStatus.CANCELLED, utcnow()
    session.flush()


def compute_draft(
    session: Session,
    run: ScheduleRun,
    *,
    on_progress: core.ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    started: float | None = None,
    now: datetime | None = None,
) -> core.Schedule:
    """Solve the event's problem and store the draft and its figures on ``run`` (flushes).

    The run's time limit is wall time from ``started`` (a ``time.perf_counter()`` reading, default
    now): reading the event, solving and storing the draft all fit inside it. Only slots that have
    not started by ``now`` (default: the current time) are planned.
    """
    started = time.perf_counter() if started is None else started
    now = now or utcnow()
    event = session.get_one(Event, run.event_id)
    built = build_problem(session, event, full_replan=bool(run.parameters.get("full_replan")), now=now)
    time_limit = float(run.parameters.get("time_limit", DEFAULT_TIME_LIMIT))
    # Storing the draft comes after the search: leave it a share of the limit.
    reserve = min(1.0, 0.03 * time_limit) + 2e-5 * len(built.problem.meetings)
    schedule = core.solve(
        built.problem,
        time_limit=max(0.1, time_limit - reserve),
        on_progress=on_progress,
        should_stop=should_stop,
        started=started,
    )
    attendees = list(session.scalars(select(Attendee).where(Attendee.event_id == event.id)))
    fixed_pairs = {(m.a, m.b) for m in built.problem.meetings if m.fixed is not None}
    run.result = {
        "full_replan": bool(run.parameters.get("full_replan")),
        "baseline": [list(item) for item in built.baseline],
        "meetings": [
            {
                "a": int(m.a),
                "b": int(m.b),
                "slot": int(m.slot),
                "table": int(m.table),
                "score": round(m.score, 4),
                "required": m.required,
                "fixed": (m.a, m.b) in fixed_pairs or (m.b, m.a) in fixed_pairs,
            }
            for m in schedule.meetings
        ],
    }
    run.stats = draft_figures(event, attendees, schedule, built, now)
    session.flush()
    return schedule


def _check_publishable(session: Session, run: ScheduleRun) -> dict[tuple[int, int], Meeting]:
    if run.status != RunStatus.SUCCEEDED or run.result is None:
        raise SchedulingError(NO_DRAFT(id=run.id))
    live = live_meetings(session, run.event_id)
    current = sorted((m.id, m.slot_id, m.table_id) for m in live)
    if current != sorted(tuple(item) for item in run.result["baseline"]):
        raise SchedulingError(DRAFT_OUTDATED())
    return {(m.attendee_a_id, m.attendee_b_id): m for m in live}


def publish_run(session: Session, run: ScheduleRun, link_for: LinkBuilder | None = None) -> PublishOutcome:
    """Make the draft the event's schedule and tell everyone whose agenda changed (flushes); with
    ``link_for`` their mails carry their personal links (see :func:`notify_schedule_change`).

    Live meetings in the draft keep their row (moved if a full re-plan moved them); live unlocked
    meetings absent from a full re-plan are cancelled; new pairs become meetings.
    """
    by_pair = _check_publishable(session, run)
    assert run.result is not None
    draft = {(item["a"], item["b"]): item for item in run.result["meetings"]}
    affected: set[int] = set()
    to_move: list[tuple[Meeting, dict[str, Any]]] = []
    kept = cancelled = 0
    for pair, meeting in by_pair.items():
        placed = draft.get(pair)
        if placed is None:
            meeting.status = MeetingStatus.CANCELLED
            cancelled += 1
            affected.update(pair)
        elif (placed["slot"], placed["table"]) != (meeting.slot_id, meeting.table_id):
            # Out of the way first (cancelled rows don't count in the no-double-booking indexes).
            meeting.status = MeetingStatus.CANCELLED
            to_move.append((meeting, placed))
            affected.update(pair)
        else:
            kept += 1
    session.flush()
    for meeting, placed in to_move:
        meeting.slot_id, meeting.table_id, meeting.status = (
            placed["slot"],
            placed["table"],
            MeetingStatus.SCHEDULED,
        )
    session.flush()
    created = 0
    for pair, placed in draft.items():
        if pair not in by_pair:
            session.add(
                Meeting.between(
                    pair[0],
                    pair[1],
                    event_id=run.event_id,
                    slot_id=placed["slot"],
                    table_id=placed["table"],
                    score=min(1.0, max(0.0, placed["score"])),
                    source=MeetingSource.AUTO,
                    schedule_run_id=run.id,
                )
            )
            created += 1
            affected.update(pair)
    run.published_at = utcnow()
    session.flush()
    for meeting in by_pair.values():
        for participant in meeting.participants:
            session.expire(participant)  # the database cascaded slot and status to these rows
    event = session.get_one(Event, run.event_id)
    notified = notify_schedule_change(session, event, sorted(affected), link_for)
    return PublishOutcome(
        created=created, moved=len(to_move), cancelled=cancelled, kept=kept, notified=notified
    )


COMPARED_FIGURES = (
    ("meetings", "Meetings"),
    ("required_scheduled", "Required meetings scheduled"),
    ("attendees_without_count", "Attendees without meetings"),
    ("attendees_no_worthwhile", "Attendees with no match worth a meeting"),
    ("idle_gaps", "Idle gaps"),
    ("score_total", "Total score"),
    ("fairness_min", "Fairness (lowest)"),
    ("meetings_per_attendee_median", "Meetings per attendee (median)"),
    ("seconds", "Solver seconds"),
)


def compare_drafts(runs: list[ScheduleRun]) -> list[dict[str, Any]]:
    """One row per figure with each run's value, and how many meetings differ from the first run."""
    rows: list[dict[str, Any]] = [
        {"key": key, "label": label, "values": [run.stats.get(key) for run in runs]}
        for key, label in COMPARED_FIGURES
    ]
    if runs and runs[0].result is not None:
        base = {(m["a"], m["b"], m["slot"]) for m in runs[0].result["meetings"]}
        rows.append(
            {
                "key": "different",
                "label": "Meetings different from the first draft",
                "values": [
                    len(base ^ {(m["a"], m["b"], m["slot"]) for m in (run.result or {}).get("meetings", [])})
                    for run in runs
                ],
            }
        )
    return rows
