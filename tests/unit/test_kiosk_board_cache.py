"""The kiosk board cache computes each board once per process, however many threads ask at once."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from matchmaker.services import kiosk
from matchmaker.services.kiosk import Board, _Timeline

NOW = datetime(2027, 5, 18, 9, 5, tzinfo=UTC)


@pytest.fixture
def slow_board(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A board that takes 0.2 s to compute; returns the list of computations made."""
    computed: list[str] = []
    slot = (1, NOW - timedelta(minutes=5), NOW + timedelta(minutes=15))

    def compute(
        _session: Any, _event: int, _current: Any, _upcoming: Any, round_key: str, _now: Any
    ) -> Board:
        computed.append(round_key)
        time.sleep(0.2)
        return Board({"n": len(computed)}, f"tag-{len(computed)}", round_key)

    kiosk.clear_board_cache()
    monkeypatch.setattr(kiosk, "_timeline", lambda _session, _event: _Timeline((slot,)))
    monkeypatch.setattr(kiosk, "_compute_board", compute)
    yield computed
    kiosk.clear_board_cache()


def _ask_at_once(threads: int) -> list[Board]:
    boards: list[Board] = []
    start = threading.Barrier(threads)

    def ask() -> None:
        start.wait()
        boards.append(kiosk.board_for(None, 7, now=NOW))  # type: ignore[arg-type]

    workers = [threading.Thread(target=ask) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return boards


def test_a_new_round_is_computed_once_and_everyone_gets_it(slow_board: list[str]) -> None:
    boards = _ask_at_once(8)

    assert len(slow_board) == 1
    assert {board.etag for board in boards} == {"tag-1"}


def test_an_expired_board_is_refreshed_once_while_the_others_answer_with_it(
    slow_board: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kiosk, "BOARD_TTL", 0.05)
    kiosk.board_for(None, 7, now=NOW)  # type: ignore[arg-type]
    time.sleep(0.1)  # now expired

    started = time.monotonic()
    boards = _ask_at_once(8)

    assert len(slow_board) == 2  # the first fill and one refresh, not eight
    assert {board.etag for board in boards} <= {"tag-1", "tag-2"}
    assert sum(board.etag == "tag-1" for board in boards) >= 1  # someone was answered from the old board
    assert time.monotonic() - started < 1.0
