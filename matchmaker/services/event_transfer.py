"""Lossless export and import of one event, for back-ups and moves between installations.

The document is built from the schema itself (``Base.metadata``), so tables added later are carried
along without touching this module: a table belongs to an event when it has an ``event_id`` column, or
when it references rows that do. Row ids are renumbered 1..n per table in the document (in id order),
so exporting an imported event gives back the very same document; import maps them to fresh ids.
Organiser accounts are global and matched by e-mail; caches (embeddings) are not exported.
"""

from __future__ import annotations

import base64
import math
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    SmallInteger,
    String,
    Table,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from matchmaker.db.models import Base, Event
from matchmaker.shapes.attendee import STORED_FIELDS, AttendeeEdit
from matchmaker.shapes.event import EventDetails
from matchmaker.shapes.problems import ShapeRefused, parse
from matchmaker.shapes.text import unusable

FORMAT = "matchmaker-event"
VERSION = 1
# Global tables linked by a natural key rather than copied blindly.
NATURAL_KEYS = {"organisers": "email"}
NOT_EXPORTED = {"embedding_cache"}


class TransferError(ValueError):
    """The document can't be imported (wrong format, event exists, damaged rows)."""


def _renumbered_pk(table: Table) -> Column[Any] | None:
    """The single integer surrogate key of ``table`` that the document renumbers, if it has one."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and keys[0].autoincrement in (True, "auto") and keys[0].type.python_type is int:
        return keys[0]
    return None


def _referenced_pk(column: Column[Any]) -> tuple[str, str] | None:
    """(table, column) of the renumbered key this column's value is, following chains of foreign keys
    (feedback -> meeting participant -> meeting), if any."""
    for foreign_key in column.foreign_keys:
        target = foreign_key.column
        if target.table.name in NOT_EXPORTED:
            continue
        if _renumbered_pk(target.table) is target:
            return target.table.name, target.name
        if (further := _referenced_pk(target)) is not None:
            return further
    return None


def _kind(column: Column[Any]) -> type:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl  # type: ignore[assignment]
    if isinstance(column_type, DateTime):
        return datetime
    if isinstance(column_type, Date):
        return date
    if isinstance(column_type, LargeBinary):
        return bytes
    return object


def _dump(value: Any, kind: type) -> Any:
    if value is None:
        return None
    if kind in (datetime, date):
        return value.isoformat()
    if kind is bytes:
        return base64.b64encode(value).decode("ascii")
    return value


def _load(value: Any, kind: type) -> Any:
    if value is None:
        return None
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is bytes:
        return base64.b64decode(value)
    return value


def _event_tables() -> list[Table]:
    """Tables in dependency order whose rows can belong to an event (plus organisers)."""
    scoped: set[str] = set()
    ordered = []
    for table in Base.metadata.sorted_tables:
        if table.name in NOT_EXPORTED:
            continue
        linked = (
            table.name == "events"
            or "event_id" in table.c
            or any(fk.column.table.name in scoped for fk in table.foreign_keys)
        )
        if linked or table.name in NATURAL_KEYS:
            scoped.add(table.name)
            ordered.append(table)
    return ordered


def export_event(session: Session, slug: str) -> dict[str, Any]:
    """The whole event as a JSON-ready document."""
    event = session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise TransferError(f"no event with slug {slug!r}")
    selected: dict[str, set[Any]] = {}
    numbering: dict[str, dict[Any, int]] = {}
    tables_out: dict[str, list[dict[str, Any]]] = {}
    tables = _event_tables()
    for table in tables:
        if table.name in NATURAL_KEYS:
            continue  # after the rows that reference organisers are known
        rows = _rows_of_event(session, table, event.id, selected)
        pk = _renumbered_pk(table)
        if pk is not None:
            key_name = pk.name
            rows.sort(key=lambda row: row[key_name])
            selected[table.name] = {row[key_name] for row in rows}
        tables_out[table.name] = rows
    for name, key in NATURAL_KEYS.items():
        table = Base.metadata.tables[name]
        pk = _renumbered_pk(table)
        assert pk is not None
        wanted = {
            row[column.name]
            for other in tables
            for column in other.columns
            if (_referenced_pk(column) or ("", ""))[0] == name
            for row in tables_out.get(other.name, [])
            if row[column.name] is not None
        }
        rows = [dict(r._mapping) for r in session.execute(select(table).where(pk.in_(wanted)))]
        tables_out[name] = sorted(rows, key=lambda row: row[key])
        selected[name] = wanted
    for table in tables:
        pk = _renumbered_pk(table)
        if pk is not None:
            numbering[table.name] = {
                old: index for index, old in enumerate((row[pk.name] for row in tables_out[table.name]), 1)
            }
    document_tables = {
        table.name: [_document_row(table, row, numbering) for row in tables_out[table.name]]
        for table in tables
    }
    for table in tables:
        if _renumbered_pk(table) is None:
            document_tables[table.name].sort(key=lambda row: [str(row[c.name]) for c in table.primary_key])
    return {"format": FORMAT, "version": VERSION, "event": slug, "tables": document_tables}


def _rows_of_event(
    session: Session, table: Table, event_id: int, selected: dict[str, set[Any]]
) -> list[dict[str, Any]]:
    if table.name == "events":
        condition = table.c.id == event_id
    elif "event_id" in table.c:
        condition = table.c.event_id == event_id
    else:
        conditions = [
            column.in_(selected[target[0]])
            for column in table.columns
            if (target := _referenced_pk(column)) and target[0] in selected
        ]
        if not conditions:
            return []
        condition = conditions[0]
    return [dict(row._mapping) for row in session.execute(select(table).where(condition))]


def _document_row(table: Table, row: dict[str, Any], numbering: dict[str, dict[Any, int]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    pk = _renumbered_pk(table)
    for column in table.columns:
        value = row[column.name]
        if pk is not None and column is pk:
            value = numbering[table.name][value]
        elif (target := _referenced_pk(column)) is not None and value is not None:
            value = numbering[target[0]][value]
        out[column.name] = _dump(value, _kind(column))
    return out


def import_event(session: Session, document: dict[str, Any]) -> Event:
    """Recreate the event from :func:`export_event`'s document (flushes; the caller commits)."""
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise TransferError(f"not a {FORMAT} version {VERSION} document")
    tables_in: dict[str, list[dict[str, Any]]] = document.get("tables", {})
    slug = document.get("event")
    if session.scalar(select(Event.id).where(Event.slug == slug)) is not None:
        raise TransferError(f"an event with slug {slug!r} already exists here")
    _check_document(tables_in)
    new_ids: dict[str, dict[int, Any]] = {}
    for table in _event_tables():
        rows = tables_in.get(table.name, [])
        pk = _renumbered_pk(table)
        mapping: dict[int, Any] = {}
        try:
            values_list = [_database_row(table, row, new_ids) for row in rows]
            if table.name in NATURAL_KEYS:
                mapping = _link_by_natural_key(session, table, rows, values_list)
            elif pk is not None:
                for row, values in zip(rows, values_list, strict=True):
                    values.pop(pk.name)
                    mapping[row[pk.name]] = session.execute(
                        insert(table).values(values).returning(pk)
                    ).scalar_one()
            elif values_list:
                session.execute(insert(table), values_list)
        except (KeyError, TypeError, ValueError) as exc:
            raise TransferError(f"table {table.name}: damaged row ({exc})") from None
        except IntegrityError:
            raise TransferError(
                f"table {table.name}: a row clashes with data already here (a personal "
                "link or a kiosk token of this event is in use: was it imported before?)"
            ) from None
        except StatementError as exc:  # what no check above foresaw: a value its column can't take
            raise TransferError(f"table {table.name}: damaged row ({exc.orig})") from None
        new_ids[table.name] = mapping
    session.flush()
    event = session.scalar(select(Event).where(Event.slug == slug))
    if event is None:
        raise TransferError("the document holds no event")
    return event


# Rows a person entered, validated by their declaration as on every other way in.
_ATTENDEE_FIELDS = STORED_FIELDS
_EVENT_FIELDS = ("name", "venue", "timezone", "start_date", "end_date", "languages", "description")


def _column_problem(column: Column[Any], value: Any) -> str | None:
    """What is wrong with ``value`` for ``column``, checked alike on both databases (PostgreSQL refuses a
    text in an integer column or an over-long text with an error, SQLite stores it and fails later)."""
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl  # type: ignore[assignment]
    if value is None:
        return None
    if isinstance(column_type, Boolean):
        return None if isinstance(value, bool) else "must be true or false"
    if isinstance(column_type, Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            return "must be a whole number"
        bits = 31
        if isinstance(column_type, BigInteger | SmallInteger):
            bits = 63 if isinstance(column_type, BigInteger) else 15
        return None if -(2**bits) <= value < 2**bits else "is out of range"
    if isinstance(column_type, Float | Numeric):
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return None if number and math.isfinite(value) else "must be a number"
    if isinstance(column_type, String):
        if not isinstance(value, str):
            return "must be text"
        if column_type.length is not None and len(value) > column_type.length:
            return f"is longer than {column_type.length} characters"
    return None


def _check_columns(tables_in: dict[str, list[dict[str, Any]]]) -> None:
    for table in _event_tables():
        for number, row in enumerate(tables_in.get(table.name, []), start=1):
            for column in table.columns:
                if (problem := _column_problem(column, row.get(column.name))) is not None:
                    raise TransferError(f"table {table.name}, row {number}, column {column.name}: {problem}")


def _check_document(tables_in: Any) -> None:
    """Refuse a document that no database could hold (NUL, broken unicode) or whose attendees and
    event break the rules every other entry point enforces; names the table, the row and the field."""
    if not isinstance(tables_in, dict) or not all(isinstance(rows, list) for rows in tables_in.values()):
        raise TransferError("the document's tables are damaged")
    for name, rows in tables_in.items():
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                raise TransferError(f"table {name}, row {number}: damaged row")
            for column, value in row.items():
                if isinstance(value, str) and unusable(value):
                    raise TransferError(
                        f"table {name}, row {number}, column {column}: contains characters "
                        "that can't be stored (NUL or broken unicode)"
                    )
    _check_columns(tables_in)
    for name, shape, fields in (
        ("attendees", AttendeeEdit, _ATTENDEE_FIELDS),
        ("events", EventDetails, _EVENT_FIELDS),
    ):
        for number, row in enumerate(tables_in.get(name, []), start=1):
            data = {field: row[field] for field in fields if row.get(field) is not None}
            try:
                parse(shape, data)
            except ShapeRefused as refused:
                first = refused.problems[0]
                raise TransferError(
                    f"table {name}, row {number}, column {first.field}: {first.message}"
                ) from None


def _database_row(table: Table, row: dict[str, Any], new_ids: dict[str, dict[int, Any]]) -> dict[str, Any]:
    values = {}
    for column in table.columns:
        value = _load(row.get(column.name), _kind(column))
        if (
            (target := _referenced_pk(column)) is not None
            and value is not None
            and column is not _renumbered_pk(table)
        ):
            value = new_ids[target[0]][value]
        values[column.name] = value
    return values


def _link_by_natural_key(
    session: Session, table: Table, rows: list[dict[str, Any]], values_list: list[dict[str, Any]]
) -> dict[int, Any]:
    key = NATURAL_KEYS[table.name]
    pk = _renumbered_pk(table)
    assert pk is not None
    mapping = {}
    for row, values in zip(rows, values_list, strict=True):
        existing = session.scalar(select(pk).where(table.c[key] == values[key]))
        if existing is None:
            values.pop(pk.name)
            existing = session.execute(insert(table).values(values).returning(pk)).scalar_one()
        mapping[row[pk.name]] = existing
    return mapping
