"""Fairness, the second objective, and what "at least as fair" means for the score bound.

An attendee's share is meetings / target (target: what they could hope for, see
:meth:`Instance.targets`). Fairness is compared lexicographically: nobody with candidates at zero,
then the lowest share as high as possible, then the share at the 10th percentile.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matchmaker.core.scheduling.state import SlotState


@dataclass(frozen=True, order=True)
class Fairness:
    """The lowest share and the share at the 10th percentile; tuples compare lexicographically."""

    minimum: float
    p10: float


def fairness_of(counts: Sequence[int], targets: Sequence[int]) -> Fairness:
    ratios = sorted(c / t for c, t in zip(counts, targets, strict=True) if t > 0)
    if not ratios:
        return Fairness(1.0, 1.0)
    return Fairness(ratios[0], ratios[len(ratios) // 10])


def schedule_quality(state: SlotState, targets: Sequence[int]) -> tuple[int, float, float, float]:
    """The objectives that come before compaction, in their order (greater is better): required
    meetings placed, fairness (minimum share, then 10th percentile), total score."""
    inst = state.instance
    placed = state.placed()
    fair = fairness_of(state.count, targets)
    return (
        sum(1 for e in placed if inst.must[e]),
        fair.minimum,
        fair.p10,
        round(sum(inst.score[e] for e in placed), 9),
    )


def floors_at(targets: Sequence[int], level: float) -> dict[int, int]:
    """Meetings each person needs for a share of at least ``level`` (and at least one)."""
    return {p: max(1, math.ceil(level * t - 1e-9)) for p, t in enumerate(targets) if t}


def floors_above(targets: Sequence[int], level: float) -> dict[int, int]:
    """Meetings each person needs for a share strictly above ``level``."""
    return {p: math.floor(level * t + 1e-9) + 1 for p, t in enumerate(targets) if t}


@dataclass(frozen=True)
class FairnessTarget:
    """LP constraints on fairness: everyone's share at least (or above) ``minimum``, and, unless
    ``p10`` is None, the share of 90% of attendees at least (or above) ``p10``."""

    minimum: float
    above_minimum: bool = False
    p10: float | None = None
    above_p10: bool = False

    def constraints(self, targets: Sequence[int]) -> dict[str, Any]:
        """Keyword arguments of ``score_upper_bound``."""
        constraints: dict[str, Any] = {"floors": _floors(targets, self.minimum, self.above_minimum)}
        # A 10th percentile at the minimum or below it holds anyway.
        if self.p10 is not None and (self.above_p10 or self.p10 > self.minimum):
            people = sum(1 for t in targets if t)
            constraints["share_floors"] = _floors(targets, self.p10, self.above_p10)
            constraints["share_count"] = people - people // 10
        return constraints


def _floors(targets: Sequence[int], level: float, above: bool) -> dict[int, int]:
    if above:
        return floors_above(targets, level)
    return floors_at(targets, level) if level > 0 else {}


def at_least_as_fair(fair: Fairness) -> tuple[FairnessTarget, FairnessTarget]:
    """Two targets whose LP feasible sets together cover every schedule at least as fair as
    ``fair``, lexicographically: the same or a higher minimum with at least the same 10th percentile,
    and a higher minimum whatever the 10th percentile. The larger LP value bounds them all.
    """
    return FairnessTarget(fair.minimum, p10=fair.p10), FairnessTarget(fair.minimum, above_minimum=True)


def fairer_than(fair: Fairness) -> tuple[FairnessTarget, FairnessTarget]:
    """Targets one step fairer than ``fair``: a higher minimum (keeping the 10th percentile), or
    else the same minimum with a higher 10th percentile."""
    return (
        FairnessTarget(fair.minimum, above_minimum=True, p10=fair.p10),
        FairnessTarget(fair.minimum, p10=fair.p10, above_p10=True),
    )
