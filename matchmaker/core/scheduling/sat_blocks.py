"""The block model (see :mod:`.blocks`) as plain clauses, asked of Kissat in a child process.

The question is the CP-SAT block model's: each person meets in one run of consecutive available
slots, or is "gappy"; as few gappy people as possible; the same meetings stay placed. Asked as "at
most k gappy people?" of a SAT solver, some events are answered far sooner than CP-SAT's search
improves on them: on forum-13crafc CP-SAT stayed at 5 gappy people for 60 s where Kissat answered
"at most 1" (the optimum) in 0.7 s; on forum-14 it answered "none" in 4.9 s (and "at most 1" in
0.6 s); on ticf-13crafb "at most 3" took it 10-20 s, where CP-SAT's local moves do better within the
time (docs/performance.md, issue #13). So Kissat runs beside CP-SAT, not instead of it. The encoding:

- ``x[e, t]``: meeting e in slot t (only the slots free for it), exactly one per meeting, at most one
  per person and slot, at most the free tables per slot;
- per person, the window's start in order encoding (``G[p, j]``: "starts at position >= j" over the
  person's available slots), so that "e in t" says "the window covers t" in two binary clauses, and
  "the window covers t" says "some meeting of p in t": the person's day is one run;
- ``gappy[p]`` switches all of that person's window clauses off; a totalizer counts them.

Kissat cannot be interrupted from Python and holds the GIL, so it runs in a forked child (killed
when the polish after the block phase ends, or ending once an answer is proven least), and each
question in a process of its own under that child, which can be paused and resumed by signals.
Which "at most k?" to ask (see :class:`_Questions`): asked upwards from 0 alone, the first "yes" is
the least count, but the question at the optimum is the slow one (ticf-13crafb: 13-20 s, where "at
most 4?" takes 3.5 s), and the first "yes" came too late for a 10-s run; so a slow question is
paused, a higher one asked, and each better answer sent as it comes.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import multiprocessing.connection
import os
import pickle
import select
import signal
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
    """Kissat's answers to the block model over the placed movable meetings of ``state`` (one day;
    the same meetings stay placed, their slots may change meanwhile), searched in a child process.

    It starts at once: it needs no start, only the meetings, so it gets the time of the local search
    and of the CP-SAT block model beside it, and goes on beside the polish. :meth:`watch` stops
    CP-SAT at the first answer; :meth:`take` puts the best answer so far into a state if better, and
    :meth:`newer` says when a better one has come since.
    """

    def __init__(self, state: SlotState, movable: Sequence[bool]) -> None:
        import pysat.solvers  # noqa: F401  (before the fork: a child never imports while threads hold locks)

        self.free = [e for e in state.placed() if movable[e]]
        self.answer: dict[int, int] | None = None
        self._received = 0  # answers received (by the watcher thread)
        self._taken = 0  # answers received when take() last ran
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
        """In a thread until ``deadline`` or :meth:`close`: keep each better answer, and call ``stop``
        at the first (CP-SAT's block model: on the shared events Kissat's first answer had far fewer
        gaps than CP-SAT reached in the whole phase, docs/performance.md); then stop Kissat."""

        def wait() -> None:
            pipe, stopped = self._pipe, False
            while pipe is not None and not self._done.is_set() and time.perf_counter() < deadline:
                if pipe.poll(min(0.05, max(0.0, deadline - time.perf_counter()))):
                    try:
                        self._receive(pipe)
                    except EOFError:
                        break
                    if not stopped:
                        stop()
                        stopped = True
            self._kill()

        self._watcher = threading.Thread(target=wait, name="sat-blocks", daemon=True)
        self._watcher.start()

    def _receive(self, pipe: Connection) -> None:
        self.answer = pipe.recv()
        self._received += 1

    def newer(self) -> bool:
        """True when an answer has come since :meth:`take` last ran."""
        return self._received > self._taken

    def take(self, state: SlotState) -> bool:
        """Put the best answer so far into ``state`` if it has fewer gappy people (or as many and
        fewer gaps); True if it did. The search goes on."""
        self._taken = self._received  # before reading the answer: one that comes meanwhile is newer
        answer = self.answer
        if answer is None or any(state.slot_of[e] == UNPLACED or e not in answer for e in self.free):
            return False
        day = state.instance.day_masks[0]
        before, current = (self._count(state, day), state.total_gaps()), state.snapshot()
        for e in self.free:
            state.remove(e)
        for e in self.free:
            state.place(e, answer[e])
        if (self._count(state, day), state.total_gaps()) < before:  # fewer gappy people, then fewer gaps
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
        self._kill()
        if self._pipe is not None:
            while self._pipe.poll():  # the last answer sent is the best
                try:
                    self._receive(self._pipe)
                except EOFError:
                    break
            self._pipe.close()
            self._pipe = None

    def _kill(self) -> None:
        """Stops the child and its questions (its process group, see :func:`_run`)."""
        if self._child is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._child.pid, signal.SIGKILL)
        self._child.kill()
        self._child.join()
        self._child = None


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
    """In a child process: the questions of :class:`_Questions`, each better answer sent as
    ``{meeting: slot}``; it ends when one is proven least."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # its questions run in its process group: the parent kills the group
    sent: list[_Answer] = []

    def forward(answer: _Answer, _proven: bool) -> None:
        # A proof resends the best answer: nothing new for the parent, whose polish a message
        # interrupts (BlockSearch.newer).
        if not sent or answer is not sent[-1]:
            out.send(answer.slots)
            sent.append(answer)

    questions = _Questions(cnf, forward)
    try:
        questions.run()
    except (EOFError, OSError, pickle.UnpicklingError):
        pass  # a question's process was lost (e.g. killed for memory): the answers sent stand
    finally:
        questions.stop_all()
        out.close()


@dataclass
class _Answer:
    slots: dict[int, int]
    gappy: int  # people whose window clauses are off: at least those who have a gap


class _Question:
    """The question "at most k gappy people?", asked of Kissat in a process of its own, so that it
    can be paused (SIGSTOP) and resumed without losing its work, or killed."""

    def __init__(self, cnf: _Cnf, k: int) -> None:
        self.k = k
        read, write = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # pragma: no cover  (the forked question; its exit code is unused)
            os.close(read)
            _die_with(parent)
            _answer_question(cnf, k, write)
        os.close(write)
        self._read = read

    def wait(self, seconds: float | None) -> tuple[bool, _Answer | None]:
        """(answered, the answer: None for "no"); not answered when still thinking after ``seconds``."""
        if not select.select([self._read], [], [], seconds)[0]:
            return False, None
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(self.pid, 0)
        self.pid = 0
        answer: _Answer | None = pickle.loads(data)
        return True, answer

    def pause(self) -> None:
        os.kill(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        os.kill(self.pid, signal.SIGCONT)

    def kill(self) -> None:
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            os.close(self._read)
            self.pid = 0


def _die_with(parent: int) -> None:  # pragma: no cover  (runs in the fork)
    """A question outlives nobody: killed with the process that asked it (Linux), whatever kills that."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it died before the line above
        os._exit(0)


def _answer_question(cnf: _Cnf, k: int, write: int) -> None:  # pragma: no cover  (runs in the fork)
    from pysat.solvers import Solver

    clauses = [*cnf.clauses, [-cnf.at_most[k]]] if k < len(cnf.at_most) else cnf.clauses
    with Solver(name="kissat404", bootstrap_with=clauses) as solver:
        model = solver.get_model() if solver.solve() else None
    answer = None
    if model is not None:
        true = {lit for lit in model if lit > 0}
        slots = {e: t for (e, t), var in cnf.x.items() if var in true}
        answer = _Answer(slots, sum(1 for var in cnf.gappy.values() if var in true))
    with os.fdopen(write, "wb") as pipe:
        pipe.write(pickle.dumps(answer))
    os._exit(0)


class _Questions:
    """Which "at most k?" to ask, one at a time on one core.

    Measured on the shared events (docs/performance.md, issue #13): "no" below the optimum and "yes"
    well above it come in well under a second; the question at the optimum itself can take 5-20 s
    or more, and so, on some events, do the last "no"s below it (tic-13crafc: "at most 0..3?"
    unanswered in 12 s), while "at most optimum + 1?" came in 0.6-3.5 s. So: ask upwards from 0
    while each answer comes within ``PROBE_SECONDS``; pause the first that does not (at k) and ask
    k + 1, then k + 2, k + 4... until a "yes" (each given ``LEAP_SECONDS`` before the next leap,
    then paused); then ask "at most best - 1?" until a "no" proves the best least or the parent
    stops the search, resuming a paused question rather than asking it again (its work is kept).
    On forum-14 that is "0?" paused, "1?" yes in 0.6 s, "0?" yes some 4.5 s later; leaping to k + 2
    first got "2?" and then "1?" later, and "0?" did not come within a 10-s run.
    """

    PROBE_SECONDS = 0.4
    LEAP_SECONDS = 4.0

    def __init__(self, cnf: _Cnf, send: Callable[[_Answer, bool], None]) -> None:
        self.cnf = cnf
        self.send = send
        self.paused: dict[int, _Question] = {}
        self.running: _Question | None = None
        self.low = 0  # every k below this got its "no"
        self.best: _Answer | None = None

    def run(self) -> None:
        last = len(self.cnf.gappy)
        k = self._probe(last)
        if k is None:
            return
        step = 1
        while self.best is None and k + step <= last:
            self._ask(k + step, self.LEAP_SECONDS)
            step *= 2
        if self.best is None:
            self._ask(last, None)
        while self.best is not None and self.low < self.best.gappy:
            self._ask(self.best.gappy - 1, None)

    def _probe(self, last: int) -> int | None:
        """Asks k = 0, 1, ... while answered quickly; returns the first k left paused, or None if
        the least count was found."""
        for k in range(last + 1):
            if not self._ask(k, self.PROBE_SECONDS):
                return k
            if self.best is not None:
                return None
        return None

    def _ask(self, k: int, seconds: float | None) -> bool:
        """Asks (or resumes) "at most k?" for up to ``seconds``; records and sends its answer; False
        when it is still thinking (then paused)."""
        question = self.paused.pop(k, None)
        if question is None:
            question = _Question(self.cnf, k)
        else:
            question.resume()
        self.running = question
        answered, answer = question.wait(seconds)
        self.running = None
        if not answered:
            question.pause()
            self.paused[k] = question
            return False
        if answer is None:
            self.low = max(self.low, k + 1)
        elif self.best is None or answer.gappy < self.best.gappy:
            self.best = answer
        for other in [q for q in self.paused.values() if self._settled(q.k)]:
            other.kill()
            del self.paused[other.k]
        proven = self.best is not None and self.low >= self.best.gappy
        if self.best is not None and (answer is self.best or (answer is None and proven)):
            self.send(self.best, proven)
        return True

    def _settled(self, k: int) -> bool:
        return k < self.low or (self.best is not None and k >= self.best.gappy)

    def stop_all(self) -> None:
        for question in [*self.paused.values(), *([self.running] if self.running else [])]:
            question.kill()
        self.paused.clear()
