"""The LP upper bound on the total score, solved with HiGHS through SciPy.

Relaxation: maximise sum(score_e * x_e) with 0 <= x_e <= 1 for every meeting that has a possible slot,
sum of x_e over a person's meetings <= their capacity (min(max meetings, available slots)), and sum of
all x_e <= slots x tables. Every feasible schedule is a feasible point, so the optimum bounds the score
of any schedule. The fractional solution also guides which optional meetings to pick first.

SciPy's bundled HiGHS is used rather than ``highspy``: highspy 1.15 and OR-Tools 9.15 cannot be loaded
into the same process (each breaks the other's HiGHS symbols), and CP-SAT is needed alongside.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse
from scipy.optimize import linprog

from matchmaker.core.scheduling.instance import Instance


@dataclass(frozen=True)
class LpBound:
    """``value`` bounds the total score; ``x[e]`` is meeting e's fractional value (0 when impossible).

    ``proven`` is False when the LP did not finish in time and a weaker valid bound is reported.
    """

    value: float
    x: np.ndarray
    proven: bool
    floors_kept: bool = True


def score_upper_bound(
    instance: Instance,
    forced: Sequence[int] = (),
    floors: Mapping[int, int] | None = None,
    time_limit: float = 60.0,
    share_floors: Mapping[int, int] | None = None,
    share_count: int = 0,
) -> LpBound:
    """Solve the relaxation; if HiGHS stops early, fall back to a weaker bound that is still valid.

    ``forced`` meetings (required meetings already placed) get x = 1 and person ``p`` gets at least
    ``floors[p]`` meetings. With ``share_floors``, at least ``share_count`` of those people reach
    their ``share_floors[p]``: an indicator y_p in [0, 1] with count_p >= floors[p] + (share_floors[p]
    - floors[p]) y_p and sum y >= share_count, which is how a 10th-percentile level enters a linear
    model. The bound then holds for every schedule that keeps those higher-priority objectives. If
    that is infeasible, the extra constraints are dropped (first the fairness ones, then the forced
    meetings); a proven result with ``floors_kept`` False therefore means no schedule meets them.
    """
    x = np.zeros(instance.n_meetings, dtype=np.float64)
    columns = np.flatnonzero(np.array([m != 0 for m in instance.meeting_slots], dtype=bool))
    score = np.asarray(instance.score, dtype=np.float64)
    if columns.size == 0:
        return LpBound(0.0, x, True)
    floor_items = sorted((p, f) for p, f in (floors or {}).items() if f > 0)
    share_items = sorted((p, f) for p, f in (share_floors or {}).items() if f > 0)
    fairness = (floor_items, share_items, share_count if share_items else 0)
    attempts = [(forced, fairness), (forced, ([], [], 0)), ([], ([], [], 0))]
    started = time.perf_counter()
    for forced_now, fairness_now in attempts:
        remaining = time_limit - (time.perf_counter() - started)
        result = _solve(instance, columns, score, forced_now, fairness_now, remaining)
        if result is _OUT_OF_TIME:
            break
        if isinstance(result, tuple):
            value, values = result
            x[columns] = np.clip(values, 0.0, 1.0)
            return LpBound(value, x, True, floors_kept=fairness_now == fairness)
    return LpBound(_greedy_dual_bound(instance, columns, score), x, False, floors_kept=not floor_items)


Fairness = tuple[list[tuple[int, int]], list[tuple[int, int]], int]
_OUT_OF_TIME = "out of time"


def _solve(
    instance: Instance,
    columns: np.ndarray,
    score: np.ndarray,
    forced: Sequence[int],
    fairness: Fairness,
    time_limit: float,
) -> tuple[float, np.ndarray] | str | None:
    """(value, x) at the optimum; None if infeasible; ``_OUT_OF_TIME`` if HiGHS ran out of time.

    Columns: meetings x, then one count c_p per person (bounded by floor and capacity), then one y_p
    per share person. A person's meetings enter a single row (sum x - c_p = 0), so floors and shares
    cost two non-zeros each instead of another copy of every incident meeting: the fairness LP of a
    20,000-person fair solves about as fast as the plain one.
    """
    if time_limit <= 0.05:
        return _OUT_OF_TIME
    floors, shares, share_count = fairness
    n_people = instance.n_people
    n = int(columns.size)
    k = len(shares)
    a = np.asarray(instance.meeting_a, dtype=np.int64)[columns]
    b = np.asarray(instance.meeting_b, dtype=np.int64)[columns]
    col = np.arange(n, dtype=np.int64)
    people = np.arange(n_people, dtype=np.int64)
    # Equality rows 0..n_people-1: sum of p's x - c_p = 0.
    equalities = sparse.coo_matrix(
        (
            np.concatenate([np.ones(2 * n), -np.ones(n_people)]),
            (np.concatenate([a, b, people]), np.concatenate([col, col, n + people])),
        ),
        shape=(n_people, n + n_people + k),
    ).tocsc()
    # Inequality rows: tables | per share person "c_p >= floor_p + (share_p - floor_p) y_p", written
    # -c_p + rise_p y_p <= -floor_p | "sum y >= count" (negated).
    #
    # This is the perspective form of "c_p >= floor_p, and c_p >= share_p when y_p = 1": exact at
    # y in {0, 1}, and much tighter than c_p >= share_p y_p at fractional y (someone one meeting short
    # of their share no longer counts as nearly there).
    floor_of = dict(floors)
    share_people = np.asarray([p for p, _ in shares], dtype=np.int64)
    rise = np.asarray([max(0, f - floor_of.get(p, 0)) for p, f in shares], dtype=np.float64)
    y_cols = n + n_people + np.arange(k, dtype=np.int64)
    share_rows = 1 + np.arange(k, dtype=np.int64)
    rows = [np.zeros(n, dtype=np.int64), share_rows, share_rows, np.full(k, 1 + k, dtype=np.int64)]
    cols = [col, n + share_people, y_cols, y_cols]
    vals = [np.ones(n), -np.ones(k), rise, -np.ones(k)]
    inequalities = sparse.coo_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(1 + k + (1 if k else 0), n + n_people + k),
    ).tocsc()
    limits = np.concatenate(
        [
            [float(instance.n_slots * instance.n_tables)],
            -np.asarray([floor_of.get(p, 0) for p, _ in shares], dtype=np.float64),
            [-float(share_count)] if k else [],
        ]
    )
    lower = np.zeros(n + n_people + k)
    upper = np.ones(n + n_people + k)
    upper[n : n + n_people] = np.asarray(instance.capacity, dtype=np.float64)
    if floors:
        floor_people = np.asarray([p for p, _ in floors], dtype=np.int64)
        lower[n + floor_people] = np.asarray([f for _, f in floors], dtype=np.float64)
    if np.any(lower[n : n + n_people] > upper[n : n + n_people]):
        return None  # a floor above someone's capacity: no schedule keeps it
    position = np.full(instance.n_meetings, -1, dtype=np.int64)
    position[columns] = np.arange(n)
    forced_positions = position[np.asarray(forced, dtype=np.int64)]
    lower[forced_positions[forced_positions >= 0]] = 1.0
    result = linprog(
        np.concatenate([-score[columns], np.zeros(n_people + k)]),
        A_ub=inequalities,
        b_ub=limits,
        A_eq=equalities,
        b_eq=np.zeros(n_people),
        bounds=np.column_stack([lower, upper]),
        method="highs-ipm",
        options={"time_limit": float(max(time_limit, 0.1)), "presolve": True},
    )
    if result.status == 1:  # iteration or time limit
        return _OUT_OF_TIME
    if result.status == 2:
        return None
    if result.status != 0 or result.x is None:
        return _OUT_OF_TIME  # numerical trouble: treated like running out of time (weaker bound)
    return float(-result.fun), np.asarray(result.x)[:n]


def _greedy_dual_bound(instance: Instance, columns: np.ndarray, score: np.ndarray) -> float:
    # Weak duality with y_p = 0: the sum of each person's best `capacity` scores, halved because every
    # meeting is counted at both ends, is at least the LP optimum.
    best: list[list[float]] = [[] for _ in range(instance.n_people)]
    for e in columns.tolist():
        best[instance.meeting_a[e]].append(float(score[e]))
        best[instance.meeting_b[e]].append(float(score[e]))
    total = 0.0
    for p, values in enumerate(best):
        values.sort(reverse=True)
        total += sum(v for v in values[: instance.capacity[p]] if v > 0)
    return total / 2.0
