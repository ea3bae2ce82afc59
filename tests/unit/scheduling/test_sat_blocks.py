"""The block model as SAT (matchmaker/core/scheduling/sat_blocks.py): answers checked by brute force."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pytest

from benchmarks.scheduling_b2b import b2b_forum, gap_measures
from matchmaker.core.scheduling import sat_blocks, solve
from matchmaker.core.scheduling.instance import build_instance
from matchmaker.core.scheduling.required import place_fixed, place_required
from matchmaker.core.scheduling.sat_blocks import BlockSearch, _Answer
from matchmaker.core.scheduling.state import UNPLACED, SlotState
from matchmaker.formats.problem_file import read_problem_file
from tests.unit.scheduling.schedule_checks import hard_constraint_violations
from tests.unit.scheduling.test_blocks import (
    _all_schedules,
    _gappy,
    _shared_b2b,
    _small_events,
    _state_of,
    _to_latest_slots,
)


def _answered(search: BlockSearch, state: SlotState, seconds: float) -> bool:
    """Wait (at most ``seconds``) for Kissat's least answer, then take it as the solver does."""
    stopped = threading.Event()
    search.watch(time.perf_counter() + seconds, stopped.set)
    assert search._watcher is not None
    search._watcher.join(seconds)  # the watcher ends when the search does, after its proven answer
    search.close()
    return search.take(state)


@pytest.mark.parametrize("problem", _small_events())
def test_sat_block_search_leaves_the_fewest_people_with_a_gap_found_by_brute_force(problem: object) -> None:
    inst = build_instance(problem)  # type: ignore[arg-type]
    schedules = _all_schedules(inst)
    fewest = min(_gappy(_state_of(inst, s)) for s in schedules)
    worst = max(schedules, key=lambda s: _gappy(_state_of(inst, s)))
    state = _state_of(inst, worst)
    search = BlockSearch(state, [True] * inst.n_meetings)

    found = _answered(search, state, 10.0)

    assert found == (_gappy(_state_of(inst, worst)) > fewest)
    assert all(t != UNPLACED for t in state.slot_of)
    assert _gappy(state) == fewest
    assert all(load <= inst.n_tables for load in state.load)
    assert not multiprocessing.active_children()  # both solvers stopped


def test_sat_block_search_keeps_fixed_meetings_and_leaves_a_gapless_schedule_alone() -> None:
    problem = b2b_forum(30, 90, 12, 10, 0.3, 0.4, seed=3)
    inst = build_instance(problem)
    state = SlotState(inst)
    place_fixed(state)
    assert place_required(state, compact=False) == []
    before = list(state.slot_of)
    movable = [e % 5 != 0 for e in range(inst.n_meetings)]  # every fifth meeting stays where it is
    gappy_before = _gappy(state)
    search = BlockSearch(state, movable)

    found = _answered(search, state, 5.0)

    assert found and _gappy(state) < gappy_before
    assert all(t != UNPLACED for t in state.slot_of)
    assert all(state.slot_of[e] == before[e] for e in range(inst.n_meetings) if not movable[e])
    assert all(load <= inst.n_tables for load in state.load)
    # A second search from an answer nobody can improve on changes nothing.
    if _gappy(state) == 0:
        after = list(state.slot_of)
        assert not _answered(BlockSearch(state, movable), state, 2.0)
        assert state.slot_of == after


def test_a_block_search_closed_unfinished_stops_its_solver() -> None:
    problem = b2b_forum(30, 90, 12, 10, 0.3, 0.4, seed=3)
    state = SlotState(build_instance(problem))
    place_fixed(state)
    place_required(state, compact=False)
    search = BlockSearch(state, [True] * len(problem.meetings))

    search.close()

    assert not multiprocessing.active_children()


@pytest.mark.slow
def test_forum_13crafc_reaches_the_optimum_within_one_gap_in_ten_seconds() -> None:
    # forum-13crafc: 70 businesses, 154 meetings, 21 slots, 12 tables; MaxSAT optimum 1 idle gap in
    # both measures (shared/b2b/README.md). The CP-SAT block model stayed at 5 gappy people for 60 s;
    # the SAT search reaches 1 in ~1 s (docs/performance.md, issue #13).
    problem = read_problem_file(_shared_b2b("forum-13crafc.json"))

    schedule = solve(problem, time_limit=10, seed=0)

    assert hard_constraint_violations(problem, schedule) == []
    assert schedule.stats.required_scheduled == schedule.stats.required == 154
    _, gaps = gap_measures(problem, [(m.a, m.b, m.slot) for m in schedule.meetings])
    assert gaps == schedule.stats.idle_gaps
    assert gaps <= 1 + 1


def test_solve_keeps_the_local_search_agendas_when_the_sat_block_phase_ends_worse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = b2b_forum(30, 90, 12, 10, 0.3, 0.4, seed=3)
    entered: list[int] = []

    def worse(self: BlockSearch, state: SlotState) -> bool:
        self._taken = self._received
        entered.append(state.total_gaps())
        _to_latest_slots(state, self.free)
        return True

    monkeypatch.setattr(BlockSearch, "take", worse)
    monkeypatch.setattr("matchmaker.core.scheduling.solver.improve_with_lns", lambda *a, **k: 0)

    schedule = solve(problem, time_limit=4, seed=0)

    assert entered, "the block phase did not run"
    assert hard_constraint_violations(problem, schedule) == []
    assert schedule.stats.required_scheduled == schedule.stats.required
    assert schedule.stats.idle_gaps <= entered[0]
    assert not multiprocessing.active_children()


def test_an_error_in_the_first_search_stops_kissat(monkeypatch: pytest.MonkeyPatch) -> None:
    # A long-lived worker must not keep a solver child running after a failed or cancelled solve.
    problem = b2b_forum(30, 90, 12, 10, 0.3, 0.4, seed=3)
    started: list[BlockSearch] = []
    original = BlockSearch.__init__

    def recording_init(self: BlockSearch, *args: object) -> None:
        original(self, *args)  # type: ignore[arg-type]
        started.append(self)

    def failing(*_: object, **__: object) -> int:
        raise RuntimeError("the local search failed")

    monkeypatch.setattr(BlockSearch, "__init__", recording_init)
    monkeypatch.setattr("matchmaker.core.scheduling.solver.improve_with_lns", failing)

    with pytest.raises(RuntimeError):
        solve(problem, time_limit=4, seed=0)

    assert started, "the SAT search did not start"
    assert not multiprocessing.active_children()


@dataclass
class _Script:
    """Simulated thinking, as measured on the shared events: the question at the optimum slow, those
    around it quick. k -> (seconds, gappy people of the "yes" or None for "no")."""

    thinking: Mapping[int, tuple[float, int | None]]
    asked: list[int] = field(default_factory=list)  # each start or resume
    clock: float = 0.0


class _FakeQuestion:
    def __init__(self, script: _Script, k: int) -> None:
        self.script, self.k = script, k
        self.left, self.gappy = script.thinking[k]
        script.asked.append(k)

    def wait(self, seconds: float | None) -> tuple[bool, _Answer | None]:
        if seconds is not None and self.left > seconds:
            self.left -= seconds
            self.script.clock += seconds
            return False, None
        self.script.clock += self.left
        return True, None if self.gappy is None else _Answer({}, self.gappy)

    def pause(self) -> None: ...

    def resume(self) -> None:
        self.script.asked.append(self.k)

    def kill(self) -> None: ...


def _ask_all(monkeypatch: pytest.MonkeyPatch, script: _Script) -> list[tuple[float, int, bool]]:
    """What _Questions sends, with the simulated time of each."""
    monkeypatch.setattr(sat_blocks, "_Question", lambda cnf, k: _FakeQuestion(script, k))
    sent: list[tuple[float, int, bool]] = []
    cnf = sat_blocks._Cnf(gappy={p: p + 1 for p in range(len(script.thinking) - 1)})
    sat_blocks._Questions(cnf, lambda a, proven: sent.append((script.clock, a.gappy, proven))).run()
    return sent


def test_the_questions_find_optimum_plus_one_before_the_slow_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    # ticf-13crafb, measured: "at most 0, 1?" no at once, "2?" no in 2.2 s, "3?" (the optimum) yes in
    # 13-20 s, "4?" yes in 3.3 s, higher ones yes in 2-3 s.
    thinking: dict[int, tuple[float, int | None]] = {0: (0.1, None), 1: (0.1, None), 2: (2.2, None)}
    thinking |= {3: (13.0, 3), 4: (3.3, 4), 5: (2.0, 5)} | {k: (2.0, k) for k in range(6, 12)}
    script = _Script(thinking)

    sent = _ask_all(monkeypatch, script)

    # Probes 0.6 s, "3?" paused after 4 s, "4?": not after "2?" and "3?" finished (15 s).
    assert sent[0][1:] == (4, False)
    assert sent[0][0] == pytest.approx(0.6 + 4.0 + 3.3)
    assert sent[-1][1:] == (3, True)
    assert sent[-1][0] == pytest.approx(0.1 + 0.1 + 2.2 + 13.0 + 3.3)  # nothing asked twice
    assert script.asked == [0, 1, 2, 3, 4, 3, 2]


def test_the_questions_stop_at_the_first_quick_yes_below_which_all_said_no(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    script = _Script({0: (0.1, None), 1: (0.2, 1), 2: (0.1, 2), 3: (0.1, 3)})

    sent = _ask_all(monkeypatch, script)

    assert [s[1:] for s in sent] == [(1, True)]
    assert sent[0][0] == pytest.approx(0.3)
    assert script.asked == [0, 1]


def test_the_questions_resume_a_paused_one_rather_than_start_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # forum-14, measured: "0?" yes in 4.9 s (the optimum), "1?" in 0.6 s, "2?" in 1.4 s.
    script = _Script({0: (4.9, 0), 1: (0.6, 1), 2: (1.4, 2), 3: (2.5, 3), 4: (1.7, 4)})

    sent = _ask_all(monkeypatch, script)

    assert [s[1:] for s in sent] == [(1, False), (0, True)]
    assert sent[0][0] == pytest.approx(0.4 + 0.6)
    assert sent[-1][0] == pytest.approx(4.9 + 0.6)  # "0?" lost none of its first 0.4 s
    assert script.asked == [0, 1, 0]


def test_a_killed_search_leaves_no_question_running() -> None:
    # Kissat cannot be interrupted: each question is a process, paused or killed by signals. Killing
    # the searching child alone (as a crash or an out-of-memory kill would) must take them with it.
    cnf = sat_blocks._Cnf(clauses=_pigeonhole(12), top=12 * 11)
    reported = multiprocessing.get_context("fork").Queue()

    def search() -> None:
        question = sat_blocks._Question(cnf, 0)
        reported.put(question.pid)
        question.wait(None)

    child = multiprocessing.get_context("fork").Process(target=search, daemon=True)
    child.start()
    question_pid = reported.get(timeout=10)
    assert _alive(question_pid)

    os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
    child.join()

    assert _eventually(lambda: not _alive(question_pid), seconds=5)


def test_closing_a_search_stops_its_paused_and_running_questions() -> None:
    problem = read_problem_file(_shared_b2b("forum-14.json"))  # its "at most 0?" takes seconds
    inst = build_instance(problem)
    state = SlotState(inst)
    place_fixed(state)
    assert place_required(state, compact=False) == []
    search = BlockSearch(state, [True] * inst.n_meetings)
    group = search._child.pid
    # Past the first probe: one question paused, another thinking (and the child asking them).
    assert _eventually(lambda: len(_members(group)) >= 3, seconds=5)

    search.close()

    assert _eventually(lambda: _members(group) == [], seconds=2)  # SIGKILL lands within moments


def _eventually(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.perf_counter() + seconds
    while not condition():
        if time.perf_counter() > deadline:
            return False
        time.sleep(0.02)
    return True


def _pigeonhole(holes: int) -> list[list[int]]:
    """holes + 1 pigeons in ``holes`` holes: unsatisfiable, and hard for any CDCL solver."""

    def var(pigeon: int, hole: int) -> int:
        return pigeon * holes + hole + 1

    clauses = [[var(p, h) for h in range(holes)] for p in range(holes + 1)]
    for h in range(holes):
        for p in range(holes + 1):
            clauses.extend([-var(p, h), -var(q, h)] for q in range(p + 1, holes + 1))
    return clauses


def _process(pid: int) -> tuple[str, int] | None:
    """(state, process group) of a live process from /proc, or None if gone (or a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()  # after the command name, which may hold spaces
    except FileNotFoundError:
        return None
    return None if fields[0] == "Z" else (fields[0], int(fields[2]))


def _alive(pid: int) -> bool:
    return _process(pid) is not None


def _members(group: int) -> list[int]:
    """Live processes of a process group."""
    return [int(e) for e in os.listdir("/proc") if e.isdigit() and (_process(int(e)) or ("", -1))[1] == group]


def test_an_answer_that_comes_during_the_polish_is_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    # Kissat goes on beside the polish and the windows (forum-14: "at most 1?" answered ~1.5 s in,
    # "none?" ~5 s later): a better answer that comes then must interrupt them and be used.
    problem = b2b_forum(30, 90, 12, 10, 0.3, 0.4, seed=3)
    inst = build_instance(problem)
    start = SlotState(inst)
    place_fixed(start)
    assert place_required(start, compact=False) == []
    real = BlockSearch(start, [True] * inst.n_meetings)
    assert _answered(real, start, 10.0)  # the least count of gappy people, proven
    late_answer, late_gaps = dict(enumerate(start.slot_of)), start.total_gaps()
    taken: list[tuple[float, bool]] = []

    class LateSearch:
        """Nothing until a second after the first take, then that answer."""

        def __init__(self, state: SlotState, movable: list[bool]) -> None:
            self.free = [e for e in state.placed() if movable[e]]
            self.ready_at = float("inf")
            self.sent = False

        def watch(self, deadline: float, stop: Callable[[], None]) -> None: ...

        def newer(self) -> bool:
            return not self.sent and time.perf_counter() >= self.ready_at

        def take(self, state: SlotState) -> bool:
            if not taken:
                self.ready_at = time.perf_counter() + 1.0
            if not self.newer():
                taken.append((time.perf_counter(), False))
                return False
            self.sent = True
            for e in self.free:
                state.remove(e)
            for e in self.free:
                state.place(e, late_answer[e])
            taken.append((time.perf_counter(), True))
            return True

        def close(self) -> None: ...

    monkeypatch.setattr(sat_blocks, "BlockSearch", LateSearch)
    monkeypatch.setattr(sat_blocks, "available", lambda: True)

    schedule = solve(problem, time_limit=6, seed=0)

    assert [used for _, used in taken][:1] == [False] and any(used for _, used in taken)
    late = next(t for t, used in taken if used)
    assert late - taken[0][0] == pytest.approx(1.0, abs=0.5)  # taken as it came, not at the end
    assert hard_constraint_violations(problem, schedule) == []
    assert schedule.stats.required_scheduled == schedule.stats.required
    assert schedule.stats.idle_gaps <= late_gaps


def test_the_child_sends_each_better_answer_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # ticf-13crafb's questions (as above): "4", then "3", then the "no" to "2?" proves "3" least.
    # The parent takes every message as a newer answer and interrupts its polish for it, so the
    # proof must not send "3" again.
    thinking: dict[int, tuple[float, int | None]] = {0: (0.1, None), 1: (0.1, None), 2: (2.2, None)}
    thinking |= {3: (13.0, 3), 4: (3.3, 4), 5: (2.0, 5)} | {k: (2.0, k) for k in range(6, 12)}
    script = _Script(thinking)
    monkeypatch.setattr(sat_blocks, "_Question", lambda cnf, k: _FakeQuestion(script, k))
    messages: list[object] = []

    class Out:
        def send(self, message: object) -> None:
            messages.append(message)

        def close(self) -> None: ...

    monkeypatch.setattr(os, "setpgid", lambda *a: None)  # the test process keeps its own group
    sat_blocks._run(sat_blocks._Cnf(gappy={p: p + 1 for p in range(11)}), Out())  # type: ignore[arg-type]

    assert len(messages) == 2  # "4", then "3"; not "3" again with its proof
