"""The simulation's response model (benchmarks/bench_day.py): paired answers make two runs answer the
same question alike whatever was asked before, and a re-ask's silence follows its own share."""

from __future__ import annotations

import random
from datetime import UTC, datetime

from benchmarks.bench_day import _Day

NOW = datetime(2027, 5, 18, 7, 0, tzinfo=UTC)
QUESTION = "offer:40:5:9:0"


def _answer(day: _Day, offer_id: int) -> tuple[bool, list[tuple[str, int, bool]], datetime | None]:
    look = day.looks.get(9)
    batch = day.batches[look[1]] if look else []
    return (offer_id, 9) in day.silent, batch, look[0] if look else None


def test_paired_answers_answer_the_same_question_alike_whatever_came_before() -> None:
    answers = set()
    for seed, history in ((1, 0), (2, 3), (3, 7)):
        day = _Day(None, 1, random.Random(seed))
        day.answer_seed = 17
        for earlier in range(history):  # other questions to other people first
            day._will_answer(NOW, 100 + earlier, "offer", 500 + earlier, 0.75, key=f"offer:{earlier}")
        day._will_answer(NOW, 9, "offer", 1, 0.75, key=QUESTION)
        silent, batch, look = _answer(day, 1)
        answers.add((silent, tuple((kind, yes) for kind, _subject, yes in batch), look))
    assert len(answers) == 1


def test_without_pairing_the_answer_depends_on_what_came_before() -> None:
    answers = set()
    for history in range(8):
        day = _Day(None, 1, random.Random(5))
        for earlier in range(history):
            day._will_answer(NOW, 100 + earlier, "offer", 500 + earlier, 0.75)
        day._will_answer(NOW, 9, "offer", 1, 0.75)
        answers.add(_answer(day, 1)[2])
    assert len(answers) > 1


def test_a_reask_silence_of_one_is_never_answered() -> None:
    day = _Day(None, 1, random.Random(5))
    for offer_id in range(20):
        day._will_answer(NOW, 9, "offer", offer_id, 0.75, silence=1.0)
    assert {(offer_id, 9) for offer_id in range(20)} <= day.silent and day.batches == []
