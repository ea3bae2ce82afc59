"""Schemathesis drives every API operation with generated input, valid and hostile, and checks that no
answer is a server error and every answer matches the OpenAPI document (status, content type, schema)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import Session

from matchmaker.web.api.openapi import PATHS
from matchmaker.web.rate_limit import rate_limiter
from tests.integration.api_support import ApiWorld, bearer, make_world

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 15
ID_PARAMETERS = ("attendee_id", "slot_id", "meeting_id", "request_id", "run_id")


class _NoJobs:
    """Jobs would embed profiles and solve schedules in threads for every fuzzed request: not needed here."""

    def enqueue(self, function_path: str, *args: Any) -> str:
        return "skipped"

    def enqueue_merged(self, key: str, function_path: str, *args: Any) -> str | None:
        return "skipped"


OPERATIONS = [
    (method.upper(), path) for path, item in PATHS.items() for method in item if method != "parameters"
]
# Hostile (schema-breaking) input needs something to break: a body, a query or a path parameter.
WITH_INPUT = [
    (method, path)
    for method, path in OPERATIONS
    if "{" in path
    or PATHS[path][method.lower()].get("requestBody")
    or any(p["in"] == "query" for p in PATHS[path][method.lower()].get("parameters", []))
]
CASES = [(*operation, GenerationMode.POSITIVE) for operation in OPERATIONS] + [
    (*operation, GenerationMode.NEGATIVE) for operation in WITH_INPUT
]


@pytest.fixture
def fuzz_world(app: Flask, db_session: Session) -> ApiWorld:
    world = make_world(db_session)
    rate_limiter(app).enabled = False
    app.extensions["matchmaker.jobs"] = _NoJobs()
    return world


def _credentials(case: Any, world: ApiWorld) -> dict[str, str]:
    security = case.operation.definition.raw.get("security") or [{}]
    scheme = next(iter(security[0]), None)
    return {
        "organiserKey": bearer(world.key),
        "personalToken": bearer(world.tokens[world.people[0].id]),
        "kioskToken": bearer(world.kiosk),
    }.get(scheme or "", {})


def _aim_at_real_rows(case: Any, world: ApiWorld) -> None:
    """Point most cases at the world's event and people, so the fuzzing reaches past the 404s."""
    parameters = case.path_parameters or {}
    if "slug" in parameters and parameters["slug"] != "":
        parameters["slug"] = "fair-a"
    for name in ID_PARAMETERS:
        value = parameters.get(name)
        if isinstance(value, int) and name in ("attendee_id", "request_id") and value % 3:
            parameters[name] = world.people[value % len(world.people)].id


@pytest.mark.parametrize(("method", "path", "mode"), CASES)
def test_fuzz_api_never_fails_and_matches_its_document(
    app: Flask, fuzz_world: ApiWorld, method: str, path: str, mode: GenerationMode
) -> None:
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def drive(case: Any) -> None:
        _aim_at_real_rows(case, fuzz_world)
        case.call_and_validate(headers=_credentials(case, fuzz_world), checks=CHECKS)

    drive()
