"""One declaration, every entry point: each way a profile comes in (registration form, profile page,
organiser edit, JSON API, the API's /me, a CSV dry run, ``matchmaker match``, ``import-event``) refuses
what the declaration in :mod:`matchmaker.shapes.attendee` refuses, naming the field, and accepts what it
accepts, up to the same limits. The limits are read from the declaration, so the table follows it."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from matchmaker.cli import main
from matchmaker.core.intents import INTENTS
from matchmaker.services.event_transfer import export_event
from matchmaker.shapes import attendee as shape
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import ApiWorld, make_world
from tests.integration.organiser_client import sign_in

INTERESTS = [
    {"tag": "packaging", "en": "Packaging", "pl": "Opakowania", "ru": "Упаковка"},
    {"tag": "logistics", "en": "Logistics", "pl": "Logistyka", "ru": "Логистика"},
]
BASE: dict[str, Any] = {
    "name": "Anna Nowak",
    "company": "EkoKubek",
    "sector": "Packaging",
    "country": "PL",
    "languages": ["pl", "en"],
    "offers": "Compostable cups and lids",
    "seeks": "Coffee roasters as clients",
    "avoids": "",
    "interests": ["packaging"],
    "intents": ["find_clients"],
    "max_meetings": 5,
}


@dataclass(frozen=True)
class Rule:
    """A rule of the declaration: ``bad`` breaks it (and is refused on ``field``), ``good`` is its limit."""

    name: str
    field: str
    bad: dict[str, Any]
    good: dict[str, Any]
    needs_event: bool = False  # only where the profile is entered for an event with an interest list


RULES = [
    Rule("name longest", "name", {"name": "N" * (shape.NAME_LENGTH + 1)}, {"name": "N" * shape.NAME_LENGTH}),
    Rule("one e-mail rule", "email", {"email": "not-an-email"}, {"email": "anna.nowak@firma.example"}),
    Rule("no NUL", "company", {"company": "Eko\x00Kubek"}, {"company": "C" * shape.COMPANY_LENGTH}),
    Rule("one line", "sector", {"sector": "Food\nPackaging"}, {"sector": "S" * shape.SECTOR_LENGTH}),
    Rule(
        "offers longest",
        "offers",
        {"offers": "x" * (shape.STATEMENT_LENGTH + 1)},
        {"offers": "x" * shape.STATEMENT_LENGTH},
    ),
    Rule(
        "avoids longest",
        "avoids",
        {"avoids": "x" * (shape.STATEMENT_LENGTH + 1)},
        {"avoids": "cold sales pitches; freight forwarders" + "x" * (shape.STATEMENT_LENGTH - 38)},
    ),
    Rule("offers or seeks", "offers", {"offers": "", "seeks": ""}, {"offers": "", "seeks": "Roasters"}),
    Rule(
        "known interests",
        "interests",
        {"interests": ["no-such-tag"]},
        {"interests": ["logistics"]},
        needs_event=True,
    ),
    Rule("known intents", "intents", {"intents": ["find_love"]}, {"intents": ["find_mentor"]}),
    Rule("country code", "country", {"country": "XX"}, {"country": "UA"}),
    Rule("language code", "languages", {"languages": ["xx-not"]}, {"languages": ["uk"]}),
    Rule(
        "most meetings",
        "max_meetings",
        {"max_meetings": shape.MAX_MEETINGS + 1},
        {"max_meetings": shape.MAX_MEETINGS},
    ),
]


@dataclass
class Outcome:
    accepted: bool
    refused_fields: set[str] = field(default_factory=set)


class _NoJobs:
    def enqueue(self, function_path: str, *args: Any) -> str:
        return "skipped"

    def enqueue_merged(self, key: str, function_path: str, *args: Any) -> str | None:
        return "skipped"

    def has_workers(self) -> bool:
        return True


@dataclass
class Bench:
    app: Flask
    client: FlaskClient
    world: ApiWorld
    runner: CliRunner
    tmp_path: Path
    session: Session
    serial: list[int] = field(default_factory=lambda: [0])
    signed_in: bool = False

    def email(self) -> str:
        self.serial[0] += 1
        return f"new{self.serial[0]}@firma.example"


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    return {name: ("" if value is None else value) for name, value in values.items()}


def _refused_in_page(html: str, fields: set[str]) -> set[str]:
    return {name for name in fields if f'id="{name}-error"' in html}


def _registration_form(bench: Bench, values: dict[str, Any]) -> Outcome:
    data = _form_data({"email": bench.email()} | values) | {"consent": "y"}
    answer = bench.client.post("/e/fair-a/register", data=data)
    return Outcome(answer.status_code == 302, _refused_in_page(answer.get_data(as_text=True), set(values)))


def _profile_page(bench: Bench, values: dict[str, Any]) -> Outcome:
    person = bench.world.people[0]
    data = _form_data({"email": person.email} | values) | {"consent": "y"}
    answer = bench.client.post(f"/me/{bench.world.tokens[person.id]}/profile", data=data)
    return Outcome(answer.status_code == 302, _refused_in_page(answer.get_data(as_text=True), set(values)))


def _organiser_edit(bench: Bench, values: dict[str, Any]) -> Outcome:
    if not bench.signed_in:
        sign_in(bench.client, "a@example.test")
        bench.signed_in = True
    person = bench.world.people[1]
    answer = bench.client.post(
        f"/organiser/events/fair-a/attendees/{person.id}", data=_form_data({"email": person.email} | values)
    )
    return Outcome(answer.status_code == 302, _refused_in_page(answer.get_data(as_text=True), set(values)))


def _api_fields(answer: Any) -> set[str]:
    body = answer.get_json() or {}
    named = {str(item.get("field")) for item in body.get("details") or []} | {str(body.get("field"))}
    return {name.split("[")[0].split(".")[0] for name in named}


def _api_create(bench: Bench, values: dict[str, Any]) -> Outcome:
    answer = bench.client.post(
        "/api/v1/events/fair-a/attendees",
        headers=bench.world.organiser(),
        json={"id": f"R{bench.email()}", "email": bench.email()} | values,
    )
    return Outcome(answer.status_code == 201, _api_fields(answer))


def _api_me(bench: Bench, values: dict[str, Any]) -> Outcome:
    answer = bench.client.patch("/api/v1/me", headers=bench.world.attendee(0), json=values)
    return Outcome(answer.status_code == 200, _api_fields(answer))


def _csv_text(rows: list[dict[str, Any]]) -> str:
    columns = [
        "id",
        "name",
        "email",
        "company",
        "sector",
        "country",
        "languages",
        "offers",
        "seeks",
        "avoids",
        "interests",
        "intents",
        "max_meetings",
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                ";".join(v) if isinstance(v := row.get(c, ""), list) else ("" if v is None else v)
                for c in columns
            ]
        )
    return buffer.getvalue()


def _csv_dry_run(bench: Bench, values: dict[str, Any]) -> Outcome:
    text = _csv_text([BASE | {"id": "C1", "email": bench.email()} | values])
    answer = bench.client.post(
        "/api/v1/events/fair-a/attendees/import?dry_run=true",
        headers=bench.world.organiser() | {"Content-Type": "text/csv"},
        data=text,
    )
    return Outcome(answer.status_code == 200, _api_fields(answer))


def _match_cli(bench: Bench, values: dict[str, Any]) -> Outcome:
    source = bench.tmp_path / "attendees.csv"
    other = BASE | {"id": "C2", "name": "Piotr", "offers": "Coffee", "seeks": "Cups"}
    source.write_text(_csv_text([BASE | {"id": "C1"} | values, other]), encoding="utf-8")
    result = bench.runner.invoke(
        main, ["match", str(source), "--out", str(bench.tmp_path / "m.json"), "--no-cache"]
    )
    named = {name for name in shape.AttendeeRecord.model_fields if f'column "{name}"' in result.output}
    return Outcome(result.exit_code == 0, named)


def _import_event(bench: Bench, values: dict[str, Any]) -> Outcome:
    bench.serial[0] += 1
    document = export_event(bench.session, "fair-a")
    slug = f"moved-{bench.serial[0]}"
    document["event"] = slug
    document["tables"]["events"] = [
        row | {"slug": slug} for row in document["tables"]["events"] if row["slug"] == "fair-a"
    ]
    # A copy of the event in the same database: its links, calendar addresses and kiosk tokens can't be
    # the same.
    document["tables"]["attendees"] = [
        row | {"token_hash": None, "calendar_token_hash": None} for row in document["tables"]["attendees"]
    ]
    document["tables"]["kiosk_tokens"] = []
    document["tables"]["attendees"][0] |= values
    path = bench.tmp_path / "event.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = bench.runner.invoke(main, ["import-event", str(path)])
    named = {name for name in shape.AttendeeRecord.model_fields if f"column {name}:" in result.output}
    return Outcome(result.exit_code == 0, named)


ENTRY_POINTS: dict[str, tuple[Callable[[Bench, dict[str, Any]], Outcome], bool]] = {
    # name: (submit, has an event with an interest list)
    "registration form": (_registration_form, True),
    "profile page": (_profile_page, True),
    "organiser edit": (_organiser_edit, True),
    "JSON API (organiser)": (_api_create, True),
    "JSON API (/me)": (_api_me, True),
    "CSV import dry run": (_csv_dry_run, True),
    "matchmaker match": (_match_cli, False),
    "import-event": (_import_event, False),
}


@pytest.fixture
def bench(app: Flask, db_session: Session, runner: CliRunner, tmp_path: Path) -> Bench:
    world = make_world(db_session)
    world.event.interests = INTERESTS
    db_session.commit()
    app.config["WTF_CSRF_ENABLED"] = False
    rate_limiter(app).enabled = False
    app.extensions["matchmaker.jobs"] = _NoJobs()
    return Bench(app, app.test_client(), world, runner, tmp_path, db_session)


def _values(entry: str, changes: dict[str, Any]) -> dict[str, Any]:
    values = BASE | changes
    if entry == "import-event":  # the database row: all interests in one list
        return {
            k: v
            for k, v in values.items()
            if k
            in (
                "name",
                "company",
                "sector",
                "country",
                "languages",
                "offers",
                "seeks",
                "avoids",
                "interests",
                "intents",
                "max_meetings",
                "email",
            )
        }
    return values


def _rules_for(entry: str) -> list[Rule]:
    return [rule for rule in RULES if ENTRY_POINTS[entry][1] or not rule.needs_event]


# One world per entry point; every rule is tried on it in turn (each submission stands alone: new
# e-mails and ids, or the same person saved again), and the failures are listed together.
@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_every_entry_point_refuses_what_the_declaration_refuses_and_names_the_field(
    bench: Bench, entry: str
) -> None:
    submit, _ = ENTRY_POINTS[entry]

    outcomes = {rule.name: submit(bench, _values(entry, rule.bad)) for rule in _rules_for(entry)}

    wrong = {
        rule.name: outcomes[rule.name]
        for rule in _rules_for(entry)
        if outcomes[rule.name].accepted or rule.field not in outcomes[rule.name].refused_fields
    }
    assert wrong == {}


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_every_entry_point_accepts_up_to_the_declarations_limits(bench: Bench, entry: str) -> None:
    submit, _ = ENTRY_POINTS[entry]

    outcomes = {rule.name: submit(bench, _values(entry, rule.good)) for rule in _rules_for(entry)}

    assert {name: outcome for name, outcome in outcomes.items() if not outcome.accepted} == {}


def test_the_openapi_document_states_the_declarations_limits(client: FlaskClient) -> None:
    schemas = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]

    for name in ("AttendeeInput", "Registration", "ProfileChange"):
        fields = schemas[name]["properties"]
        assert fields["name"]["maxLength"] == shape.NAME_LENGTH
        assert fields["offers"]["maxLength"] == fields["avoids"]["maxLength"] == shape.STATEMENT_LENGTH
        assert fields["max_meetings"]["maximum"] == shape.MAX_MEETINGS
        assert fields["intents"]["items"]["enum"] == list(INTENTS)
