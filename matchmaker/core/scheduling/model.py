"""What the meeting scheduler takes in and gives back: plain frozen dataclasses, no framework types.

A :class:`Problem` lists time slots (in time order), tables, attendees and candidate meetings. The
solver returns a :class:`Schedule`: the meetings placed into a slot and at a table, the required
meetings it could not place (each with a reason a person can act on) and summary statistics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from matchmaker.core.scheduling.unplaced import Unplaced


class ProblemError(ValueError):
    """The problem is malformed (unknown id, duplicate, self-meeting ...); the message names the entry."""


@dataclass(frozen=True)
class Slot:
    """One time slot. Slots of the same ``day`` form one agenda day; an empty day means "the only day".

    A ``closed`` slot has already started (a run on the day of the event): meetings fixed in it stay
    where they are, nothing new is placed in it.
    """

    id: str
    day: str = ""
    closed: bool = False


@dataclass(frozen=True)
class Table:
    """A table hosts at most one meeting per slot."""

    id: str


@dataclass(frozen=True)
class Attendee:
    """A person; ``max_meetings`` of ``None`` means "as many as their free slots allow"."""

    id: str
    unavailable: frozenset[str] = frozenset()
    max_meetings: int | None = None


@dataclass(frozen=True)
class FixedPlacement:
    """Where an already published (or organiser-made) meeting must stay; ``table`` ``None`` = any table."""

    slot: str
    table: str | None = None


@dataclass(frozen=True)
class CandidateMeeting:
    """A pair that may meet. ``required`` meetings must take place; fixed meetings count as required.

    ``allowed_slots`` of ``None`` means every slot (e.g. a "mornings only" request narrows it).
    """

    a: str
    b: str
    score: float = 1.0
    required: bool = False
    allowed_slots: frozenset[str] | None = None
    fixed: FixedPlacement | None = None

    @property
    def must_happen(self) -> bool:
        return self.required or self.fixed is not None


@dataclass(frozen=True)
class Problem:
    """Everything the scheduler needs. ``minimize_gaps`` False skips agenda compaction.

    ``min_score`` is the quality floor: an optional meeting scoring below it is never scheduled (it
    is not worth the attendees' time); required and fixed meetings take place whatever their score.
    """

    slots: tuple[Slot, ...]
    tables: tuple[Table, ...]
    attendees: tuple[Attendee, ...]
    meetings: tuple[CandidateMeeting, ...]
    minimize_gaps: bool = True
    min_score: float | None = None


def worth_scheduling(meeting: CandidateMeeting, min_score: float | None) -> bool:
    """Whether ``meeting`` may be placed at all under the quality floor ``min_score``."""
    return meeting.must_happen or min_score is None or meeting.score >= min_score


@dataclass(frozen=True)
class PlacedMeeting:
    a: str
    b: str
    slot: str
    table: str
    score: float
    required: bool


@dataclass(frozen=True)
class UnscheduledMeeting:
    """A required meeting left out, with the reason (``str()`` reads "no common free slot: ...")."""

    a: str
    b: str
    reason: Unplaced


@dataclass(frozen=True)
class ScheduleStats:
    """Figures an organiser reads first.

    ``score`` is the total score of the placed meetings and ``upper_bound`` a proven bound on it (the
    LP relaxation of the capacity-constrained b-matching); ``idle_gaps`` counts, per person and day,
    the waits between two consecutive meetings that contain at least one slot the person is available.
    ``fairness_min`` and ``fairness_p10`` are the minimum and 10th percentile of meetings/target over
    attendees with candidates, where target = min(max meetings, free slots, number of candidates).
    Candidates count only when worth scheduling (see :attr:`Problem.min_score`), so fairness is
    measured among the attendees who have a worthwhile one; ``attendees_without_candidates`` counts
    the others (a target of zero: no worthwhile candidate, no free slot or a maximum of zero).
    """

    required: int
    required_scheduled: int
    scheduled: int
    score: float
    upper_bound: float | None
    zero_meeting_attendees: int
    idle_gaps: int
    fairness_min: float
    fairness_p10: float
    seconds: float
    attendees_without_candidates: int = 0


@dataclass(frozen=True)
class Schedule:
    meetings: tuple[PlacedMeeting, ...]
    unscheduled: tuple[UnscheduledMeeting, ...]
    stats: ScheduleStats
    timed_out: bool = field(default=False)

    @property
    def all_required_scheduled(self) -> bool:
        return not self.unscheduled


def validate_problem(problem: Problem) -> None:
    """Raise :class:`ProblemError` naming the first malformed entry; return quietly when usable."""
    slot_ids = _unique_ids("slot", [s.id for s in problem.slots])
    _unique_ids("table", [t.id for t in problem.tables])
    attendee_ids = _unique_ids("attendee", [p.id for p in problem.attendees])
    table_ids = {t.id for t in problem.tables}
    _check_days_contiguous(problem.slots)
    if problem.min_score is not None and not math.isfinite(problem.min_score):
        raise ProblemError("the minimum score must be a finite number")
    for person in problem.attendees:
        for slot in sorted(person.unavailable - slot_ids):
            raise ProblemError(f"attendee {person.id!r}: unknown unavailable slot {slot!r}")
        if person.max_meetings is not None and person.max_meetings < 0:
            raise ProblemError(f"attendee {person.id!r}: max_meetings must not be negative")
    seen_pairs: set[frozenset[str]] = set()
    for index, meeting in enumerate(problem.meetings):
        where = f"meeting #{index + 1} ({meeting.a}-{meeting.b})"
        for person_id in (meeting.a, meeting.b):
            if person_id not in attendee_ids:
                raise ProblemError(f"{where}: unknown attendee {person_id!r}")
        if meeting.a == meeting.b:
            raise ProblemError(f"{where}: an attendee cannot meet themself")
        pair = frozenset((meeting.a, meeting.b))
        if pair in seen_pairs:
            raise ProblemError(f"{where}: duplicate meeting of the same pair")
        seen_pairs.add(pair)
        if not math.isfinite(meeting.score):
            raise ProblemError(f"{where}: score must be a finite number")
        allowed = meeting.allowed_slots
        for slot in sorted((allowed or frozenset()) - slot_ids):
            raise ProblemError(f"{where}: unknown slot {slot!r}")
        if meeting.fixed is not None:
            fixed = meeting.fixed
            if fixed.slot not in slot_ids:
                raise ProblemError(f"{where}: unknown fixed slot {fixed.slot!r}")
            if allowed is not None and fixed.slot not in allowed:
                raise ProblemError(f"{where}: fixed slot {fixed.slot!r} is outside its allowed slots")
            if fixed.table is not None and fixed.table not in table_ids:
                raise ProblemError(f"{where}: unknown fixed table {fixed.table!r}")


def _unique_ids(kind: str, ids: list[str]) -> set[str]:
    seen: set[str] = set()
    for item in ids:
        if not item:
            raise ProblemError(f"a {kind} has an empty id")
        if item in seen:
            raise ProblemError(f"duplicate {kind} id {item!r}")
        seen.add(item)
    return seen


def _check_days_contiguous(slots: tuple[Slot, ...]) -> None:
    # Slots come in time order, so a day that reappears after another day means the order is broken.
    finished: set[str] = set()
    current: str | None = None
    for slot in slots:
        if slot.day != current:
            if slot.day in finished:
                raise ProblemError(f"slot {slot.id!r}: slots of day {slot.day!r} are not consecutive")
            if current is not None:
                finished.add(current)
            current = slot.day


def for_full_replan(problem: Problem) -> Problem:
    """The same problem with every fixed placement released (the meetings stay required).

    A normal re-run keeps published meetings where they are by passing them in as fixed; an
    organiser who asks for a full re-plan gets this problem instead, so agendas may move.
    """
    meetings = tuple(
        replace(m, fixed=None, required=True) if m.fixed is not None else m for m in problem.meetings
    )
    return replace(problem, meetings=meetings)
