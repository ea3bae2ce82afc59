from __future__ import annotations

from datetime import UTC, datetime

from icalendar import Calendar

from matchmaker.services.agenda import CalendarEntry, write_calendar

NOW = datetime(2027, 5, 1, 12, 0, tzinfo=UTC)


def _entry(uid: str = "meeting-1-event-1@fair.test", **values: object) -> CalendarEntry:
    defaults: dict[str, object] = {
        "uid": uid,
        "start": datetime(2027, 5, 18, 7, 0, tzinfo=UTC),
        "end": datetime(2027, 5, 18, 7, 20, tzinfo=UTC),
        "summary": "Meeting with Boris Petrov (Roastery) — kawa, кофе",
        "location": "Table T01, EXPO XXI, Warsaw",
        "description": "Head of purchasing\nboris@example.test",
        "cancelled": False,
        "sequence": 0,
        "last_modified": NOW,
    }
    return CalendarEntry(**(defaults | values))  # type: ignore[arg-type]


def test_ics_times_are_in_the_event_time_zone_with_its_definition() -> None:
    raw = write_calendar([_entry()], "Europe/Warsaw", "Meetings", NOW)

    calendar = Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "Europe/Warsaw"
    assert event["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert event.decoded("DTSTART").replace(tzinfo=None) == datetime(2027, 5, 18, 9, 0)
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2027, 5, 18, 7, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2027, 5, 18, 7, 20, tzinfo=UTC)


def test_ics_is_rfc5545_shaped_crlf_lines_folded_and_required_properties() -> None:
    long_description = "Notes: " + "a long line of text " * 10
    raw = write_calendar([_entry(description=long_description)], "Europe/Warsaw", "Meetings", NOW)

    lines = raw.split(b"\r\n")
    assert raw.endswith(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert lines[0] == b"BEGIN:VCALENDAR"
    calendar = Calendar.from_ical(raw)
    assert str(calendar["VERSION"]) == "2.0"
    assert "PRODID" in calendar
    [event] = calendar.walk("VEVENT")
    for required in ("UID", "DTSTAMP", "DTSTART"):
        assert required in event
    assert str(event["DESCRIPTION"]) == long_description


def test_ics_uid_is_stable_between_downloads_so_calendars_update() -> None:
    first = Calendar.from_ical(write_calendar([_entry()], "Europe/Warsaw", "Meetings", NOW))
    later = Calendar.from_ical(
        write_calendar(
            [_entry(sequence=5, location="Table T09")],
            "Europe/Warsaw",
            "Meetings",
            datetime(2027, 5, 2, tzinfo=UTC),
        )
    )

    [before] = first.walk("VEVENT")
    [after] = later.walk("VEVENT")
    assert str(before["UID"]) == str(after["UID"])
    assert int(str(after["SEQUENCE"])) > int(str(before["SEQUENCE"]))
    assert str(after["LOCATION"]) == "Table T09"


def test_ics_marks_cancelled_meetings_cancelled() -> None:
    raw = write_calendar([_entry(cancelled=True)], "Europe/Warsaw", "Meetings", NOW)

    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED"


def test_ics_keeps_non_latin_text() -> None:
    raw = write_calendar([_entry()], "Europe/Warsaw", "Встречи", NOW)

    calendar = Calendar.from_ical(raw)
    [event] = calendar.walk("VEVENT")
    assert "кофе" in str(event["SUMMARY"])
    assert str(calendar["X-WR-CALNAME"]) == "Встречи"


def test_ics_with_no_meetings_is_still_a_valid_calendar() -> None:
    calendar = Calendar.from_ical(write_calendar([], "Europe/Warsaw", "Meetings", NOW))

    assert calendar.walk("VEVENT") == []
