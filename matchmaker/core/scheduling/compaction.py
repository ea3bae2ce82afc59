"""Third phase: compact agendas by local search on the slots, never changing which meetings happen.

Neighbourhood, for a meeting of a person who has an idle gap, towards every other slot it may use:
- a plain move when both attendees and a table are free there;
- otherwise a Kempe-chain swap: the connected set of meetings in the two slots reachable through
  shared attendees exchanges slots, which keeps everyone at most once per slot by construction;
- when the move would put one meeting too many into a slot whose tables are all taken (a plain move,
  or a chain with more meetings going one way than the other), one meeting of that slot whose two
  attendees are free in the other slot goes the other way with it: the best of a few sampled.
Acceptance is simulated annealing over the idle-gap count with a deterministic random generator, so
the same seed and work budget give the same agendas; the best assignment seen is restored at the end.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable

from matchmaker.core.scheduling.placement import best_slot, place_with_repair
from matchmaker.core.scheduling.state import UNPLACED, SlotState

CHAIN_LIMIT = 12
START_TEMPERATURE = 0.6
# Meetings sampled to balance a chain that would overfill a slot whose tables are all taken (see
# Compactor._balance). On fairs where tables bind, every slot is full and most chains are unbalanced:
# without this only balanced chains move, and the search stalls at ~20-40% of a naive greedy's gaps.
BALANCE_SAMPLES = 8


def repack(state: SlotState, movable: list[bool]) -> bool:
    """Re-place all movable meetings person by person (busiest first) so agendas start as blocks.

    The same meetings stay selected; if any of them cannot be re-placed, the previous assignment is
    restored and False returned.
    """
    inst = state.instance
    before = state.snapshot()
    chosen = [e for e in state.placed() if movable[e]]
    if not chosen:
        return True
    for e in chosen:
        state.remove(e)
    selected = set(chosen)
    placed_count = [sum(1 for e in inst.incident[p] if before[e] != UNPLACED) for p in range(inst.n_people)]
    people = sorted(range(inst.n_people), key=lambda p: (-placed_count[p], p))
    failed = []
    for p in people:
        for e in inst.incident[p]:
            if e in selected:
                selected.discard(e)
                free = state.free_slots(e)
                if free:
                    state.place(e, best_slot(state, e, free))
                else:
                    failed.append(e)
    if all(place_with_repair(state, e, movable, depth=2) for e in failed):
        return True
    state.restore(before)
    return False


class Compactor:
    """Runs the search on ``state`` in place; ``movable[e]`` is False for fixed meetings."""

    def __init__(self, state: SlotState, movable: list[bool], seed: int, balance: int = 0) -> None:
        self.state = state
        # With ``balance`` > 0, a chain that would overfill a full slot takes along the best of that
        # many sampled meetings moving the other way (see :meth:`_balance`).
        self.balance = balance
        self.movable = movable
        self.rng = random.Random(seed)
        self.gaps_of: list[int] = []
        self.total = 0
        self.hot: list[int] = []
        self.is_hot: list[bool] = []
        # Moves applied since the best assignment, to go back to it at the end: cheaper than copying
        # the whole assignment at every improvement (a Kempe swap undone is the same swap again).
        self.since_best: list[tuple[list[int], int, int]] = []
        self.best_total = 0  # the fewest idle gaps seen by the last run
        n = state.n_slots
        self._scan_orders = [[(start + k) % n for k in range(n)] for start in range(n)]
        self._resync()

    def _resync(self) -> None:
        state = self.state
        # Per slot, its meetings in a list (with each meeting's index in it), to sample from.
        self._members = [sorted(state.in_slot[s]) for s in range(state.n_slots)]
        self._index = [0] * state.instance.n_meetings
        for members in self._members:
            for i, m in enumerate(members):
                self._index[m] = i
        n_people = self.state.instance.n_people
        self.gaps_of = [self._gaps(p) for p in range(n_people)]
        self.total = sum(self.gaps_of)
        self.hot = [p for p in range(n_people) if self.gaps_of[p] > 0]
        self.is_hot = [g > 0 for g in self.gaps_of]

    def _gaps(self, p: int) -> int:
        s = self.state
        return s.gaps_for_busy(p, s.busy[p], -1) if s.count[p] > 1 else 0

    def run(
        self,
        iterations: int,
        should_stop: Callable[[], bool] = lambda: False,
        on_progress: Callable[[float, int], None] | None = None,
        seconds: float | None = None,
    ) -> int:
        """Do up to ``iterations`` search steps; return the best (final) idle-gap total.

        With ``seconds``, the run also ends after that much time and cools on whichever comes
        first, steps or time, so that a run cut short by time has still cooled down (the annealing
        ends at its low temperature) rather than stopped while hot.
        """
        state = self.state
        self.best_total = best_total = self.total
        self.since_best.clear()
        start_temperature, end_temperature = START_TEMPERATURE, 0.05
        started = time.perf_counter()
        by_time = 0.0
        for step in range(iterations):
            if not self.hot or best_total == 0:
                break
            if step % 512 == 0:
                if should_stop():
                    break
                if on_progress is not None:
                    on_progress(step / iterations, best_total)
            if seconds is not None and step % 64 == 0:
                by_time = (time.perf_counter() - started) / seconds
                if by_time >= 1.0:
                    break
            fraction = max(step / iterations, by_time)
            temperature = start_temperature * (end_temperature / start_temperature) ** fraction
            self._step(temperature)
            if self.total < best_total:
                self.best_total = best_total = self.total
                self.since_best.clear()
        if self.total > best_total:
            for chain, source, target in reversed(self.since_best):
                _swap(state, chain, source, target)
            self._resync()
        self.since_best.clear()
        return self.total

    def _step(self, temperature: float) -> None:
        state, inst, rng = self.state, self.state.instance, self.rng
        index = rng.randrange(len(self.hot))
        p = self.hot[index]
        if self.gaps_of[p] == 0:
            self.hot[index] = self.hot[-1]
            self.hot.pop()
            self.is_hot[p] = False
            return
        mine = [e for e in inst.incident[p] if state.slot_of[e] != UNPLACED and self.movable[e]]
        if not mine:
            return
        e = mine[rng.randrange(len(mine))]
        source = state.slot_of[e]
        targets = inst.meeting_slots[e] & ~(1 << source)
        if rng.random() < 0.8:
            # Mostly look next to the two attendees' other meetings: that is where gaps close.
            near = state.busy[inst.meeting_a[e]] | state.busy[inst.meeting_b[e]]
            targets &= (near << 1) | (near >> 1)
        best_delta, best_move = 1 << 30, None
        # Start the scan at a random slot so that equal moves are not always taken in the same place.
        for target in self._scan_orders[rng.randrange(state.n_slots)]:
            if not targets >> target & 1:
                continue
            move = self._evaluate(e, source, target, best_delta)
            if move is not None and move[0] < best_delta:
                best_delta, best_move = move
        if best_move is None:
            return
        if (best_delta <= 0 and (best_delta < 0 or rng.random() < 0.5)) or (
            best_delta > 0 and rng.random() < math.exp(-best_delta / temperature)
        ):
            self._apply(best_move)

    def _evaluate(
        self, e: int, source: int, target: int, bound: int = 1 << 30
    ) -> tuple[int, tuple[list[int], int, int]] | None:
        """(gap delta, move) for moving e to ``target`` with its Kempe chain, or None if impossible.

        A move that needs a balancing meeting is not balanced (None) when the chain alone already
        changes the gaps by ``bound`` or more: the caller only wants moves better than that.
        """
        state, inst = self.state, self.state.instance
        n_slots = state.n_slots
        chain = [e]
        seen = {e}
        cursor = 0
        while cursor < len(chain):
            m = chain[cursor]
            cursor += 1
            other = target if state.slot_of[m] == source else source
            if not inst.meeting_slots[m] >> other & 1:
                return None
            for q in (inst.meeting_a[m], inst.meeting_b[m]):
                f = state.occupant[q * n_slots + other]
                if f != UNPLACED and f not in seen:
                    if not self.movable[f] or len(chain) >= CHAIN_LIMIT:
                        return None
                    seen.add(f)
                    chain.append(f)
        into_target = sum(1 for m in chain if state.slot_of[m] == source)
        into_source = len(chain) - into_target
        capacity = state.capacity_per_slot
        over_target = state.load[target] + into_target - into_source - capacity
        over_source = state.load[source] + into_source - into_target - capacity
        days = inst.day_mask_of_slot(source) | inst.day_mask_of_slot(target)
        swap = (1 << source) | (1 << target)
        delta = 0
        people = {q for m in chain for q in (inst.meeting_a[m], inst.meeting_b[m])}
        for q in people:
            busy = state.busy[q]
            if busy & swap != swap:  # q has one meeting in the two slots: it changes slot
                moved = busy ^ swap
                delta += state.gaps_for_busy(q, moved, days) - state.gaps_for_busy(q, busy, days)
        if over_target > 0 or over_source > 0:
            if self.balance <= 0 or over_target + over_source > 1 or delta >= bound:
                return None
            full, other = (target, source) if over_target > 0 else (source, target)
            extra = self._balance(full, other, people, seen, days, swap)
            if extra is None:
                return None
            chain.append(extra[1])
            delta += extra[0]
        return delta, (chain, source, target)

    def _balance(
        self, full: int, other: int, people: set[int], seen: set[int], days: int, swap: int
    ) -> tuple[int, int] | None:
        """(gap delta, meeting) for the best of ``balance`` sampled meetings in slot ``full`` that can
        move alone to ``other``: movable, allowed there, both attendees free there and outside the
        chain's people; None if no sample qualifies."""
        state, inst, rng = self.state, self.state.instance, self.rng
        members = self._members[full]
        other_bit = 1 << other
        best: tuple[int, int] | None = None
        size, random = len(members), rng.random
        for _ in range(self.balance):
            f = members[int(random() * size)]
            if f in seen or not self.movable[f] or not inst.meeting_slots[f] & other_bit:
                continue
            a, b = inst.meeting_a[f], inst.meeting_b[f]
            busy_a, busy_b = state.busy[a], state.busy[b]
            if (busy_a | busy_b) & other_bit or a in people or b in people:
                continue
            delta = (
                state.gaps_for_busy(a, busy_a ^ swap, days)
                - state.gaps_for_busy(a, busy_a, days)
                + state.gaps_for_busy(b, busy_b ^ swap, days)
                - state.gaps_for_busy(b, busy_b, days)
            )
            if best is None or delta < best[0]:
                best = (delta, f)
        return best

    def _apply(self, move: tuple[list[int], int, int]) -> None:
        chain, source, target = move
        state, inst = self.state, self.state.instance
        _swap(state, chain, source, target)
        self.since_best.append(move)
        members, index = self._members, self._index
        for m in chain:
            old = target if state.slot_of[m] == source else source
            here, i = members[old], index[m]
            last = here.pop()
            if last != m:
                here[i] = last
                index[last] = i
            index[m] = len(members[state.slot_of[m]])
            members[state.slot_of[m]].append(m)
        for m in chain:
            for q in (inst.meeting_a[m], inst.meeting_b[m]):
                new = self._gaps(q)
                self.total += new - self.gaps_of[q]
                self.gaps_of[q] = new
                if new > 0 and not self.is_hot[q]:
                    self.is_hot[q] = True
                    self.hot.append(q)


def _swap(state: SlotState, chain: list[int], source: int, target: int) -> None:
    """Move the chain's meetings in ``source`` to ``target`` and those in ``target`` to ``source``."""
    destinations = [target if state.slot_of[m] == source else source for m in chain]
    for m in chain:
        state.remove(m)
    for m, slot in zip(chain, destinations, strict=True):
        state.place(m, slot)
