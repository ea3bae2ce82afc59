"""The pure on-the-day rules: who is a no-show, and whom a freed slot is offered to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from matchmaker.core.day import PastOffer, RefillPerson, asked_before, no_show_verdict, rank_refill_partners

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


COOL = timedelta(minutes=2)


def _past(candidate: int, status: str, yes: bool = False, closed: datetime | None = START) -> PastOffer:
    return PastOffer(candidate, status, yes, closed)


def test_a_partner_silent_on_an_expired_offer_may_be_asked_again_after_the_cool_down() -> None:
    past = [_past(2, "expired")]
    too_soon = asked_before(past, START + COOL - timedelta(seconds=1), COOL, standing_yes=False)
    assert (too_soon.not_again, too_soon.last) == ({2}, frozenset())
    later = asked_before(past, START + COOL, COOL, standing_yes=False)
    assert (later.not_again, later.first, later.last) == (frozenset(), frozenset(), {2})


def test_a_no_on_either_side_or_an_open_offer_is_never_asked_again() -> None:
    past = [_past(2, "declined"), _past(3, "open", closed=None), _past(4, "booked")]
    rule = asked_before(past, START + timedelta(hours=1), COOL, standing_yes=True)
    assert (rule.not_again, rule.first, rule.last) == ({2, 3, 4}, frozenset(), frozenset())


def test_a_partner_is_asked_at_most_twice_for_one_seat() -> None:
    past = [_past(2, "expired"), _past(2, "expired", closed=START + COOL)]
    rule = asked_before(past, START + timedelta(hours=1), COOL, standing_yes=True)
    assert rule.not_again == {2}


def test_one_ask_per_partner_is_the_old_rule() -> None:
    rule = asked_before([_past(2, "expired")], START + timedelta(hours=1), COOL, standing_yes=False, asks=1)
    assert rule.not_again == {2}


def test_a_partner_who_said_yes_goes_first_at_once_when_the_seeker_stands_by_their_yes() -> None:
    past = [_past(2, "expired", yes=True), _past(3, "expired")]
    standing = asked_before(past, START + timedelta(seconds=5), COOL, standing_yes=True)
    assert (standing.first, standing.not_again) == ({2}, {3})
    # Without the seeker's standing yes, their yes waits out the cool-down like silence.
    asking = asked_before(past, START + COOL, COOL, standing_yes=False)
    assert (asking.first, asking.last) == (frozenset(), {2, 3})


def test_partners_asked_again_come_after_everyone_not_asked_yet_and_yes_sayers_first() -> None:
    people = [_person(2), _person(3), _person(4)]
    scores = {2: 0.95, 3: 0.6, 4: 0.5}
    ranked = rank_refill_partners(_person(1), people, scores, 0.4, slot_started=False, first={4}, last={2})
    assert [c.candidate for c in ranked] == [4, 3, 2]
    # Asked again or not, the rest of the rule holds: below the floor is never offered.
    ranked = rank_refill_partners(_person(1), people, scores, 0.55, slot_started=False, first={4}, last={2})
    assert [c.candidate for c in ranked] == [3, 2]
