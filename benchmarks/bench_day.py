"""A fair's day on PostgreSQL, simulated: no-shows caught, freed slots refilled, reminders sent once.

    flock /work/heavy.lock .venv/bin/python -m benchmarks.bench_day    # 2,000 attendees (about 15 minutes)
    .venv/bin/python -m benchmarks.bench_day --attendees 300           # a quick look

A scratch database is made on the server of ``--server`` (default: db ``test`` on 127.0.0.1:5432) and
dropped at the end. The fair: ``--attendees`` people, 12 rounds of 20 minutes from 09:00, a table per
two people of a round, 30 scored partners each, and a published schedule of six meetings per person
drawn from those partners (every pair above the floor, nobody twice in a round). The clock is simulated:
the tick (the worker's job: no-shows, offer expiry, next candidates, reminders, digests) runs every
simulated minute, and people act between ticks:

- everyone else checks in 15-60 minutes before their first meeting; 4% of attendees never come (their
  meetings become no-shows by the rule, 10 minutes before);
- more meetings, up to 15% in all, are no-shows reported by the partner who came, 8 minutes before;
- 5% are cancelled during the day (half by the organiser, half declined by one side), before the round;
- the rest are confirmed "we met" by one side two minutes into the round;
- the one left alone answers "find me another partner for this slot" at a look 10-90 s after the seat
  is freed as they would an offer (one in ten never, yes 90%, a no keeps the slot free); once they said
  yes, each partner asked for the seat needs only their own yes (``--no-seat-question``: nobody answers
  it, each offer needs both yeses);
- people answer refill offers at a look at their phone 10-90 s (uniform) after an offer reaches them
  (one look answers every offer waiting for them by then; an offer arriving within 10 s of a look
  already planned waits for a later one): the one left alone says yes to each partner offered 90% of
  the time, the one asked 75%; one offer in ten is never answered by that person (it expires after the
  event's minutes), and people who never came answer nothing;
- a partner asked again for a seat after staying silent on its earlier offer (the product asks once
  more, after a cool-down) is silent again half the time (``--reask-silence``; an assumption: silence is
  probably not independent, someone may be away from the phone), and otherwise answers as anyone
  (``--no-reask``: the product never asks anyone twice for a seat, the behaviour before).

Reported: the share of freed seats refilled among those where an eligible partner existed, simulated
time from the seat freeing to the refill being booked (median, p95), and from when an eligible partner
first existed (the benchmark asks the product's rule, ``refill.choose``, itself after every action and
tick that could have given the seat one: a check-in of the seeker or of someone scored with them,
someone of the slot becoming free; an offer made for the seat, or to its person about the slot, also
counts), the engine's own time choosing a
partner (per offer and per refill: pool queries plus ranking), double bookings (people and tables,
counted in SQL), refills below the floor, and reminders (sent once each; a replay of the day's ticks,
as a restarted worker would run them, sends none again). Baseline in the same run: without refill, every
freed seat stays empty.
"""

from __future__ import annotations

import argparse
import heapq
import random
import statistics
import time
import uuid
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from benchmarks._machine import machine_line, peak_rss_mb
from benchmarks._scratch import scratch_database

ROUNDS = 12
MEETINGS_EACH = 6
PARTNERS_EACH = 30
DAY = date(2027, 5, 18)
ZONE = "Europe/Warsaw"  # 09:00 at the venue is 07:00 UTC
FIRST_ROUND = datetime(2027, 5, 18, 7, 0, tzinfo=UTC)
TICK = timedelta(minutes=1)
# How long after an offer is made its answer comes (uniform), for those who answer at all.
ANSWER_DELAY_SECONDS = (10.0, 90.0)
ANSWER_DELAY = (timedelta(seconds=ANSWER_DELAY_SECONDS[0]), timedelta(seconds=ANSWER_DELAY_SECONDS[1]))
SILENCE = 0.1  # share of offers a side never answers
# A partner asked again for a seat after staying silent on its offer is silent again this often (an
# assumption, not a measurement: silence is likely not independent, someone may be away from the phone).
REASK_SILENCE = 0.5
REASON = {"kind": "they_offer", "yours": [], "theirs": ["packaging"], "codes": []}


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


@dataclass(order=True)
class _Action:
    at: datetime
    order: int
    kind: str = field(compare=False)
    args: tuple[Any, ...] = field(compare=False, default=())


class _Day:
    """The simulated day: a queue of people's actions between the worker's ticks."""

    def __init__(self, session: Any, event_id: int, rng: random.Random) -> None:
        self.session = session
        self.event_id = event_id
        self.rng = rng
        self.queue: list[_Action] = []
        self.counter = 0
        self.seen_offers = 0
        self.ticks: list[datetime] = []
        self.never: set[int] = set()  # people who never come to the fair (nor answer offers)
        self.looks: dict[int, tuple[datetime, int]] = {}  # each person's next look at their phone
        # Per look: what is answered then, ("offer", id, yes) or ("seat", id, yes) for the seat question.
        self.batches: list[list[tuple[str, int, bool]]] = []
        self.seen_seats = 0
        self.seat_question = True  # the one left alone answers "find me another partner" (the model)
        # When each freed seat first had an eligible partner (the product's rule, refill.choose), seen
        # by the benchmark itself after every action that could give one, not by the product's triggers.
        self.eligible_at: dict[int, datetime] = {}
        self.partners: dict[int, set[int]] = {}  # each person's scored partners
        self.probe_seconds = 0.0
        self.said_no: dict[int, str] = {}  # offer id -> the side whose "no" closed it
        # Asking again after silence: (seat, partner) -> their offers so far; who stayed silent on which.
        self.asked: dict[tuple[int, int], list[int]] = {}
        self.silent: set[tuple[int, int]] = set()  # (offer id, person) never answered
        self.reask_silence = REASK_SILENCE
        self.reasks: list[int] = []  # offers that ask a partner again for the same seat
        # --paired-answers: each answer drawn from its own generator, keyed by what is asked (the freed
        # meeting and person, the partner, the how-many-th ask) and who answers, so that two runs of
        # the same fair with different policies give the same answer to the same question.
        self.answer_seed: int | None = None

    def at(self, moment: datetime, kind: str, *args: Any) -> None:
        self.counter += 1
        heapq.heappush(self.queue, _Action(moment, self.counter, kind, args))

    def probe(self, now: datetime, slot_id: int | None = None, newcomer: int | None = None) -> None:
        """Record the seats that have an eligible partner at ``now`` for the first time: those the
        product found one for (``had_candidate``), and, asked here, the seeking seats still without one
        that the action could have helped (a newcomer's own seats and those of people scored with
        them; the seats of the slot that someone became free in)."""
        from sqlalchemy import select

        from matchmaker.db.models import Event, FreedSeat, SeatState
        from matchmaker.services import refill

        began = time.perf_counter()
        for seat_id in self.session.scalars(
            select(FreedSeat.id).where(FreedSeat.event_id == self.event_id, FreedSeat.had_candidate)
        ):
            self.eligible_at.setdefault(seat_id, now)
        if slot_id is not None or newcomer is not None:
            query = select(FreedSeat).where(
                FreedSeat.event_id == self.event_id,
                FreedSeat.state == SeatState.SEEKING,
                FreedSeat.had_candidate.is_(False),
            )
            if slot_id is not None:
                query = query.where(FreedSeat.slot_id == slot_id)
            else:
                assert newcomer is not None
                near = self.partners.get(newcomer, set()) | {newcomer}
                query = query.where(FreedSeat.attendee_id.in_(near))
            event = self.session.get(Event, self.event_id)
            for seat in self.session.scalars(query).all():
                if seat.id not in self.eligible_at and refill.choose(self.session, event, seat, now)[0]:
                    self.eligible_at[seat.id] = now
        self.probe_seconds += time.perf_counter() - began

    def schedule_answers(self, now: datetime) -> None:
        """People notice the offers made since the last look, and the ones left alone their freed
        seat's question "find me another partner for this slot?": each will answer at a look at their
        phone 10-90 s later (one look answers everything waiting for them by then). An offer that their
        standing yes already answers for the one left alone is only news to them."""
        from sqlalchemy import select

        from matchmaker.db.models import FreedSeat, RefillOffer

        if self.seat_question:
            seats = self.session.execute(
                select(FreedSeat.id, FreedSeat.attendee_id, FreedSeat.meeting_id)
                .where(FreedSeat.id > self.seen_seats, FreedSeat.event_id == self.event_id)
                .order_by(FreedSeat.id)
            ).all()
            for seat_id, person, meeting_id in seats:
                self.seen_seats = max(self.seen_seats, seat_id)
                self._will_answer(now, person, "seat", seat_id, 0.9, key=f"seat:{meeting_id}")
        new = self.session.execute(
            select(
                RefillOffer.id,
                RefillOffer.seat_id,
                RefillOffer.seeker_id,
                RefillOffer.candidate_id,
                RefillOffer.seeker_yes_at,
                FreedSeat.meeting_id,
            )
            .join(FreedSeat, FreedSeat.id == RefillOffer.seat_id)
            .where(RefillOffer.id > self.seen_offers)
            .order_by(RefillOffer.id)
        ).all()
        for offer_id, seat_id, seeker_id, candidate_id, standing, meeting_id in new:
            self.seen_offers = max(self.seen_offers, offer_id)
            earlier = self.asked.setdefault((seat_id, candidate_id), [])
            if earlier:
                self.reasks.append(offer_id)
            for person, yes_share in ((seeker_id, 0.9), (candidate_id, 0.75)):
                if person == seeker_id and standing is not None:
                    continue
                # Silent before on this very question: maybe away from the phone, likelier silent again.
                again = any((before, person) in self.silent for before in earlier)
                silence = self.reask_silence if again else SILENCE
                key = f"offer:{meeting_id}:{seeker_id}:{candidate_id}:{len(earlier)}"
                self._will_answer(now, person, "offer", offer_id, yes_share, silence, key)
            earlier.append(offer_id)

    def _will_answer(
        self,
        now: datetime,
        person: int,
        kind: str,
        subject: int,
        yes_share: float,
        silence: float = SILENCE,
        key: str = "",
    ) -> None:
        rng = self.rng if self.answer_seed is None else random.Random(f"{self.answer_seed}:{key}:{person}")
        if person in self.never or rng.random() < silence:
            if kind == "offer":
                self.silent.add((subject, person))
            return  # not at the fair, or never answers this one
        yes = rng.random() < yes_share
        look = self.looks.get(person)
        if look is None or look[0] < now + ANSWER_DELAY[0]:
            moment = now + timedelta(seconds=rng.uniform(*ANSWER_DELAY_SECONDS))
            look = (moment, len(self.batches))
            self.batches.append([])
            self.looks[person] = look
            self.at(moment, "look", person, look[1])
        self.batches[look[1]].append((kind, subject, yes))


def _build(
    session: Any, attendees: int, rng: random.Random, offer_minutes: int | None, fan_out: int | None
) -> tuple[int, dict[str, Any]]:
    from sqlalchemy import insert

    from matchmaker.db.models import (
        Attendee,
        Event,
        Meeting,
        MeetingParticipant,
        Recommendation,
        Slot,
        VenueTable,
    )

    tables = attendees // 2
    event = Event(
        slug=f"bench-day-{uuid.uuid4().hex[:6]}",
        name="Bench Fair",
        timezone=ZONE,
        start_date=DAY,
        end_date=DAY,
        meeting_minutes=20,
        **({"refill_offer_minutes": offer_minutes} if offer_minutes is not None else {}),
        **({"refill_fan_out": fan_out} if fan_out is not None else {}),
        slots=[
            Slot(
                code=f"d1-{i + 1:02d}",
                start=FIRST_ROUND + timedelta(minutes=20 * i),
                end=FIRST_ROUND + timedelta(minutes=20 * (i + 1)),
            )
            for i in range(ROUNDS)
        ],
        tables=[VenueTable(name=f"T{i + 1:03d}", position=i) for i in range(tables)],
    )
    session.add(event)
    session.flush()
    ids = list(
        session.scalars(
            insert(Attendee).returning(Attendee.id),
            [
                {
                    "event_id": event.id,
                    "name": f"Person {i}",
                    "email": f"p{i}@bench.test",
                    "company": f"Co {i}",
                    "locale": ("en", "pl", "ru")[i % 3],
                }
                for i in range(attendees)
            ],
        )
    )
    scores: dict[tuple[int, int], float] = {}
    partners: dict[int, set[int]] = {i: set() for i in ids}
    rows = []
    for person in ids:
        chosen = rng.sample([i for i in ids if i != person], PARTNERS_EACH)
        for rank, other in enumerate(chosen, 1):
            partners[person].add(other)
            partners[other].add(person)
            value = round(rng.uniform(0.15, 0.95), 3)
            rows.append(
                {
                    "attendee_id": person,
                    "candidate_id": other,
                    "rank": rank,
                    "score": value,
                    "reasons": [REASON],
                }
            )
            pair = (min(person, other), max(person, other))
            scores[pair] = max(scores.get(pair, 0.0), value)
    session.execute(insert(Recommendation), rows)
    # The published schedule: per round, a greedy matching over worthwhile pairs not met yet.
    floor = 0.25
    by_person: dict[int, list[tuple[float, int]]] = {i: [] for i in ids}
    for (a, b), value in scores.items():
        if value >= floor:
            by_person[a].append((value, b))
            by_person[b].append((value, a))
    met: set[tuple[int, int]] = set()
    count = {i: 0 for i in ids}
    meetings = []
    slot_ids = [s.id for s in event.slots]
    table_ids = [t.id for t in event.tables]
    for slot_id in slot_ids:
        busy: set[int] = set()
        order = ids[:]
        rng.shuffle(order)
        table = 0
        for person in order:
            if person in busy or count[person] >= MEETINGS_EACH or table >= len(table_ids):
                continue
            options = sorted(by_person[person], reverse=True)
            for _value, other in options:
                pair = (min(person, other), max(person, other))
                if other in busy or pair in met or count[other] >= MEETINGS_EACH:
                    continue
                meetings.append((pair, slot_id, table_ids[table], scores[pair]))
                table += 1
                busy.update(pair)
                met.add(pair)
                count[person] += 1
                count[other] += 1
                break
    meeting_ids = list(
        session.scalars(
            insert(Meeting).returning(Meeting.id),
            [
                {
                    "event_id": event.id,
                    "attendee_a_id": a,
                    "attendee_b_id": b,
                    "slot_id": s,
                    "table_id": t,
                    "score": v,
                    "status": "scheduled",
                    "source": "auto",
                }
                for (a, b), s, t, v in meetings
            ],
        )
    )
    session.execute(
        insert(MeetingParticipant),
        [
            {"meeting_id": mid, "attendee_id": person, "slot_id": s, "status": "scheduled"}
            for mid, ((a, b), s, _t, _v) in zip(meeting_ids, meetings, strict=True)
            for person in (a, b)
        ],
    )
    session.commit()
    plan = {
        "ids": ids,
        "meetings": [(mid, pair, s) for mid, (pair, s, _t, _v) in zip(meeting_ids, meetings, strict=True)],
        "slots": {s.id: s.start for s in event.slots},
        "floor": floor,
        "offer_minutes": event.refill_offer_minutes,
        "fan_out": event.refill_fan_out,
        "partners": partners,
    }
    return event.id, plan


def _plan_the_day(day: _Day, plan: dict[str, Any], rng: random.Random) -> dict[str, int]:
    ids: list[int] = plan["ids"]
    starts: dict[int, datetime] = plan["slots"]
    never = set(rng.sample(ids, int(len(ids) * 0.04)))
    day.never = never
    first: dict[int, datetime] = {}
    for _meeting_id, pair, slot_id in plan["meetings"]:
        for person in pair:
            first[person] = min(first.get(person, starts[slot_id]), starts[slot_id])
    # Everyone who comes checks in 15-60 minutes before their first meeting (but not before 08:00).
    arrive = {
        person: max(
            FIRST_ROUND - timedelta(hours=1),
            first.get(person, FIRST_ROUND) - timedelta(minutes=rng.uniform(15, 60)),
        )
        for person in ids
        if person not in never
    }
    meetings = plan["meetings"][:]
    rng.shuffle(meetings)
    total = len(meetings)
    by_rule = [m for m in meetings if m[1][0] in never or m[1][1] in never]
    others = [m for m in meetings if m not in set(by_rule)]
    reported = others[: max(0, int(total * 0.15) - len(by_rule))]
    cancelled = others[len(reported) : len(reported) + int(total * 0.05)]
    confirmed = others[len(reported) + len(cancelled) :]
    for person, moment in arrive.items():
        day.at(moment, "check_in", person)
    for meeting_id, pair, slot_id in reported:
        absent = rng.choice(pair)
        present = pair[0] if absent == pair[1] else pair[1]
        day.at(starts[slot_id] - timedelta(minutes=8), "absent", present, meeting_id)
    for index, (meeting_id, pair, slot_id) in enumerate(cancelled):
        start = starts[slot_id]
        earliest = min(
            start - timedelta(minutes=15), max(FIRST_ROUND - timedelta(hours=1), start - timedelta(hours=3))
        )
        moment = earliest + (start - timedelta(minutes=15) - earliest) * rng.random()
        day.at(moment, "cancel" if index % 2 else "decline", rng.choice(pair), meeting_id)
    for meeting_id, pair, slot_id in confirmed:
        day.at(starts[slot_id] + timedelta(minutes=2), "met", rng.choice(pair), meeting_id)
    return {
        "meetings": total,
        "no_show_by_rule": len(by_rule),
        "no_show_reported": len(reported),
        "cancelled": len(cancelled),
        "confirmed": len(confirmed),
        "never_came": len(never),
    }


def _act(day: _Day, action: _Action, answers: list[str]) -> set[int]:
    """Carry out a person's action; the slots someone may have become free in (for the probe)."""
    from matchmaker.db.models import Attendee, Event, FreedSeat, Meeting, RefillOffer
    from matchmaker.services import checkin, day_outcomes, refill
    from matchmaker.services import meetings as meeting_service

    session = day.session
    now = action.at
    person = session.get(Attendee, action.args[0])
    slots: set[int] = set()
    try:
        if action.kind == "check_in":
            checkin.check_in(session, person, now)
        elif action.kind == "look":
            for kind, subject, yes in day.batches[action.args[1]]:
                if kind == "seat":
                    standing = refill.answer_seat(session, person, subject, yes, now)
                    answers.append(f"seat {standing.state}")
                    slots.add(standing.seat.slot_id)
                    continue
                offer = session.get(RefillOffer, subject)
                seat = session.get(FreedSeat, offer.seat_id) if offer is not None else None
                if offer is not None and offer.seeker_id == person.id and seat and seat.consent_at:
                    continue  # they answered for the seat since: their standing yes answers this one
                answer = refill.answer_offer(session, person, subject, yes, now)
                answers.append(answer.state)
                if answer.state == "declined":
                    day.said_no[subject] = answer.offer.side_of(person.id) or "?"
                slots.add(answer.offer.slot_id)
        else:
            meeting = session.get(Meeting, action.args[1])
            slots.add(meeting.slot_id)
            if action.kind == "met":
                day_outcomes.confirm_met(session, person, meeting.id, now)
            elif action.kind == "absent":
                day_outcomes.report_absent(session, person, meeting.id, now)
            elif meeting.status == "scheduled":
                event = session.get(Event, day.event_id)
                if action.kind == "cancel":
                    meeting_service.cancel_meeting(session, event, meeting, now=now)
                else:
                    meeting_service.decline_meeting(session, event, meeting, person.id, now=now)
        session.commit()
    except (day_outcomes.OutcomeError, refill.OfferError, meeting_service.MeetingConflict):
        session.rollback()
    return slots


def _simulate(day: _Day, answers: list[str]) -> tuple[float, int]:
    """Runs the day; returns the seconds spent in ticks and how many reminders a restarted worker,
    running each tick's reminders again at once, sent a second time."""
    from matchmaker.db.models import Event
    from matchmaker.jobs.day_tick import run_tick
    from matchmaker.services import reminders

    moment = FIRST_ROUND - timedelta(minutes=75)  # before the first arrivals and the 08:00 digest
    end = FIRST_ROUND + timedelta(minutes=20 * ROUNDS + 30)
    tick_seconds = 0.0
    resent = 0
    while moment <= end:
        while day.queue and day.queue[0].at < moment + TICK:
            action = heapq.heappop(day.queue)
            slots = _act(day, action, answers)
            day.schedule_answers(action.at)
            if action.kind == "check_in":
                day.probe(action.at, newcomer=action.args[0])
            for slot_id in sorted(slots) or [None]:
                day.probe(action.at, slot_id=slot_id)
        moment += TICK
        began = time.perf_counter()
        run_tick(day.session, moment)
        tick_seconds += time.perf_counter() - began
        event = day.session.get(Event, day.event_id)
        resent += reminders.send_meeting_reminders(day.session, event, moment)
        resent += reminders.send_digests(day.session, event, moment)
        day.session.commit()
        day.ticks.append(moment)
        day.schedule_answers(moment)
        day.probe(moment)  # the tick's own search (seek_again) looked at every seat still without one
    return tick_seconds, resent


def _figures(
    session: Any,
    event_id: int,
    floor: float,
    probed: dict[int, datetime],
    said_no: dict[int, str],
    reasks: Collection[int] = (),
) -> dict[str, Any]:
    from sqlalchemy import func, select, text

    from matchmaker.db.models import (
        Attendee,
        FreedSeat,
        OfferStatus,
        OutboxMail,
        RefillOffer,
        SeatState,
        SentReminder,
    )

    seats = session.scalars(select(FreedSeat).where(FreedSeat.event_id == event_id)).all()
    offers = session.scalars(select(RefillOffer).where(RefillOffer.event_id == event_id)).all()
    eligible = [s for s in seats if s.had_candidate]
    refilled = [s for s in seats if s.state == SeatState.REFILLED]
    waits = [(s.refilled_at - s.freed_at).total_seconds() for s in refilled if s.refilled_at]
    # From when the one left alone could be asked at all: freed, and at the venue.
    arrived = {
        row[0]: row[1]
        for row in session.execute(
            select(Attendee.id, Attendee.checked_in_at).where(Attendee.event_id == event_id)
        )
    }
    askable = [
        (s.refilled_at - max(s.freed_at, arrived.get(s.attendee_id) or s.freed_at)).total_seconds()
        for s in refilled
        if s.refilled_at
    ]
    first_offer: dict[int, datetime] = {}
    for offer in offers:
        first_offer[offer.seat_id] = min(first_offer.get(offer.seat_id, offer.created_at), offer.created_at)
    # From the first offer made for the seat (the moment an eligible partner could be asked at all).
    offered = [
        (s.refilled_at - first_offer[s.id]).total_seconds()
        for s in refilled
        if s.refilled_at and s.id in first_offer
    ]
    late_first = sum(
        1 for s in refilled if s.id in first_offer and (first_offer[s.id] - s.freed_at).total_seconds() > 60
    )
    # When an eligible partner first existed: the benchmark's probe, or an offer made for the seat, or
    # an offer made to its person about the slot (as someone else's candidate) after it was freed.
    eligible_at = dict(probed)
    for s in seats:
        for offer in offers:
            if offer.created_at < s.freed_at or offer.slot_id != s.slot_id:
                continue
            if offer.seat_id == s.id or offer.candidate_id == s.attendee_id:
                eligible_at[s.id] = min(eligible_at.get(s.id, offer.created_at), offer.created_at)
    from_eligible = [
        (s.refilled_at - max(s.freed_at, eligible_at[s.id])).total_seconds()
        for s in refilled
        if s.refilled_at and s.id in eligible_at
    ]
    late_eligible = sum(
        1 for s in refilled if s.id in eligible_at and (eligible_at[s.id] - s.freed_at).total_seconds() > 60
    )
    tail = _tail_breakdown(refilled, offers, eligible_at, said_no, arrived)
    # Partners asked again for a seat: how those offers ended, and how many had said yes before.
    yes_before = {(o.seat_id, o.candidate_id) for o in offers if o.candidate_yes_at and o.id not in reasks}
    again = [o for o in offers if o.id in reasks]
    reask_states = {status.value: sum(1 for o in again if o.status == status) for status in OfferStatus}
    reask_states = {key: value for key, value in reask_states.items() if value}
    reask_yes_before = sum(1 for o in again if (o.seat_id, o.candidate_id) in yes_before)
    engine_per_offer = [o.engine_ms for o in offers]
    per_seat: dict[int, float] = {}
    for offer in offers:
        per_seat[offer.seat_id] = per_seat.get(offer.seat_id, 0.0) + offer.engine_ms
    engine_per_refill = [per_seat.get(s.id, 0.0) for s in refilled]
    booked = [o for o in offers if o.status == OfferStatus.BOOKED]
    people_twice = session.scalar(
        text(
            "SELECT count(*) FROM (SELECT p.attendee_id, p.slot_id FROM meeting_participants p "
            "JOIN meetings m ON m.id = p.meeting_id WHERE m.event_id = :e AND m.status IN ('scheduled','held') "  # noqa: E501
            "GROUP BY p.attendee_id, p.slot_id HAVING count(*) > 1) x"
        ),
        {"e": event_id},
    )
    tables_twice = session.scalar(
        text(
            "SELECT count(*) FROM (SELECT slot_id, table_id FROM meetings WHERE event_id = :e "
            "AND status IN ('scheduled','held') GROUP BY slot_id, table_id HAVING count(*) > 1) x"
        ),
        {"e": event_id},
    )
    reminder_rows = session.scalar(
        select(func.count())
        .select_from(SentReminder)
        .where(SentReminder.event_id == event_id, SentReminder.kind == "meeting")
    )
    digest_rows = session.scalar(
        select(func.count())
        .select_from(SentReminder)
        .where(SentReminder.event_id == event_id, SentReminder.kind == "digest")
    )
    reminder_mails = session.scalar(
        select(func.count())
        .select_from(OutboxMail)
        .where(OutboxMail.event_id == event_id, OutboxMail.kind == "reminder")
    )
    digest_mails = session.scalar(
        select(func.count())
        .select_from(OutboxMail)
        .where(OutboxMail.event_id == event_id, OutboxMail.kind == "digest")
    )
    duplicates = session.scalar(
        text(
            "SELECT count(*) FROM (SELECT to_address, subject FROM outbox_mails WHERE event_id = :e AND "
            "kind IN ('reminder', 'digest') GROUP BY to_address, subject HAVING count(*) > 1) x"
        ),
        {"e": event_id},
    )
    return {
        "by_reason": {
            r: sum(1 for x in seats if x.reason == r) for r in ("no_show", "cancelled", "declined")
        },
        "refill_no_shows": int(
            session.scalar(
                text(
                    "SELECT count(*) FROM meetings m JOIN refill_offers o ON o.meeting_id = m.id "
                    "WHERE m.event_id = :e AND m.status = 'no_show'"
                ),
                {"e": event_id},
            )
            or 0
        ),
        "seats": len(seats),
        "eligible": len(eligible),
        "refilled": len(refilled),
        "refilled_without_eligible": len([s for s in refilled if not s.had_candidate]),
        "waits": waits,
        "askable": askable,
        "offered": offered,
        "late_first": late_first,
        "from_eligible": from_eligible,
        "late_eligible": late_eligible,
        "eligible_ever": len(eligible_at),
        "refilled_unprobed": sum(1 for s in refilled if s.id not in eligible_at),
        "as_candidate": len([s for s in refilled if s.id not in first_offer]),
        "offers": len(offers),
        "reasks": len(again),
        "reask_states": reask_states,
        "reask_yes_before": reask_yes_before,
        "tail": tail,
        "booked": len(booked),
        "offer_states": {
            status.value: sum(1 for o in offers if o.status == status) for status in OfferStatus
        },
        "engine_per_offer": engine_per_offer,
        "engine_per_refill": engine_per_refill,
        "below_floor": sum(1 for o in booked if o.score < floor),
        "people_twice": int(people_twice or 0),
        "tables_twice": int(tables_twice or 0),
        "reminder_rows": int(reminder_rows or 0),
        "reminder_mails": int(reminder_mails or 0),
        "digest_rows": int(digest_rows or 0),
        "digest_mails": int(digest_mails or 0),
        "duplicate_mails": int(duplicates or 0),
    }


def _open_time(spans: list[tuple[datetime, datetime]], start: datetime, end: datetime) -> float:
    """Seconds of [start, end) covered by at least one of ``spans``."""
    covered = 0.0
    cursor = start
    for a, b in sorted(spans):
        a, b = max(a, cursor), min(b, end)
        if b > a:
            covered += (b - a).total_seconds()
            cursor = b
    return covered


def _tail_breakdown(
    refilled: list[Any],
    offers: list[Any],
    eligible_at: dict[int, datetime],
    said_no: dict[int, str],
    checked_in: dict[int, datetime | None],
) -> dict[str, Any]:
    """Where the time from freeing to booking goes, for every refilled seat, cut into consecutive parts:

    - ``no_partner``: freed -> an eligible partner first existed (the probe, or the first offer);
    - ``earlier_offers``: then until the booking offer was made, while some offer of the seat was open
      (offers that did not book: declined, unanswered, withdrawn);
    - ``seeker_away``: the same stretch with no offer of the seat open, before its person checked in
      (past the no-show deadline they can't be asked before arriving);
    - ``asked_out``: the rest of that stretch: the partners there were have been asked (they said no,
      stayed silent or were booked elsewhere) and the seat waits for another eligible one;
    - ``first_answer``: the booking offer made -> the first of its two yeses;
    - ``waiting_seeker`` / ``waiting_candidate``: first yes -> the second, by whose yes came last.

    Returned per part: the seconds of every seat (same order as ``refilled``), and, for the seats'
    earlier offers, how they closed (the side that said no or stayed silent)."""
    by_seat: dict[int, list[Any]] = {}
    booking: dict[tuple[int, int], Any] = {}
    for offer in offers:
        by_seat.setdefault(offer.seat_id, []).append(offer)
        if offer.status == "booked":
            booking[(offer.slot_id, offer.seeker_id)] = offer
            booking[(offer.slot_id, offer.candidate_id)] = offer
    parts: dict[str, list[float]] = {
        key: []
        for key in (
            "total",
            "no_partner",
            "earlier_offers",
            "seeker_away",
            "asked_out",
            "first_answer",
            "waiting_seeker",
            "waiting_candidate",
        )
    }
    outcomes: list[dict[str, int]] = []
    for seat in refilled:
        booked = booking.get((seat.slot_id, seat.attendee_id))
        if booked is None or seat.refilled_at is None:
            continue
        freed, done = seat.freed_at, seat.refilled_at
        found = min(max(eligible_at.get(seat.id, booked.created_at), freed), booked.created_at)
        own = [o for o in by_seat.get(seat.id, []) if o.id != booked.id and o.created_at < booked.created_at]
        spans = [(o.created_at, o.closed_at or booked.created_at) for o in own]
        covered = _open_time(spans, found, booked.created_at)
        arrived = checked_in.get(seat.attendee_id) or booked.created_at
        away_until = min(max(arrived, found), booked.created_at)
        away = (away_until - found).total_seconds() - _open_time(spans, found, away_until)
        # A standing yes was given before the offer was made: it counts from the offer.
        seeker_yes = max(booked.seeker_yes_at, booked.created_at) if booked.seeker_yes_at else None
        yes = [t for t in (seeker_yes, booked.candidate_yes_at) if t is not None]
        first = min(yes) if yes else done
        last_is_seeker = (
            seeker_yes is not None
            and booked.candidate_yes_at is not None
            and seeker_yes > booked.candidate_yes_at
        )
        # Which side of the booking offer is this seat's person does not matter: the parts are the pair's.
        parts["total"].append((done - freed).total_seconds())
        parts["no_partner"].append((found - freed).total_seconds())
        parts["earlier_offers"].append(covered)
        parts["seeker_away"].append(away)
        parts["asked_out"].append((booked.created_at - found).total_seconds() - covered - away)
        parts["first_answer"].append((first - booked.created_at).total_seconds())
        parts["waiting_seeker"].append((done - first).total_seconds() if last_is_seeker else 0.0)
        parts["waiting_candidate"].append(0.0 if last_is_seeker else (done - first).total_seconds())
        closed = {
            "seeker_no": 0,
            "candidate_no": 0,
            "seeker_silent": 0,
            "candidate_silent": 0,
            "both_silent": 0,
            "withdrawn": 0,
            "other": 0,
        }
        for o in own:
            if o.status == "declined":
                closed["seeker_no" if said_no.get(o.id) == "seeker" else "candidate_no"] += 1
            elif o.status == "expired":
                if o.seeker_yes_at is None and o.candidate_yes_at is None:
                    closed["both_silent"] += 1
                elif o.seeker_yes_at is None:
                    closed["seeker_silent"] += 1
                else:
                    closed["candidate_silent"] += 1
            elif o.status == "withdrawn":
                closed["withdrawn"] += 1
            else:
                closed["other"] += 1
        outcomes.append(closed)
    return {"parts": parts, "outcomes": outcomes}


def _tail_lines(tail: dict[str, Any], share: float) -> list[str]:
    """The breakdown of the seats at or above the ``share`` percentile of freed -> booked."""
    parts: dict[str, list[float]] = tail["parts"]
    total = parts["total"]
    if not total:
        return []
    threshold = _percentile(total, share)
    chosen = [i for i, value in enumerate(total) if value >= threshold]
    lines = [
        f"  where the time goes, the {len(chosen)} refills at or above the p{share * 100:.0f} "
        f"({threshold / 60:.1f} min), mean min per seat (and share of their time):"
    ]
    whole = sum(total[i] for i in chosen) or 1.0
    for key in list(parts)[1:]:
        spent = sum(parts[key][i] for i in chosen)
        lines.append(f"    {key}: {spent / len(chosen) / 60:.2f} min ({spent / whole:.0%})")
    closed: dict[str, int] = {}
    for i in chosen:
        for key, count in tail["outcomes"][i].items():
            closed[key] = closed.get(key, 0) + count
    lines.append(f"    their earlier offers closed as: {closed}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--attendees", type=int, default=2000)
    parser.add_argument("--server", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument(
        "--offer-minutes",
        type=int,
        default=None,
        help="how long an offer stays open (default: a new event's setting)",
    )
    parser.add_argument(
        "--fan-out",
        type=int,
        default=None,
        help="candidates a freed seat asks at once (the event's setting; default: a new event's)",
    )
    parser.add_argument(
        "--no-seat-question",
        action="store_true",
        help='nobody answers their freed seat\'s "find me another partner" (each offer needs both yeses, '
        "as before that question existed)",
    )
    parser.add_argument(
        "--no-reask",
        action="store_true",
        help="never ask a partner again for the same seat (the behaviour before asking again after "
        "silence; the product's refill.ASKS_PER_PARTNER set to 1 for this run)",
    )
    parser.add_argument(
        "--reask-silence",
        type=float,
        default=REASK_SILENCE,
        help="share of re-asks a partner silent on the seat's earlier offer leaves unanswered again "
        f"(the model's assumption; default {REASK_SILENCE}; a fresh offer: {SILENCE})",
    )
    parser.add_argument(
        "--paired-answers",
        action="store_true",
        help="draw each answer from a generator of its own, keyed by the question and who answers, so "
        "that runs of one seed with and without a change answer the same questions alike (common random "
        "numbers; the default draws every answer from the run's one generator, as before)",
    )
    args = parser.parse_args()

    import logging

    from matchmaker.db import migrate
    from matchmaker.db.engine import make_engine, make_session_factory
    from matchmaker.services import refill

    logging.getLogger("matchmaker.services.mail").setLevel(logging.WARNING)
    if args.no_reask:
        refill.ASKS_PER_PARTNER = 1
    rng = random.Random(args.seed)
    with scratch_database(args.server, "bench_day", fast_commits=True) as url:
        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            with make_session_factory(engine)() as session:
                began = time.perf_counter()
                event_id, plan = _build(session, args.attendees, rng, args.offer_minutes, args.fan_out)
                built = time.perf_counter() - began
                day = _Day(session, event_id, rng)
                day.partners = plan["partners"]
                day.seat_question = not args.no_seat_question
                day.reask_silence = args.reask_silence
                day.answer_seed = args.seed if args.paired_answers else None
                counts = _plan_the_day(day, plan, rng)
                answers: list[str] = []
                began = time.perf_counter()
                tick_seconds, resent = _simulate(day, answers)
                simulated = time.perf_counter() - began
                figures = _figures(
                    session, event_id, plan["floor"], day.eligible_at, day.said_no, set(day.reasks)
                )
        finally:
            engine.dispose()

    f = figures
    share = f["refilled"] / f["eligible"] if f["eligible"] else float("nan")
    answered = dict(sorted({a: answers.count(a) for a in set(answers)}.items()))
    print(f"bench_day: {machine_line()}")
    print(
        f"fair: {args.attendees} attendees, {ROUNDS} rounds, {counts['meetings']} published meetings "
        f"(built in {built:.1f} s)"
    )
    print(
        f"day: {counts['no_show_by_rule']} no-shows by the rule ({counts['never_came']} people never "
        f"came), {counts['no_show_reported']} reported absent, {counts['cancelled']} cancelled/declined, "
        f"{counts['confirmed']} confirmed; simulated in {simulated:.1f} s wall "
        f"({tick_seconds:.1f} s in ticks)"
    )
    print(
        f"freed seats: {f['seats']} {f['by_reason']} (refills that became no-shows: "
        f"{f['refill_no_shows']}); with an eligible partner: {f['eligible']}; refilled: {f['refilled']} "
        f"= {share:.1%} of those with one (goal >= 50%; baseline without refill: 0%)"
    )
    print(
        f"refill: {plan['fan_out']} candidate(s) asked at once per freed seat, offers open "
        f"{plan['offer_minutes']} min, the tick every {TICK.total_seconds():.0f} s (simulated)"
    )
    print(
        f"response model: each person looks at their phone {ANSWER_DELAY_SECONDS[0]:.0f}-"
        f"{ANSWER_DELAY_SECONDS[1]:.0f} s (uniform) after an offer reaches them and answers everything "
        f"waiting; the one left alone says yes to a partner 90%, the one asked 75%; 10% of offers are "
        f"never answered by a side; the {counts['never_came']} who never came answer nothing; "
        + (
            'the one left alone answers their seat\'s "find me another partner" like an offer (10% '
            "never, yes 90%, a no keeps the slot free) and, once yes, no longer answers its offers"
            if day.seat_question
            else 'nobody answers the seat\'s "find me another partner" (--no-seat-question)'
        )
    )
    print(f"offers: {f['offers']} {f['offer_states']}; answers {answered}")
    if day.answer_seed is not None:
        print("answers: paired (each drawn from its own generator keyed by the question and who answers)")
    print(
        f"asked again for the same seat (silence is not a no; up to {refill.ASKS_PER_PARTNER} offers per "
        f"partner per seat, after a cool-down of the offer's minutes): {f['reasks']} offers "
        f"{f['reask_states']}, {f['reask_yes_before']} to partners who had said yes before; model: a "
        f"partner silent on the seat's earlier offer is silent again {day.reask_silence:.0%} (a fresh "
        f"offer {SILENCE:.0%}), answers otherwise as anyone"
    )
    print(
        f"slot freed -> refill booked (simulated): median {_median(f['waits']) / 60:.2f} min, "
        f"p95 {_percentile(f['waits'], 0.95) / 60:.2f} min (goal <= 2 min)"
    )
    print(
        f"  from when an eligible partner first existed (probed after every action and tick): median "
        f"{_median(f['from_eligible']) / 60:.2f} min, p95 {_percentile(f['from_eligible'], 0.95) / 60:.2f} "
        f"min (goal <= 2 min) over {len(f['from_eligible'])} refills; {f['late_eligible']} refilled seats "
        f"had no eligible partner for over a minute after freeing; {f['eligible_ever']} seats ever had one "
        f"({f['refilled_unprobed']} refilled without one seen); probing took {day.probe_seconds:.1f} s"
    )
    for line in _tail_lines(f["tail"], 0.95) + _tail_lines(f["tail"], 0.75):
        print(line)
    print(
        f"  from when the one left alone was at the venue: median {_median(f['askable']) / 60:.2f} min, "
        f"p95 {_percentile(f['askable'], 0.95) / 60:.2f} min"
    )
    print(
        f"  from the seat's first offer (an eligible partner could be asked): median "
        f"{_median(f['offered']) / 60:.2f} min, p95 {_percentile(f['offered'], 0.95) / 60:.2f} min; "
        f"{f['late_first']} refilled seats had their first offer over a minute after freeing (nobody "
        f"eligible yet), {f['as_candidate']} were refilled as someone else's candidate"
    )
    print(
        f"engine per offer: median {_median(f['engine_per_offer']):.1f} ms, "
        f"p95 {_percentile(f['engine_per_offer'], 0.95):.1f} ms, "
        f"max {max(f['engine_per_offer'], default=float('nan')):.1f} ms; per refill (all its offers): "
        f"median {_median(f['engine_per_refill']):.1f} ms, "
        f"p95 {_percentile(f['engine_per_refill'], 0.95):.1f} ms (goal <= 200 ms)"
    )
    print(
        f"double bookings: {f['people_twice']} people, {f['tables_twice']} tables (goal 0); "
        f"refills below the floor: {f['below_floor']} (goal 0)"
    )
    print(
        f"reminders: {f['reminder_mails']} mails for {f['reminder_rows']} claims, digests "
        f"{f['digest_mails']} for {f['digest_rows']}; duplicate mails: {f['duplicate_mails']}; each of the "
        f"{len(day.ticks)} ticks' reminders run again at once (a restarted worker) sent {resent} more"
    )
    print(f"peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
