"""The figures of a draft schedule, computed once when the run finishes and stored in ``ScheduleRun.stats``.

Everything the draft page shows comes from here: counts, who has no meeting and why, the score
histogram and the per-slot / per-table load (the occupancy grid is drawn from the draft itself).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from matchmaker.core import scheduling as core
from matchmaker.db.models import Attendee, Event
from matchmaker.services.schedule_problem import BuiltProblem

HISTOGRAM_BINS = 10
MAX_LISTED_WITHOUT = 300

# Why someone has no meeting: a code the page words in the organiser's language (see draft.html).
NO_MEETINGS_WANTED = "no_meetings_wanted"
NEVER_AVAILABLE = "never_available"
NO_MATCHES = "no_matches"
NO_WORTHWHILE_MATCH = "no_worthwhile_match"
ALL_BOOKED = "all_booked"


def _reason_without(attendee: Attendee, built: BuiltProblem, slot_count: int) -> str:
    if attendee.max_meetings == 0:
        return NO_MEETINGS_WANTED
    if len(attendee.unavailability) >= slot_count:
        return NEVER_AVAILABLE
    if built.candidates_per_attendee.get(attendee.id, 0) == 0 and not built.requested_only:
        return NO_MATCHES
    if built.worthwhile_per_attendee.get(attendee.id, 0) == 0:
        return NO_WORTHWHILE_MATCH
    return ALL_BOOKED


def score_histogram(scores: list[float], bins: int = HISTOGRAM_BINS) -> list[int]:
    """Counts of scores in ``bins`` equal bins over [0, 1] (1.0 falls in the last bin)."""
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, max(0, int(score * bins)))] += 1
    return counts


def draft_figures(
    event: Event, attendees: list[Attendee], schedule: core.Schedule, built: BuiltProblem, now: datetime
) -> dict[str, Any]:
    """JSON-friendly figures of ``schedule`` for ``event`` (see the module docstring)."""
    met: dict[int, int] = {}
    per_slot = {str(s.id): 0 for s in event.slots}
    per_table = {str(t.id): 0 for t in event.tables}
    for meeting in schedule.meetings:
        for person in (int(meeting.a), int(meeting.b)):
            met[person] = met.get(person, 0) + 1
        per_slot[meeting.slot] = per_slot.get(meeting.slot, 0) + 1
        per_table[meeting.table] = per_table.get(meeting.table, 0) + 1
    without = [
        {
            "id": a.id,
            "name": a.name,
            "company": a.company,
            "reason": _reason_without(a, built, len(event.slots)),
        }
        for a in attendees
        if a.id not in met
    ]
    stats = schedule.stats
    counts = sorted(met.values())
    return {
        "meetings": len(schedule.meetings),
        "required": stats.required,
        "required_scheduled": stats.required_scheduled,
        "attendees": len(attendees),
        "attendees_without_count": len(without),
        "attendees_without": without[:MAX_LISTED_WITHOUT],
        # Attendees nobody worth meeting was found for: the schedule leaves them free rather than
        # filling their day with poor matches.
        "attendees_no_worthwhile": sum(
            1 for a in attendees if a.id not in met and built.worthwhile_per_attendee.get(a.id, 0) == 0
        ),
        "match_floor": round(built.floor, 4),
        "requested_only": built.requested_only,
        "below_floor": sum(1 for m in schedule.meetings if not m.required and m.score < built.floor),
        "closed_slots": built.closed_slots,
        "planned_at": now.isoformat(),
        "score_total": round(stats.score, 4),
        # None when the solver skipped the bound (very large events).
        "score_upper_bound": round(stats.upper_bound, 4) if stats.upper_bound is not None else None,
        "score_histogram": score_histogram([m.score for m in schedule.meetings]),
        "idle_gaps": stats.idle_gaps,
        "fairness_min": round(stats.fairness_min, 4),
        "fairness_p10": round(stats.fairness_p10, 4),
        "meetings_per_attendee_median": counts[len(counts) // 2] if counts else 0,
        "per_slot": per_slot,
        "per_table": per_table,
        "seconds": round(stats.seconds, 2),
        "timed_out": schedule.timed_out,
        "unscheduled_required": [
            # The English wording stays beside the data for runs read by older code and the CLI.
            {"a": int(u.a), "b": int(u.b), "reason": str(u.reason)} | u.reason.to_json()
            for u in schedule.unscheduled
        ],
    }
