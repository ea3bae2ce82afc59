"""Where the score of a fair's schedule stands against its bounds, for the scheduling benchmark.

- Table use: meetings placed / (slots x tables); on the synthetic fairs tables bind, so a schedule
  near the bound has to use nearly all of them.
- The plain LP (a b-matching with the table total, no fairness) vs. the fairness-constrained bound
  the solver reports: the difference is what fairness costs (objectives are lexicographic, so any
  schedule at least as fair pays it).
- The two halves of the reported bound: "same minimum share, 10th percentile at least ours" and "a
  higher minimum share, any 10th percentile"; the larger of the two is the bound.
- Average score of the placed meetings vs. of those each LP chooses (x > 0.5).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from matchmaker.core.scheduling.fairness import at_least_as_fair, fairness_of
from matchmaker.core.scheduling.instance import build_instance
from matchmaker.core.scheduling.lp_bound import score_upper_bound
from matchmaker.core.scheduling.model import Problem, Schedule


def score_diagnostics(problem: Problem, schedule: Schedule) -> dict[str, Any]:
    instance = build_instance(problem)
    index = {(m.a, m.b): e for e, m in enumerate(problem.meetings)}
    placed = np.zeros(instance.n_meetings, dtype=bool)
    for m in schedule.meetings:
        placed[index[(m.a, m.b)]] = True
    score = np.asarray(instance.score, dtype=np.float64)
    counts = np.zeros(instance.n_people, dtype=np.int64)
    np.add.at(counts, np.asarray(instance.meeting_a)[placed], 1)
    np.add.at(counts, np.asarray(instance.meeting_b)[placed], 1)
    targets = instance.targets()
    # As the solver's bound (.bound.required_to_force): a required meeting with no possible slot is
    # out of every schedule and does not stop the others from being forced.
    required = [e for e in range(instance.n_meetings) if instance.must[e] and instance.meeting_slots[e]]
    forced = required if all(placed[e] for e in required) else []
    plain = score_upper_bound(instance)
    same, higher = (
        score_upper_bound(instance, forced=forced, **target.constraints(targets))
        for target in at_least_as_fair(fairness_of(counts.tolist(), targets))
    )

    def chosen_average(x: np.ndarray) -> float:
        chosen = x > 0.5
        return float(score[chosen].mean()) if chosen.any() else 0.0

    return {
        "table_places": instance.n_slots * instance.n_tables,
        "placed_average": float(score[placed].mean()) if placed.any() else 0.0,
        "plain_value": plain.value,
        "plain_meetings": float(plain.x.sum()),
        "plain_average": chosen_average(plain.x),
        "same_minimum": same.value,
        "same_minimum_meetings": float(same.x.sum()),
        "same_minimum_average": chosen_average(same.x),
        # Proven but without its floors: no schedule has a higher minimum, that half is empty.
        "higher_minimum": None if higher.proven and not higher.floors_kept else higher.value,
    }
