"""The simulation's breakdown of slow refills (benchmarks/bench_day.py): each seat's time from freeing
to booking is cut into consecutive parts that add up to it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from benchmarks.bench_day import _open_time, _tail_breakdown

T0 = datetime(2027, 5, 18, 7, 0, tzinfo=UTC)


def _at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _offer(id_: int, status: str, made: float, closed: float | None, **yes: float) -> SimpleNamespace:
    return SimpleNamespace(
        id=id_,
        seat_id=1,
        slot_id=5,
        seeker_id=10,
        candidate_id=20 + id_,
        status=status,
        created_at=_at(made),
        closed_at=_at(closed) if closed is not None else None,
        seeker_yes_at=_at(yes["seeker"]) if "seeker" in yes else None,
        candidate_yes_at=_at(yes["candidate"]) if "candidate" in yes else None,
    )


def test_open_time_counts_overlapping_offers_once() -> None:
    spans = [(_at(1), _at(3)), (_at(2), _at(4)), (_at(6), _at(7))]
    assert _open_time(spans, _at(0), _at(10)) == 4 * 60  # 1-4 and 6-7
    assert _open_time(spans, _at(2.5), _at(6.5)) == 2 * 60


def test_the_parts_of_a_slow_refill_add_up_and_name_who_held_it() -> None:
    seat = SimpleNamespace(id=1, slot_id=5, attendee_id=10, freed_at=_at(0), refilled_at=_at(30))
    offers = [
        _offer(1, "declined", 5, 6),  # the partner said no
        _offer(2, "expired", 5, 7, candidate=5.5),  # the one left alone stayed silent
        _offer(3, "booked", 28, 30, seeker=29, candidate=30),
    ]
    tail = _tail_breakdown([seat], offers, {1: _at(4)}, {1: "candidate"}, {10: _at(10)})
    parts = {key: values[0] / 60 for key, values in tail["parts"].items()}
    assert parts["no_partner"] == 4  # freed at 0, a partner from 4 (offers from 5)
    assert parts["earlier_offers"] == 2  # 5-7
    assert parts["seeker_away"] == 4  # 4-5 and 7-10: nobody asked before they arrived at 10
    assert parts["asked_out"] == 18  # 10-28
    assert (parts["first_answer"], parts["waiting_candidate"], parts["waiting_seeker"]) == (1, 1, 0)
    assert sum(v for k, v in parts.items() if k != "total") == parts["total"] == 30
    assert tail["outcomes"][0]["candidate_no"] == 1 and tail["outcomes"][0]["seeker_silent"] == 1


def test_a_standing_yes_given_before_the_offer_counts_from_the_offer() -> None:
    seat = SimpleNamespace(id=1, slot_id=5, attendee_id=10, freed_at=_at(0), refilled_at=_at(3))
    offers = [_offer(1, "booked", 2, 3, seeker=0.5, candidate=3)]
    tail = _tail_breakdown([seat], offers, {}, {}, {10: _at(-30)})
    parts = {key: values[0] / 60 for key, values in tail["parts"].items()}
    assert (parts["no_partner"], parts["first_answer"], parts["waiting_candidate"]) == (2, 0, 1)
