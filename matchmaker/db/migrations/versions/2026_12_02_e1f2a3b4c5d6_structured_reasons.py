"""structured reasons

Stored recommendations carried reasons as English sentences; they now carry data (kind, the matched
items of both sides, interest or goal codes) and pages word them in the reader's language. Every stored
sentence is turned into its structured form here (the quoted phrase becomes the candidate's item; the
viewer's side, which the old sentences did not name, stays empty until the next refresh recomputes the
list). The cross-sector sentence is no longer a reason and is dropped; a list left empty says
"attending". Downgrade writes the English sentences back.

Revision ID: e1f2a3b4c5d6
Revises: 07622138eaa2
Create Date: 2026-12-02 00:55:00.000000
"""

from __future__ import annotations

import json
import re
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "e1f2a3b4c5d6"
down_revision = "07622138eaa2"
branch_labels = None
depends_on = None

# The old matcher's wording of goals (frozen here: the code that wrote it is gone).
_THEIR_GOAL = {
    "find_clients": "Is looking for clients",
    "find_suppliers": "Is looking for suppliers",
    "find_partners": "Is looking for partners",
    "find_investors": "Is raising investment",
    "find_startups": "Invests in startups",
    "find_talent": "Is hiring",
    "find_job": "Is looking for a job",
    "find_mentor": "Is looking for a mentor",
    "find_mentees": "Offers mentoring",
    "knowledge_exchange": "Wants to exchange know-how",
}
_YOUR_GOAL = {
    "find_clients": "you are looking for clients",
    "find_suppliers": "you are looking for suppliers",
    "find_partners": "so are you",
    "find_investors": "you are raising investment",
    "find_startups": "you invest in startups",
    "find_talent": "you are hiring",
    "find_job": "you are looking for a job",
    "find_mentor": "you are looking for a mentor",
    "find_mentees": "you offer mentoring",
    "knowledge_exchange": "so do you",
}
_PATTERNS = [
    (re.compile(r"^Offers:? (?P<x>.+) — you are looking for this$"), "they_offer"),
    (re.compile(r"^Looks for:? (?P<x>.+) — that is what you offer$"), "they_seek"),
    (re.compile(r"^You both work on (?P<x>.+)$"), "shared_interests"),
    (re.compile(r"^Similar interests: (?P<x>.+)$"), "similar_interests"),
    (re.compile(r"^(?P<x>[A-Z][^—]+) — (?P<y>[a-z][^—]+)$"), "goals"),
]


def _reason(
    kind: str, yours: list[str] | None = None, theirs: list[str] | None = None, codes: list[str] | None = None
) -> dict[str, Any]:
    return {"kind": kind, "yours": yours or [], "theirs": theirs or [], "codes": codes or []}


def structured(sentence: str) -> dict[str, Any] | None:
    for pattern, kind in _PATTERNS:
        found = pattern.match(sentence)
        if found is None:
            continue
        x = found.group("x").strip()
        if kind in ("they_offer", "they_seek"):
            return _reason(kind, theirs=[x])
        if kind in ("shared_interests", "similar_interests"):
            return _reason(kind, codes=[tag.strip() for tag in x.split(",") if tag.strip()])
        theirs = next((code for code, words in _THEIR_GOAL.items() if words == x), None)
        yours = next((code for code, words in _YOUR_GOAL.items() if words == found.group("y").strip()), None)
        if theirs and yours:
            return _reason("goals", codes=[theirs, yours])
    return None


def sentence(reason: dict[str, Any]) -> str:
    kind, theirs, codes = reason.get("kind"), reason.get("theirs") or [""], reason.get("codes") or []
    if kind == "they_offer":
        return f"Offers: {theirs[0]} — you are looking for this"
    if kind == "they_seek":
        return f"Looks for: {theirs[0]} — that is what you offer"
    if kind == "shared_interests":
        return f"You both work on {', '.join(codes)}"
    if kind == "similar_interests":
        return f"Similar interests: {', '.join(codes)}"
    if kind == "goals" and len(codes) == 2 and codes[0] in _THEIR_GOAL and codes[1] in _YOUR_GOAL:
        return f"{_THEIR_GOAL[codes[0]]} — {_YOUR_GOAL[codes[1]]}"
    return "Also attending this event"


_recommendations = sa.table(
    "recommendations",
    sa.column("attendee_id", sa.Integer),
    sa.column("candidate_id", sa.Integer),
    sa.column("reasons", sa.JSON),
)


def _rewrite(convert: Any) -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(_recommendations.c.attendee_id, _recommendations.c.candidate_id, _recommendations.c.reasons)
    ).all()
    for attendee_id, candidate_id, reasons in rows:
        if isinstance(reasons, str):  # a JSON column read back as text by some drivers
            reasons = json.loads(reasons)
        new = convert(list(reasons or []))
        if new != reasons:
            connection.execute(
                _recommendations.update()
                .where(
                    _recommendations.c.attendee_id == attendee_id,
                    _recommendations.c.candidate_id == candidate_id,
                )
                .values(reasons=new)
            )


def _to_structured(reasons: list[Any]) -> list[dict[str, Any]]:
    result = [item if isinstance(item, dict) else structured(str(item)) for item in reasons]
    kept = [item for item in result if item is not None]
    return kept or [_reason("attending")]


def _to_sentences(reasons: list[Any]) -> list[str]:
    return [item if isinstance(item, str) else sentence(item) for item in reasons]


def upgrade() -> None:
    _rewrite(_to_structured)


def downgrade() -> None:
    _rewrite(_to_sentences)
