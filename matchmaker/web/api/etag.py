"""Conditional GET: a poller that already has the current version gets ``304 Not Modified`` and no body."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import Response, jsonify, request


def json_etag(payload: Any) -> str:
    """A strong validator for ``payload``: equal data, equal tag, whatever process computed it."""
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]


def conditional_json(
    payload: Any, etag: str | None = None, cache_control: str = "private, no-cache", body: bytes = b""
) -> Response:
    """``payload`` as JSON with an ``ETag``, or an empty 304 when ``If-None-Match`` already names it.

    ``body`` is ``payload`` already serialised (a cached board), sent as is. ``no-cache`` makes clients
    revalidate every time, which is cheap with the tag.
    """
    tag = etag or json_etag(payload)
    if request.if_none_match.contains(tag):
        response = Response(status=304)
    elif body:
        response = Response(body, mimetype="application/json")
    else:
        response = jsonify(payload)
    response.set_etag(tag)
    response.headers["Cache-Control"] = cache_control
    return response
