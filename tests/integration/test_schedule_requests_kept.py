"""An accepted request is a meeting both people asked for: the schedule places it (or says why not),
whatever either of them had hidden from their recommendations before."""

from __future__ import annotations

from sqlalchemy.orm import Session

from matchmaker.services import requests as service
from matchmaker.services.dismissals import dismiss
from matchmaker.services.schedule_problem import build_problem
from tests.integration.attendee_support import attendee_with_link, event_with_interests


def _help_link(_attendee: object) -> str:
    return "http://fair.test/lost-link"


def test_an_accepted_request_is_scheduled_though_one_side_had_dismissed_the_other(
    db_session: Session,
) -> None:
    # Anna hid Boris from her recommendations; later Boris asked her, and she accepted.
    event = event_with_interests(db_session)
    anna, _ = attendee_with_link(db_session, event, name="Anna")
    boris, _ = attendee_with_link(db_session, event, name="Boris")
    assert dismiss(db_session, anna, boris.id)
    request = service.send_request(db_session, boris, anna.id, "Coffee?", _help_link).request
    service.accept(db_session, anna, request.id, _help_link)

    built = build_problem(db_session, event)

    pairs = {frozenset((m.a, m.b)): m for m in built.problem.meetings}
    meeting = pairs.get(frozenset((str(anna.id), str(boris.id))))
    assert meeting is not None, "the accepted request vanished from the schedule, unreported"
    assert meeting.required
