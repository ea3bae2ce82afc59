"""The block model (see :mod:`.blocks`) as plain clauses, asked of Kissat in a child process.

The question is the CP-SAT block model's: each person meets in one run of consecutive available
slots, or is "gappy"; as few gappy people as possible; the same meetings stay placed. Asked as "at
most k gappy people?" of a SAT solver, some events are answered far sooner than CP-SAT's search
improves on them: on forum-13crafc CP-SAT stayed at 5 gappy people for 60 s where Kissat answered
"at most 1" (the optimum) in 0.8 s; on forum-14 it answered "none" in 4.9 s; on ticf-13crafb "at
most 3" took it 10-13 s, where CP-SAT's local moves do better within the time (docs/performance.md,
issue #13). So Kissat runs beside CP-SAT, not instead of it. The encoding:

- ``x[e, t]``: meeting e in slot t (only the slots free for it), exactly one per meeting, at most one
  per person and slot, at most the free tables per slot;
- per person, the window's start in order encoding (``G[p, j]``: "starts at position >= j" over the
  person's available slots), so that "e in t" says "the window covers t" in two binary clauses, and
  "the window covers t" says "some meeting of p in t": the person's day is one run;
- ``gappy[p]`` switches all of that person's window clauses off; a totalizer counts them.

Kissat cannot be interrupted from Python and holds the GIL, so it runs in a forked child, killed when
the block phase ends or after its own few seconds (a third busy thread on two cores slows CP-SAT:
forum-14 ended with more gaps when Kissat ran through the whole block phase). It asks "at most k?"
upwards from 0: "no" comes quickly at small k, and the first "yes" is the block model's optimum.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from matchmaker.core.scheduling.slot_model import _bits
from matchmaker.core.scheduling.state import UNPLACED, SlotState


@dataclass
class _Cnf:
    clauses: list[list[int]] = field(default_factory=list)
    top: int = 0
    x: dict[tuple[int, int], int] = field(default_factory=dict)
    slots_of: dict[int, list[int]] = field(default_factory=dict)
    gappy: dict[int, int] = field(default_factory=dict)
    # at_most[k]: the literal that, set false, says "at most k gappy people" (a totalizer output).
    at_most: list[int] = field(default_factory=list)

    def new(self) -> int:
        self.top += 1
        return self.top


def available() -> bool:
    """True when the SAT solvers (python-sat) and fork-started processes are there."""
    try:
        import pysat.solvers  # noqa: F401
    except ImportError:
        return False
    return "fork" in multiprocessing.get_all_start_methods()


class BlockSearch:
    """Kissat's answer to the block model over the placed movable meetings of ``state`` (one day; the
    same meetings stay placed, their slots may change meanwhile), searched in a child process.

    It starts at once: it needs no start, only the meetings, so it gets the time of the local search
    and of the CP-SAT block model beside it. :meth:`watch` stops CP-SAT as soon as the answer is in
    (it is the least count, which CP-SAT cannot beat); :meth:`apply` takes it if it is better.
    """

    def __init__(self, state: SlotState, movable: Sequence[bool]) -> None:
        import pysat.solvers  # noqa: F401  (before the fork: a child never imports while threads hold locks)

        self.free = [e for e in state.placed() if movable[e]]
        self.answer: dict[int, int] | None = None
        self._child: Any = None
        self._pipe: Connection | None = None
        self._done = threading.Event()
        self._watcher: threading.Thread | None = None
        cnf = _encode(state, self.free) if self.free and len(state.instance.day_masks) == 1 else None
        if cnf is None:
            return
        self._gappy = list(cnf.gappy)
        context = multiprocessing.get_context("fork")
        self._pipe, sender = context.Pipe(duplex=False)
        self._child = context.Process(target=_run, args=(cnf, sender), daemon=True)
        self._child.start()
        sender.close()

    def watch(self, deadline: float, stop: Callable[[], None]) -> None:
        """In a thread until ``deadline`` or :meth:`close`: on the answer, keep it and call ``stop``;
        without one by ``deadline``, stop Kissat."""

        def wait() -> None:
            pipe = self._pipe
            while pipe is not None and not self._done.is_set() and time.perf_counter() < deadline:
                if pipe.poll(min(0.05, max(0.0, deadline - time.perf_counter()))):
                    try:
                        self.answer = pipe.recv()
                    except EOFError:
                        return
                    stop()
                    return
            if self._child is not None:
                self._child.kill()  # no answer by its deadline: its core goes back to CP-SAT

        self._watcher = threading.Thread(target=wait, name="sat-blocks", daemon=True)
        self._watcher.start()

    def apply(self, state: SlotState) -> bool:
        """Put the answer into ``state`` if it has fewer gappy people; True if it did. Stops the search."""
        self.close()
        answer = self.answer
        if answer is None or any(state.slot_of[e] == UNPLACED or e not in answer for e in self.free):
            return False
        day = state.instance.day_masks[0]
        before, current = self._count(state, day), state.snapshot()
        for e in self.free:
            state.remove(e)
        for e in self.free:
            state.place(e, answer[e])
        if self._count(state, day) < before:
            return True
        state.restore(current)
        return False

    def _count(self, state: SlotState, day: int) -> int:
        return sum(1 for p in self._gappy if state.gaps_for_busy(p, state.busy[p], day) > 0)

    def close(self) -> None:
        self._done.set()
        if self._watcher is not None:
            self._watcher.join()
            self._watcher = None
        if self._child is not None:
            self._child.kill()
            self._child.join()
            self._child = None
        if self._pipe is not None:
            if self.answer is None and self._pipe.poll():
                with contextlib.suppress(EOFError):
                    self.answer = self._pipe.recv()
            self._pipe.close()
            self._pipe = None


def _encode(state: SlotState, free: list[int]) -> _Cnf | None:
    from pysat.card import CardEnc, EncType, ITotalizer

    inst = state.instance
    origin = {e: state.slot_of[e] for e in free}
    for e in free:
        state.remove(e)
    try:
        busy = list(state.busy)
        load = list(state.load)
        domain = {e: state.free_slots(e) for e in free}
    finally:
        for e in free:
            state.place(e, origin[e])
    cnf = _Cnf()
    by_person: dict[int, list[int]] = {}
    by_slot: dict[int, list[int]] = {}
    for e in free:
        options = []
        cnf.slots_of[e] = list(_bits(domain[e]))
        for t in cnf.slots_of[e]:
            var = cnf.x[e, t] = cnf.new()
            options.append(var)
            by_slot.setdefault(t, []).append(var)
        if not options:
            return None
        cnf.clauses.append(options)
        _at_most(cnf, options, 1, CardEnc, EncType)
        for p in (inst.meeting_a[e], inst.meeting_b[e]):
            by_person.setdefault(p, []).append(e)
    for t, group in by_slot.items():
        room = state.capacity_per_slot - load[t]
        if len(group) > room:
            _at_most(cnf, group, room, CardEnc, EncType)
    day = inst.day_masks[0]
    for p, meetings in by_person.items():
        for t in range(inst.n_slots):
            here = [cnf.x[e, t] for e in meetings if (e, t) in cnf.x]
            if len(here) > 1:
                _at_most(cnf, here, 1, CardEnc, EncType)
        _window(cnf, p, meetings, busy[p], list(_bits(day & inst.available[p])))
    if not cnf.gappy:
        return None
    totalizer = ITotalizer(lits=list(cnf.gappy.values()), ubound=len(cnf.gappy), top_id=cnf.top)
    cnf.clauses.extend(totalizer.cnf.clauses)
    cnf.top = totalizer.top_id
    cnf.at_most = list(totalizer.rhs)
    return cnf


def _at_most(cnf: _Cnf, lits: list[int], bound: int, card: Any, enc: Any) -> None:
    kind = enc.pairwise if bound == 1 and len(lits) <= 6 else enc.seqcounter
    encoded = card.atmost(lits=lits, bound=bound, top_id=cnf.top, encoding=kind)
    cnf.clauses.extend(encoded.clauses)
    cnf.top = max(cnf.top, encoded.nv)


def _window(cnf: _Cnf, p: int, meetings: list[int], fixed_busy: int, positions: list[int]) -> None:
    """p's meetings (the free ones and the fixed ones in ``fixed_busy``) in one run of ``positions``."""
    fixed = [t for t in positions if fixed_busy >> t & 1]
    k = len(meetings) + len(fixed)
    if k < 2:
        return
    index = {t: i for i, t in enumerate(positions)}
    usable = {t for e in meetings for t in cnf.slots_of[e]} | set(fixed)
    starts = len(positions) - k + 1
    gappy = cnf.gappy[p] = cnf.new()
    valid = {
        s
        for s in range(max(0, starts))
        if all(t in usable for t in positions[s : s + k]) and all(s <= index[t] < s + k for t in fixed)
    }
    if not valid:
        cnf.clauses.append([gappy])
        return
    at_least = {j: cnf.new() for j in range(1, starts)}  # "the window starts at position >= j"

    def ge(j: int) -> bool | int:
        return True if j <= 0 else False if j >= starts else at_least[j]

    def clause(*lits: bool | int) -> None:
        out = [gappy]
        for lit in lits:
            if lit is True:
                return
            if lit is not False:
                out.append(int(lit))
        cnf.clauses.append(out)

    def neg(lit: bool | int) -> bool | int:
        return not lit if isinstance(lit, bool) else -lit

    for j in range(1, starts - 1):
        cnf.clauses.append([-at_least[j + 1], at_least[j]])
    for s in range(starts):
        if s not in valid:
            clause(neg(ge(s)), ge(s + 1))
    for t in fixed:
        clause(ge(index[t] - k + 1))
        clause(neg(ge(index[t] + 1)))
    for e in meetings:
        for t in cnf.slots_of[e]:
            clause(-cnf.x[e, t], ge(index[t] - k + 1))
            clause(-cnf.x[e, t], neg(ge(index[t] + 1)))
    for t, i in index.items():
        if t in fixed:
            continue
        low, high = max(0, i - k + 1), min(i, starts - 1)
        if low <= high:
            here = [cnf.x[e, t] for e in meetings if (e, t) in cnf.x]
            clause(neg(ge(low)), ge(high + 1), *here)


def _run(cnf: _Cnf, out: Connection) -> None:
    """In a child process: "at most k gappy people?" for k = 0, 1, ...; the first "yes" is the least
    count (every smaller one was a "no"), sent as {meeting: slot}."""
    from pysat.solvers import Solver

    for k in range(len(cnf.gappy) + 1):
        clauses = [*cnf.clauses, [-cnf.at_most[k]]] if k < len(cnf.at_most) else cnf.clauses
        with Solver(name="kissat404", bootstrap_with=clauses) as solver:
            if solver.solve():
                true = {lit for lit in solver.get_model() if lit > 0}
                out.send({e: t for (e, t), var in cnf.x.items() if var in true})
                break
    out.close()
