"""Generators of scheduling problems for the benchmark (and a few tests). Deterministic per seed.

- :func:`synthetic_fair`: a large trade fair (16 slots over 2 days, ~20 candidates per attendee, tables
  for 30% of attendees at once, 15% random unavailability, 5-10 maximum meetings, ~1.7% required).
- :func:`b2b_event`: a small event in the style of the business-to-business meeting instances of
  Bofill et al. (JAIR): 40-80 companies, 120-300 meetings that must all take place, 8-22 slots in
  morning and afternoon sessions, 12-27 tables, forbidden slots and some fixed meetings. Meetings are
  planted into a hidden feasible timetable first, so every instance is feasible.
"""

from __future__ import annotations

import random

from matchmaker.core.scheduling.model import (
    Attendee,
    CandidateMeeting,
    FixedPlacement,
    Problem,
    Slot,
    Table,
)


def synthetic_fair(n_attendees: int, seed: int = 0, candidates_per_attendee: int = 20) -> Problem:
    """A trade fair; "tables for 30% of attendees" means 0.15 x attendees tables (two per meeting)."""
    rng = random.Random(seed)
    slots = tuple(Slot(id=f"d{d + 1}-{k + 1:02d}", day=f"d{d + 1}") for d in range(2) for k in range(8))
    tables = tuple(Table(id=f"T{t + 1:05d}") for t in range(max(1, round(0.15 * n_attendees))))
    attendees = tuple(
        Attendee(
            id=f"p{i:06d}",
            unavailable=frozenset(s.id for s in slots if rng.random() < 0.15),
            max_meetings=rng.randint(5, 10),
        )
        for i in range(n_attendees)
    )
    # Latent interests make scores correlated (popular people exist) rather than pure noise.
    appeal = [rng.betavariate(2, 3) for _ in range(n_attendees)]
    target_pairs = n_attendees * candidates_per_attendee // 2
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < target_pairs:
        a, b = rng.randrange(n_attendees), rng.randrange(n_attendees)
        if a != b:
            pairs.add((min(a, b), max(a, b)))
    meetings = []
    for a, b in sorted(pairs):
        score = round(min(1.0, 0.5 * (appeal[a] + appeal[b]) + 0.5 * rng.random() * rng.random()), 4)
        meetings.append(
            CandidateMeeting(a=attendees[a].id, b=attendees[b].id, score=score, required=rng.random() < 0.017)
        )
    return Problem(slots=slots, tables=tables, attendees=attendees, meetings=tuple(meetings))


def b2b_event(
    n_companies: int,
    n_meetings: int,
    n_slots: int,
    n_tables: int,
    seed: int = 0,
    forbidden_share: float = 0.2,
    fixed_share: float = 0.05,
) -> Problem:
    """A required-meetings event with morning/afternoon sessions; feasible by construction."""
    if n_meetings > n_slots * n_tables:
        raise ValueError("more meetings than slot x table places")
    rng = random.Random(seed)
    morning = (n_slots + 1) // 2
    slots = tuple(
        Slot(id=f"s{k + 1:02d}", day="morning" if k < morning else "afternoon") for k in range(n_slots)
    )
    tables = tuple(Table(id=f"T{t + 1:02d}") for t in range(n_tables))
    # Forbidden slots: some companies only come for one session, a few miss one or two single slots.
    forbidden: list[set[int]] = []
    for _ in range(n_companies):
        roll = rng.random()
        if roll < forbidden_share / 2:
            forbidden.append(set(range(morning, n_slots)) if rng.random() < 0.5 else set(range(morning)))
        elif roll < forbidden_share:
            forbidden.append(set(rng.sample(range(n_slots), k=rng.randint(1, 2))))
        else:
            forbidden.append(set())
    popularity = [rng.paretovariate(1.5) for _ in range(n_companies)]
    busy = [[False] * n_slots for _ in range(n_companies)]
    load = [0] * n_slots
    planted: dict[tuple[int, int], int] = {}
    attempts = 0
    while len(planted) < n_meetings and attempts < n_meetings * 200:
        attempts += 1
        s = rng.randrange(n_slots)
        if load[s] >= n_tables:
            continue
        free = [c for c in range(n_companies) if not busy[c][s] and s not in forbidden[c]]
        if len(free) < 2:
            continue
        a, b = rng.choices(free, weights=[popularity[c] for c in free], k=2)
        pair = (min(a, b), max(a, b))
        if a == b or pair in planted:
            continue
        planted[pair] = s
        busy[a][s] = busy[b][s] = True
        load[s] += 1
    names = [f"c{c + 1:03d}" for c in range(n_companies)]
    attendees = tuple(
        Attendee(id=names[c], unavailable=frozenset(slots[s].id for s in sorted(forbidden[c])))
        for c in range(n_companies)
    )
    meetings = []
    for (a, b), s in sorted(planted.items()):
        fixed = FixedPlacement(slot=slots[s].id) if rng.random() < fixed_share else None
        meetings.append(CandidateMeeting(a=names[a], b=names[b], required=True, fixed=fixed))
    return Problem(slots=slots, tables=tables, attendees=attendees, meetings=tuple(meetings))
