from __future__ import annotations

import dataclasses

import pytest

from matchmaker.core.scheduling import (
    Attendee,
    CandidateMeeting,
    FixedPlacement,
    Problem,
    ProblemError,
    Slot,
    Table,
    validate_problem,
)


def _problem(**changes: object) -> Problem:
    base = Problem(
        slots=(Slot("s1", "d1"), Slot("s2", "d1"), Slot("s3", "d2")),
        tables=(Table("T1"),),
        attendees=(Attendee("p1"), Attendee("p2"), Attendee("p3")),
        meetings=(CandidateMeeting("p1", "p2"),),
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_validate_problem_accepts_a_well_formed_problem() -> None:
    validate_problem(_problem())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"meetings": (CandidateMeeting("p1", "p9"),)}, "meeting #1 (p1-p9): unknown attendee 'p9'"),
        (
            {"meetings": (CandidateMeeting("p1", "p1"),)},
            "meeting #1 (p1-p1): an attendee cannot meet themself",
        ),
        ({"attendees": (Attendee("p1"), Attendee("p1"))}, "duplicate attendee id 'p1'"),
        ({"slots": (Slot("s1"), Slot("s1"))}, "duplicate slot id 's1'"),
        ({"tables": (Table("T1"), Table("T1"))}, "duplicate table id 'T1'"),
        (
            {"meetings": (CandidateMeeting("p1", "p2"), CandidateMeeting("p2", "p1"))},
            "meeting #2 (p2-p1): duplicate meeting of the same pair",
        ),
        (
            {"meetings": (CandidateMeeting("p1", "p2", allowed_slots=frozenset({"s9"})),)},
            "meeting #1 (p1-p2): unknown slot 's9'",
        ),
        (
            {
                "meetings": (
                    CandidateMeeting("p1", "p2", allowed_slots=frozenset({"s1"}), fixed=FixedPlacement("s2")),
                )
            },
            "meeting #1 (p1-p2): fixed slot 's2' is outside its allowed slots",
        ),
        (
            {"meetings": (CandidateMeeting("p1", "p2", fixed=FixedPlacement("s1", "T9")),)},
            "meeting #1 (p1-p2): unknown fixed table 'T9'",
        ),
        (
            {"attendees": (Attendee("p1", unavailable=frozenset({"x"})),)},
            "attendee 'p1': unknown unavailable",
        ),
        ({"slots": (Slot("s1", "d1"), Slot("s2", "d2"), Slot("s3", "d1"))}, "slots of day 'd1' are not"),
    ],
)
def test_validate_problem_names_the_bad_entry(changes: dict[str, object], message: str) -> None:
    with pytest.raises(ProblemError, match=message.replace("(", r"\(").replace(")", r"\)")):
        validate_problem(_problem(**changes))
