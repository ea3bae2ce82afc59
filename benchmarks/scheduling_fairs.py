"""A second generator of large fairs, unlike :func:`.scheduling_instances.synthetic_fair` on purpose.

:func:`sector_fair`: three days of six slots (18), tables for 20% of attendees at once, attendance
patterns instead of random holes (a third come for one day only, a sixth only for mornings), and
scores from sector affinity: pairs within complementary sectors score high, the rest is a long tail
of weak matches, most of them below the quality floor. Candidate lists vary from 5 to 40 per
attendee; a quarter of attendees set no maximum. About 1% of pairs are accepted requests.
"""

from __future__ import annotations

import random

from matchmaker.core.scheduling.model import Attendee, CandidateMeeting, Problem, Slot, Table

DAYS = 3
SLOTS_PER_DAY = 6
FLOOR = 0.3


def sector_fair(n_attendees: int, seed: int = 0, min_score: float | None = FLOOR) -> Problem:
    rng = random.Random(seed)
    slots = tuple(
        Slot(id=f"d{d + 1}-{k + 1:02d}", day=f"d{d + 1}") for d in range(DAYS) for k in range(SLOTS_PER_DAY)
    )
    tables = tuple(Table(id=f"T{t + 1:05d}") for t in range(max(1, round(0.10 * n_attendees))))
    attendees = []
    for i in range(n_attendees):
        roll = rng.random()
        if roll < 1 / 3:  # one day only
            day = rng.randrange(DAYS)
            away = {s.id for s in slots if s.day != f"d{day + 1}"}
        elif roll < 1 / 2:  # mornings only (the first half of each day)
            away = {s.id for s in slots if int(s.id[-2:]) > SLOTS_PER_DAY // 2}
        else:
            away = {s.id for s in slots if rng.random() < 0.05}
        maximum = None if rng.random() < 0.25 else rng.randint(3, 12)
        attendees.append(Attendee(id=f"q{i:06d}", unavailable=frozenset(away), max_meetings=maximum))
    sectors = [rng.randrange(12) for _ in range(n_attendees)]
    by_sector: dict[int, list[int]] = {}
    for i, sector in enumerate(sectors):
        by_sector.setdefault(sector, []).append(i)
    pairs: dict[tuple[int, int], float] = {}
    for a in range(n_attendees):
        wanted = rng.randint(5, 40) // 2
        partner_sector = (sectors[a] + 6) % 12  # the complementary sector: buyers meet suppliers
        for _ in range(wanted):
            if rng.random() < 0.5 and by_sector.get(partner_sector):
                b = rng.choice(by_sector[partner_sector])
                score = 0.45 + 0.5 * rng.betavariate(2, 2)
            else:
                b = rng.randrange(n_attendees)
                score = 0.35 * rng.betavariate(1.2, 3)  # the weak tail
            if a != b:
                key = (min(a, b), max(a, b))
                pairs[key] = max(pairs.get(key, 0.0), round(score, 4))
    meetings = tuple(
        CandidateMeeting(
            a=attendees[a].id, b=attendees[b].id, score=score, required=score >= 0.45 and rng.random() < 0.02
        )
        for (a, b), score in sorted(pairs.items())
    )
    return Problem(
        slots=slots, tables=tables, attendees=tuple(attendees), meetings=meetings, min_score=min_score
    )
