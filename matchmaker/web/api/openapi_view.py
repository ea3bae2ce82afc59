"""Serving the OpenAPI document."""

from __future__ import annotations

from typing import Any

from flask import request

from matchmaker.web.api import bp
from matchmaker.web.api.openapi import openapi_document


@bp.get("/openapi.json")
def openapi_json() -> dict[str, Any]:
    return openapi_document(request.script_root + bp.url_prefix if bp.url_prefix else "/api/v1")
