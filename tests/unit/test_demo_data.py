"""The committed demo event in data/demo: reproducible, complete and shaped like a real trade fair."""

from __future__ import annotations

import csv
import itertools
import json
import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from matchmaker.core.intents import INTENTS
from matchmaker.demo.generate import CSV_COLUMNS, allocate, write_demo
from matchmaker.demo.people import slugify, to_ascii
from matchmaker.demo.phrases import TEXTS
from matchmaker.demo.profiles import ARCHETYPES
from matchmaker.formats.attendee_csv import read_attendee_csv

DEMO_DIR = Path(__file__).resolve().parents[2] / "data" / "demo"
TARGET_LANGUAGE_SHARES = {"en": 0.5, "pl": 0.3, "ru": 0.2}


@pytest.fixture(scope="module")
def event() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DEMO_DIR / "event.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with (DEMO_DIR / "attendees.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _items(cell: str) -> list[str]:
    return cell.split(";") if cell else []


# Which language and role each offer or seek phrase belongs to.
_PHRASE_ORIGIN = {
    phrase: (language, key)
    for language, texts in TEXTS.items()
    for key, text in texts.items()
    for phrase in (*text.offers, *text.seeks)
}


def _profile_languages(row: dict[str, str]) -> set[str]:
    """The languages of the phrase banks the row's offers and seeks come from."""
    return {_PHRASE_ORIGIN[phrase][0] for phrase in _items(row["offers"]) + _items(row["seeks"])}


def _roles(row: dict[str, str]) -> set[str]:
    return {_PHRASE_ORIGIN[phrase][1] for phrase in _items(row["offers"]) + _items(row["seeks"])}


def test_demo_files_regenerate_byte_identical(tmp_path: Path) -> None:
    write_demo(tmp_path)

    for name in ("event.json", "attendees.csv"):
        assert (tmp_path / name).read_bytes() == (DEMO_DIR / name).read_bytes(), f"{name} is stale"


def test_demo_attendees_header_is_the_agreed_format() -> None:
    header = (DEMO_DIR / "attendees.csv").read_text(encoding="utf-8").splitlines()[0]

    assert (
        header == "id,name,email,company,job_title,sector,country,languages,offers,seeks,interests,"
        "intents,unavailable,max_meetings"
    )
    assert header.split(",") == list(CSV_COLUMNS)


def test_demo_attendees_read_cleanly_with_the_attendee_csv_reader() -> None:
    result = read_attendee_csv(DEMO_DIR / "attendees.csv")

    assert (len(result.records), result.warnings) == (300, ())


def test_demo_has_300_attendees(rows: list[dict[str, str]]) -> None:
    assert len(rows) == 300


def test_demo_attendee_ids_and_emails_are_unique(rows: list[dict[str, str]]) -> None:
    ids = [row["id"] for row in rows]
    emails = [row["email"] for row in rows]

    assert ids == [f"a{n:03d}" for n in range(1, len(rows) + 1)]
    assert len(set(emails)) == len(emails)


def test_demo_emails_are_ascii_on_the_reserved_example_domain(rows: list[dict[str, str]]) -> None:
    bad = [row["email"] for row in rows if not re.fullmatch(r"[a-z0-9.-]+@[a-z0-9-]+\.example", row["email"])]

    assert bad == []


def test_demo_profile_text_is_written_in_one_language(rows: list[dict[str, str]]) -> None:
    mixed = [row["id"] for row in rows if len(_profile_languages(row)) != 1]

    assert mixed == []


def test_demo_profile_languages_split_half_english_third_polish_fifth_russian(
    rows: list[dict[str, str]],
) -> None:
    counts = Counter(language for row in rows for language in _profile_languages(row))

    shares = {language: counts[language] / len(rows) for language in TARGET_LANGUAGE_SHARES}

    assert shares == pytest.approx(TARGET_LANGUAGE_SHARES, abs=0.03)


def test_demo_names_are_written_in_the_profile_language_script(rows: list[dict[str, str]]) -> None:
    cyrillic = re.compile(r"[\u0400-\u04ff]")
    mismatched = [
        row["name"]
        for row in rows
        if bool(cyrillic.search(row["name"])) != (_profile_languages(row) == {"ru"})
    ]

    assert mismatched == []


def test_demo_every_attendee_has_offers_and_seeks(rows: list[dict[str, str]]) -> None:
    empty = [row["id"] for row in rows if not _items(row["offers"]) or not _items(row["seeks"])]

    assert empty == []


def test_demo_every_role_has_a_competitor(rows: list[dict[str, str]]) -> None:
    per_role = Counter(role for row in rows for role in _roles(row))

    assert all(len(_roles(row)) == 1 for row in rows)
    assert sorted(role for role, count in per_role.items() if count >= 2) == sorted(a.key for a in ARCHETYPES)


def test_demo_competitors_never_share_a_word_for_word_profile(rows: list[dict[str, str]]) -> None:
    profiles = Counter((frozenset(_items(row["offers"])), frozenset(_items(row["seeks"]))) for row in rows)

    assert [count for count in profiles.values() if count > 1] == []


def test_demo_codes_are_well_formed(rows: list[dict[str, str]]) -> None:
    bad_countries = [row["country"] for row in rows if not re.fullmatch(r"[A-Z]{2}", row["country"])]
    bad_languages = [
        code for row in rows for code in _items(row["languages"]) if not re.fullmatch("[a-z]{2}", code)
    ]
    unknown_intents = [code for row in rows for code in _items(row["intents"]) if code not in INTENTS]

    assert (bad_countries, bad_languages, unknown_intents) == ([], [], [])


def test_demo_interests_come_from_the_event_list(rows: list[dict[str, str]], event: dict[str, Any]) -> None:
    tags = {interest["tag"] for interest in event["interests"]}

    unknown = [tag for row in rows for tag in _items(row["interests"]) if tag not in tags]

    assert unknown == []
    assert all(_items(row["interests"]) for row in rows)


def test_demo_unavailable_slots_exist_in_the_event(rows: list[dict[str, str]], event: dict[str, Any]) -> None:
    slot_ids = {slot["id"] for slot in event["slots"]}

    unknown = [slot for row in rows for slot in _items(row["unavailable"]) if slot not in slot_ids]

    assert unknown == []


def test_demo_about_15_percent_have_unavailable_slots(rows: list[dict[str, str]]) -> None:
    share = sum(1 for row in rows if row["unavailable"]) / len(rows)

    assert 0.10 <= share <= 0.20


def test_demo_max_meetings_is_empty_or_between_5_and_10(rows: list[dict[str, str]]) -> None:
    limits = [int(row["max_meetings"]) for row in rows if row["max_meetings"]]

    assert [limit for limit in limits if not 5 <= limit <= 10] == []
    assert limits, "some attendees should cap their meetings"


def test_demo_every_sector_has_competitors(rows: list[dict[str, str]]) -> None:
    per_sector = Counter(row["sector"] for row in rows)

    assert 15 <= len(per_sector) <= 20
    assert min(per_sector.values()) >= 3


def test_demo_event_has_two_days_of_16_slots(event: dict[str, Any]) -> None:
    per_day = Counter(slot["id"].split("-")[0] for slot in event["slots"])

    assert per_day == {"d1": 16, "d2": 16}
    assert [slot["start"][:10] for slot in event["slots"][::16]] == [event["start_date"], event["end_date"]]


def test_demo_slots_last_20_minutes_in_time_order_without_overlap(event: dict[str, Any]) -> None:
    slots = [(datetime.fromisoformat(s["start"]), datetime.fromisoformat(s["end"])) for s in event["slots"]]

    assert {end - start for start, end in slots} == {timedelta(minutes=event["meeting_minutes"])}
    assert all(earlier[1] <= later[0] for earlier, later in itertools.pairwise(slots))
    assert [s["id"] for s in event["slots"]] == sorted(s["id"] for s in event["slots"])


def test_demo_day_has_a_coffee_break_and_a_lunch_break(event: dict[str, Any]) -> None:
    first_day = [s for s in event["slots"] if s["id"].startswith("d1-")]

    gaps = [b["start"][11:16] for a, b in itertools.pairwise(first_day) if a["end"] != b["start"]]

    assert gaps == ["11:00", "13:40"]


def test_demo_event_has_40_tables_over_several_zones(event: dict[str, Any]) -> None:
    names = [table["name"] for table in event["tables"]]

    assert names == [f"T{n:02d}" for n in range(1, 41)]
    assert len({table["zone"] for table in event["tables"]}) in (2, 3)


def test_phrase_banks_cover_every_role_in_every_language() -> None:
    keys = [archetype.key for archetype in ARCHETYPES]

    assert {language: sorted(texts) for language, texts in TEXTS.items()} == {
        language: sorted(keys) for language in ("en", "pl", "ru")
    }


def test_phrase_banks_never_use_the_csv_list_separator() -> None:
    phrases = [
        phrase
        for texts in TEXTS.values()
        for text in texts.values()
        for phrase in (*text.offers, *text.seeks, *text.job_titles, *text.companies)
    ]

    assert [phrase for phrase in phrases if ";" in phrase] == []


def test_allocate_splits_in_proportion_and_keeps_the_total() -> None:
    assert allocate(300, [50, 30, 20]) == [150, 90, 60]
    assert allocate(10, [1, 1, 1]) == [4, 3, 3]


def test_slugify_folds_polish_and_cyrillic_to_ascii() -> None:
    assert slugify("Łódź Wisła Sp. z o.o.") == "lodz-wisla-sp-z-o-o"
    assert to_ascii("Асель Шёлковый путь") == "asel shelkovyy put"
