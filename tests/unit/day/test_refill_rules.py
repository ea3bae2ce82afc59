"""The pure on-the-day rules: who is a no-show, and whom a freed slot is offered to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from matchmaker.core.day import RefillPerson, no_show_verdict, rank_refill_partners

START = datetime(2027, 5, 18, 10, 0, tzinfo=UTC)


def _person(id: int, **values: object) -> RefillPerson:
    return RefillPerson(**({"id": id, "checked_in": True, "busy": False} | values))  # type: ignore[arg-type]


def test_no_show_is_not_decided_before_the_deadline() -> None:
    verdict = no_show_verdict(START, START - timedelta(minutes=11), 10, {1: None, 2: None})
    assert (verdict.decided, verdict.absent) == (False, frozenset())


def test_partner_not_checked_in_by_the_deadline_is_a_no_show() -> None:
    arrived = START - timedelta(hours=1)
    verdict = no_show_verdict(START, START - timedelta(minutes=10), 10, {1: arrived, 2: None})
    assert (verdict.decided, verdict.absent) == (True, frozenset({2}))


def test_checking_in_after_the_deadline_still_counts_as_absent() -> None:
    late = START - timedelta(minutes=5)
    early = START - timedelta(hours=1)
    verdict = no_show_verdict(START, START - timedelta(minutes=2), 10, {1: early, 2: late})
    assert verdict.absent == frozenset({2})


def test_reported_absent_is_a_no_show_at_once() -> None:
    verdict = no_show_verdict(START, START - timedelta(hours=2), 10, {1: None, 2: None}, frozenset({2}))
    assert (verdict.decided, verdict.absent) == (True, frozenset({2}))


def test_everyone_present_is_no_no_show() -> None:
    arrived = START - timedelta(hours=1)
    assert no_show_verdict(START, START, 10, {1: arrived, 2: arrived}).absent == frozenset()


def test_best_score_wins_and_ties_prefer_someone_also_left_alone() -> None:
    people = [_person(2), _person(3, seeking=True), _person(4)]
    ranked = rank_refill_partners(_person(1), people, {2: 0.8, 3: 0.8, 4: 0.9}, 0.5, slot_started=False)
    assert [c.candidate for c in ranked] == [4, 3, 2]


def test_pairs_below_the_floor_or_without_a_score_are_never_offered() -> None:
    people = [_person(2), _person(3)]
    ranked = rank_refill_partners(_person(1), people, {2: 0.49}, 0.5, slot_started=False)
    assert ranked == []


def test_absent_busy_unavailable_or_full_people_are_not_offered() -> None:
    people = [
        _person(2, checked_in=False),
        _person(3, busy=True),
        _person(4, available=False),
        _person(5, meetings=3, cap=3),
        _person(6, meetings=2, cap=3),
    ]
    scores = {i: 0.9 for i in range(2, 7)}
    ranked = rank_refill_partners(_person(1), people, scores, 0.5, slot_started=False)
    assert [c.candidate for c in ranked] == [6]


def test_met_before_and_blocked_people_are_not_offered() -> None:
    people = [_person(2), _person(3), _person(4)]
    scores = {2: 0.9, 3: 0.9, 4: 0.6}
    ranked = rank_refill_partners(
        _person(1), people, scores, 0.5, slot_started=False, not_again={2}, blocked={3}
    )
    assert [c.candidate for c in ranked] == [4]


def test_nobody_is_offered_once_the_slot_has_started() -> None:
    ranked = rank_refill_partners(_person(1), [_person(2)], {2: 0.9}, 0.5, slot_started=True)
    assert ranked == []


def test_a_seeker_at_their_own_cap_gets_no_offer() -> None:
    ranked = rank_refill_partners(
        _person(1, meetings=4, cap=4), [_person(2)], {2: 0.9}, 0.5, slot_started=False
    )
    assert ranked == []
