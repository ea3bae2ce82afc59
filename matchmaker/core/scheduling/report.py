"""Turning the final slot assignment into a :class:`Schedule` with tables, reasons and statistics."""

from __future__ import annotations

from matchmaker.core.scheduling.model import (
    PlacedMeeting,
    Problem,
    Schedule,
    ScheduleStats,
    UnscheduledMeeting,
)
from matchmaker.core.scheduling.state import UNPLACED, SlotState
from matchmaker.core.scheduling.tables import assign_tables
from matchmaker.core.scheduling.unplaced import Unplaced


def build_schedule(
    problem: Problem,
    state: SlotState,
    unscheduled: dict[int, Unplaced],
    upper_bound: float | None,
    seconds: float,
    timed_out: bool = False,
) -> Schedule:
    """Placed meetings in slot order, unscheduled required meetings in input order, and the figures."""
    inst = state.instance
    table_of = assign_tables(state)
    placed = sorted((s, table_of[e], e) for e, s in enumerate(state.slot_of) if s != UNPLACED)
    meetings = tuple(
        PlacedMeeting(
            a=problem.meetings[e].a,
            b=problem.meetings[e].b,
            slot=inst.slot_ids[s],
            table=inst.table_ids[t],
            score=inst.score[e],
            required=inst.must[e],
        )
        for s, t, e in placed
    )
    left = tuple(
        UnscheduledMeeting(a=problem.meetings[e].a, b=problem.meetings[e].b, reason=unscheduled[e])
        for e in sorted(unscheduled)
    )
    targets = inst.targets()
    ratios = sorted(state.count[p] / targets[p] for p in range(inst.n_people) if targets[p] > 0)
    stats = ScheduleStats(
        required=sum(inst.must),
        required_scheduled=sum(1 for m in meetings if m.required),
        scheduled=len(meetings),
        score=round(sum(m.score for m in meetings), 6),
        upper_bound=None if upper_bound is None else round(max(upper_bound, 0.0), 6),
        zero_meeting_attendees=sum(1 for p in range(inst.n_people) if targets[p] > 0 and state.count[p] == 0),
        idle_gaps=state.total_gaps(),
        fairness_min=round(ratios[0], 4) if ratios else 1.0,
        fairness_p10=round(ratios[len(ratios) // 10], 4) if ratios else 1.0,
        seconds=round(seconds, 3),
        attendees_without_candidates=sum(1 for t in targets if t == 0),
    )
    return Schedule(meetings=meetings, unscheduled=left, stats=stats, timed_out=timed_out)
