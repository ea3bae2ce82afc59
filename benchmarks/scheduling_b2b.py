"""B2B brokerage events for the benchmark: the shared real ones and generated ones of the same kind.

:func:`b2b_forum` generates events shaped like the real ones in ``shared/b2b`` (one day, every
meeting required, some meetings restricted to the morning or the afternoon session, businesses
with forbidden slots, few tables), with a hidden feasible timetable planted first so that every
event is feasible. :func:`gap_measures` counts idle gaps both ways the README of ``shared/b2b``
describes. :func:`prove_gaps` is the exact reference: one CP-SAT model of the whole event (see
``matchmaker.core.scheduling.slot_model``), run offline with a long limit; its proven optima are
recorded in ``scheduling_b2b_optima.json``.
"""

from __future__ import annotations

import itertools
import os
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

from matchmaker.core.scheduling.model import Attendee, CandidateMeeting, Problem, Slot, Table

# (businesses, meetings, slots, tables, forbidden share, session share): within the real ranges.
GENERATED = {
    "gen-a": (50, 180, 12, 18, 0.2, 0.3),
    "gen-b": (70, 260, 16, 20, 0.3, 0.4),
    "gen-c": (45, 150, 10, 16, 0.25, 0.0),
    "gen-d": (80, 300, 20, 16, 0.2, 0.5),
    "gen-e": (60, 220, 22, 12, 0.3, 0.4),
    "gen-f": (40, 140, 10, 15, 0.1, 0.2),
}


def shared_dir() -> Path | None:
    """Where the shared real events are: ``MATCHMAKER_B2B_DIR``, else ``shared/b2b`` beside the checkout.

    A clone made elsewhere (CI clones into a fresh folder) also looks beside the checkout it was cloned
    from, so the real events are not silently skipped there.
    """
    configured = os.environ.get("MATCHMAKER_B2B_DIR")
    if configured:
        return Path(configured) if Path(configured).is_dir() else None
    roots = [Path(__file__).resolve().parent, *_origin_checkout()]
    for root in roots:
        for parent in (root, *root.parents):
            if (parent / "shared" / "b2b").is_dir():
                return parent / "shared" / "b2b"
    return None


def _origin_checkout() -> list[Path]:
    """The local folder this checkout was cloned from, if it was cloned from one."""
    try:
        url = subprocess.run(
            ["git", "config", "--get", "remote.origin.url"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return []
    origin = Path(url.removeprefix("file://"))
    return [origin.resolve()] if url and origin.is_dir() else []


def b2b_forum(
    n_businesses: int,
    n_meetings: int,
    n_slots: int,
    n_tables: int,
    forbidden_share: float,
    session_share: float,
    seed: int = 0,
) -> Problem:
    rng = random.Random(seed)
    slots = tuple(Slot(id=f"s{k + 1:02d}", day="d1") for k in range(n_slots))
    morning = set(range((n_slots + 1) // 2))
    afternoon = set(range(n_slots)) - morning
    forbidden: list[set[int]] = []
    for _ in range(n_businesses):
        roll = rng.random()
        if roll < forbidden_share / 2:  # arrives late or leaves early
            k = rng.randint(2, max(2, n_slots // 3))
            forbidden.append(set(range(k)) if rng.random() < 0.5 else set(range(n_slots - k, n_slots)))
        elif roll < forbidden_share:  # away for a slot or two in the middle
            start = rng.randrange(1, n_slots - 2)
            forbidden.append(set(range(start, start + rng.randint(1, 2))))
        else:
            forbidden.append(set())
    popularity = [rng.paretovariate(1.3) for _ in range(n_businesses)]
    busy = [[False] * n_slots for _ in range(n_businesses)]
    load = [0] * n_slots
    planted: dict[tuple[int, int], int] = {}
    attempts = 0
    while len(planted) < n_meetings and attempts < n_meetings * 300:
        attempts += 1
        s = rng.randrange(n_slots)
        if load[s] >= n_tables:
            continue
        free = [c for c in range(n_businesses) if not busy[c][s] and s not in forbidden[c]]
        if len(free) < 2:
            continue
        a, b = rng.choices(free, weights=[popularity[c] for c in free], k=2)
        pair = (min(a, b), max(a, b))
        if a == b or pair in planted:
            continue
        planted[pair] = s
        busy[a][s] = busy[b][s] = True
        load[s] += 1
    names = [f"b{c + 1}" for c in range(n_businesses)]
    attendees = tuple(
        Attendee(id=names[c], unavailable=frozenset(slots[s].id for s in sorted(forbidden[c])))
        for c in range(n_businesses)
    )
    meetings = []
    for (a, b), s in sorted(planted.items()):
        allowed = None
        if rng.random() < session_share:  # the session the planted slot is in
            session = morning if s in morning else afternoon
            allowed = frozenset(slots[t].id for t in sorted(session))
        meetings.append(CandidateMeeting(a=names[a], b=names[b], required=True, allowed_slots=allowed))
    return Problem(slots=slots, tables=tables_of(n_tables), attendees=attendees, meetings=tuple(meetings))


def tables_of(n: int) -> tuple[Table, ...]:
    return tuple(Table(id=f"T{t + 1:02d}") for t in range(n))


def gap_measures(problem: Problem, placed: list[tuple[str, str, str]]) -> tuple[int, int]:
    """(every idle run between two meetings of a business; only runs holding an available slot)."""
    index = {s.id: i for i, s in enumerate(problem.slots)}
    day_of = [s.day for s in problem.slots]
    busy: dict[str, set[int]] = {p.id: set() for p in problem.attendees}
    for a, b, slot in placed:
        busy[a].add(index[slot])
        busy[b].add(index[slot])
    every = available = 0
    for person in problem.attendees:
        away = {index[s] for s in person.unavailable}
        times = sorted(busy[person.id])
        for first, second in itertools.pairwise(times):
            if second > first + 1 and day_of[first] == day_of[second]:
                every += 1
                if any(t not in away for t in range(first + 1, second)):
                    available += 1
    return every, available


@dataclass(frozen=True)
class Proof:
    best: int | None
    lower_bound: int
    optimal: bool
    seconds: float


def prove_gaps(problem: Problem, *, count_unavailable: bool, seconds: float, workers: int = 2) -> Proof:
    """Minimum idle gaps over schedules with every meeting, by one CP-SAT model of the whole event."""
    import time

    from matchmaker.core.scheduling.instance import build_instance
    from matchmaker.core.scheduling.required import place_fixed
    from matchmaker.core.scheduling.slot_model import SlotModel, solve_model
    from matchmaker.core.scheduling.state import SlotState

    started = time.perf_counter()
    state = SlotState(build_instance(problem))
    place_fixed(state)
    free = [e for e in range(state.instance.n_meetings) if state.slot_of[e] < 0]
    model = SlotModel(state, free, must_place=True, seed_slots={})
    model.minimise_gaps(range(state.instance.n_people), weights=(0, 1) if count_unavailable else (1, 0))
    status, solver = solve_model(model, seed=0, seconds=seconds, workers=workers)
    found = status in ("optimal", "feasible")
    return Proof(
        best=round(solver.objective_value) if found else None,
        lower_bound=max(0, int(solver.best_objective_bound + 0.999)) if found or status == "unknown" else 0,
        optimal=status == "optimal",
        seconds=time.perf_counter() - started,
    )
