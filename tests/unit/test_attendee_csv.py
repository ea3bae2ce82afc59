from __future__ import annotations

import io
from pathlib import Path

import pytest

from matchmaker.formats.attendee_csv import (
    AttendeeCsvError,
    AttendeeRecord,
    read_attendee_csv,
    write_attendee_csv,
)

HEADER = "id,name,offers,seeks"


def read(text: str) -> list[AttendeeRecord]:
    return list(read_attendee_csv(io.StringIO(text)).records)


def error_of(text: str | bytes, tmp_path: Path) -> AttendeeCsvError:
    path = tmp_path / "a.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    with pytest.raises(AttendeeCsvError) as caught:
        read_attendee_csv(path)
    return caught.value


def test_read_full_row_splits_lists_and_parses_numbers(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "\ufeffid,name,email,company,job_title,sector,country,languages,offers,seeks,interests,intents,"
        "unavailable,max_meetings\n"
        'a1,Anna Nowak,anna@x.pl,Karton,CEO,packaging,PL,PL; en,"Kartony, pudełka",Klienci,'
        "e-commerce;;eco ,find_clients;find_partners,d1-0900;d1-0930,8\n",
        encoding="utf-8",
    )

    (record,) = read_attendee_csv(path).records

    assert record == AttendeeRecord(
        id="a1",
        name="Anna Nowak",
        email="anna@x.pl",
        company="Karton",
        job_title="CEO",
        sector="packaging",
        country="PL",
        languages=("pl", "en"),
        offers="Kartony, pudełka",
        seeks="Klienci",
        interests=("e-commerce", "eco"),
        intents=("find_clients", "find_partners"),
        unavailable=("d1-0900", "d1-0930"),
        max_meetings=8,
    )


def test_read_only_required_columns_and_blank_lines() -> None:
    records = read(f"{HEADER}\n\n1,Ann,cups,\n2,Bob,,coffee\n")

    assert [(r.id, r.offers, r.seeks, r.max_meetings) for r in records] == [
        ("1", "cups", "", None),
        ("2", "", "coffee", None),
    ]


def test_read_unknown_column_is_a_warning() -> None:
    result = read_attendee_csv(io.StringIO(f"{HEADER},shoe_size\n1,Ann,cups,coffee,42\n"))

    assert result.warnings == ('line 1: unknown column "shoe_size" is ignored',)
    assert len(result.records) == 1


def test_read_multiline_cell_keeps_line_numbers(tmp_path: Path) -> None:
    error = error_of(f'{HEADER}\n1,Ann,"cups\nand lids",coffee\n2,Bob,,\n', tmp_path)

    assert str(error) == 'line 4, column "offers": an attendee needs offers or seeks (both are empty)'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id,name,offers\n1,Ann,cups\n",
            'line 1, column "seeks": required column is missing from the header',
        ),
        (f"{HEADER}\n1,Ann,cups,x\n ,Bob,cups,x\n", 'line 3, column "id": is required'),
        (f"{HEADER}\n1,,cups,x\n", 'line 2, column "name": is required'),
        (
            f"{HEADER}\n1,Ann,cups,x\n2,Bob,a,b\n1,Cy,c,d\n",
            "line 4, column \"id\": id '1' is already used on line 2",
        ),
        (
            f"{HEADER},intents\n1,Ann,cups,x,find_love\n",
            "line 2, column \"intents\": unknown intent 'find_love'",
        ),
        (
            f"{HEADER},max_meetings\n1,Ann,cups,x,many\n",
            'line 2, column "max_meetings": must be a whole number',
        ),
        (f"{HEADER}\n1,Ann,cups,x,extra\n", "line 2: 5 cells but the header has 4 columns"),
        ("", "line 1: the file is empty"),
        (f"{HEADER},id\n", 'line 1, column "id": column appears twice'),
    ],
)
def test_read_bad_input_names_line_and_column(text: str, message: str, tmp_path: Path) -> None:
    assert str(error_of(text, tmp_path)).startswith(message)


def test_read_not_utf8_names_the_line(tmp_path: Path) -> None:
    error = error_of(f"{HEADER}\n1,Ann,cups,x\n2,Zo".encode() + "ë,cups,x\n".encode("latin-1"), tmp_path)

    assert str(error) == "line 3: the file is not UTF-8 text (save it as CSV UTF-8)"


def test_read_binary_file_is_rejected(tmp_path: Path) -> None:
    error = error_of(b"\x89PNG\r\n\x1a\n\x00\x00", tmp_path)

    assert error.line == 1


def test_write_then_read_round_trips(tmp_path: Path) -> None:
    records = [
        AttendeeRecord(
            id="1",
            name="Ann, Jr.",
            offers='cups "eco"',
            seeks="coffee\nbeans",
            languages=("en", "pl"),
            intents=("find_clients",),
            max_meetings=3,
        ),
        AttendeeRecord(id="2", name="Иван", offers="", seeks="чай"),
    ]

    write_attendee_csv(records, tmp_path / "out.csv")

    assert read_attendee_csv(tmp_path / "out.csv").records == tuple(records)


def test_record_to_profile_keeps_matching_fields() -> None:
    record = AttendeeRecord(
        id="1",
        name="Ann",
        offers="cups",
        seeks="coffee",
        company="Eco",
        interests=("eco",),
        intents=("find_clients",),
        languages=("en",),
    )

    profile = record.to_profile()

    assert (profile.key, profile.offers, profile.company, profile.intents) == (
        "1",
        "cups",
        "Eco",
        ("find_clients",),
    )
