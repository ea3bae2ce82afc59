"""Import direction: the core stays free of frameworks (layers and the import rule: docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import matchmaker

PACKAGE = Path(matchmaker.__file__).parent
FORBIDDEN_IN_CORE = (
    "flask",
    "sqlalchemy",
    "torch",
    "sentence_transformers",
    "werkzeug",
    "matchmaker.db",
    "matchmaker.web",
    "matchmaker.services",
    "matchmaker.ml",
)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_core_imports_no_framework_or_outer_layer() -> None:
    offenders = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in (PACKAGE / "core").rglob("*.py")
        for name in _imported_modules(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN_IN_CORE)
    }

    assert offenders == set()


def test_services_and_db_do_not_import_the_web_layer() -> None:
    offenders = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for folder in ("services", "db", "ml")
        for path in (PACKAGE / folder).rglob("*.py")
        for name in _imported_modules(path)
        if name == "flask" or name.startswith(("flask.", "matchmaker.web"))
    }

    assert offenders == set()


def test_only_the_entry_points_import_jobs_and_commands() -> None:
    """Jobs and commands are entry points like views: inner layers name a job by its dotted path (a
    string the queue resolves), never by importing it; file formats and jobs know no web framework."""
    inner = ("services", "db", "ml", "formats", "shapes")
    offenders = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for folder in inner
        for path in (PACKAGE / folder).rglob("*.py")
        for name in _imported_modules(path)
        if name.startswith(("matchmaker.jobs", "matchmaker.cli"))
    } | {
        f"{path.relative_to(PACKAGE)}: {name}"
        for folder in ("formats", "jobs")
        for path in (PACKAGE / folder).rglob("*.py")
        for name in _imported_modules(path)
        if name == "flask" or name.startswith(("flask.", "matchmaker.web"))
    }

    assert offenders == set()


# The one part of the web layer a command may import: the app factory, which `matchmaker serve` runs.
CLI_MAY_IMPORT_FROM_WEB = {"matchmaker.web.app"}


def test_commands_do_not_import_the_web_layer() -> None:
    """A command calls services, formats and the core like a view does, never a view's helpers: what
    both need (e.g. reasons worded as JSON, formats/reasons.py) lives in a layer below both."""
    offenders = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in (PACKAGE / "cli").rglob("*.py")
        for name in _imported_modules(path)
        if name.startswith("matchmaker.web") and name not in CLI_MAY_IMPORT_FROM_WEB
    }

    assert offenders == set()


def test_shapes_import_only_the_core_and_pydantic() -> None:
    """The declarations are shared by every entry point (web, CLI, file formats): no framework in them."""
    offenders = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in (PACKAGE / "shapes").rglob("*.py")
        for name in _imported_modules(path)
        if (name.startswith("matchmaker.") and not name.startswith(("matchmaker.core", "matchmaker.shapes")))
        or name.split(".")[0] in ("flask", "sqlalchemy", "werkzeug", "wtforms", "flask_wtf")
    }

    assert offenders == set()


def test_the_interface_languages_are_the_ones_the_shapes_accept() -> None:
    from matchmaker.shapes.text import INTERFACE_LANGUAGES
    from matchmaker.web.i18n import LANGUAGES

    assert tuple(LANGUAGES) == INTERFACE_LANGUAGES


# The one module of web/ that ends the request's transaction (commit or roll back): the edge.
WEB_EDGE = PACKAGE / "web" / "database.py"
# What a view may name from SQLAlchemy: types for annotations and the exceptions it turns into answers.
SQLALCHEMY_NAMES_FOR_VIEWS = {"Connection", "Engine", "Select", "Session", "sessionmaker"}


def _calls(path: Path) -> list[tuple[int, str]]:
    """Every call in ``path`` as (line, name): ``select`` for ``select(...)``, ``.commit`` for
    ``x.commit(...)``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                found.append((node.lineno, node.func.id))
            elif isinstance(node.func, ast.Attribute):
                found.append((node.lineno, "." + node.func.attr))
    return found


def test_views_build_no_queries_and_leave_the_transaction_to_the_edge() -> None:
    """Views parse, call a use case, render: queries live in services, and the request's one
    transaction is committed or rolled back after the view (web/database.py), never inside it."""
    offenders = {
        f"{path.relative_to(PACKAGE)}:{line}: {name}("
        for path in (PACKAGE / "web").rglob("*.py")
        for line, name in _calls(path)
        if name in ("select", ".select")
        or (name in (".commit", ".rollback", ".begin_nested", "commit", "rollback") and path != WEB_EDGE)
    }

    assert offenders == set()


def test_views_import_no_query_constructs() -> None:
    offenders = set()
    for path in (PACKAGE / "web").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                offenders |= {
                    f"{path.relative_to(PACKAGE)}: import {alias.name}"
                    for alias in node.names
                    if alias.name.split(".")[0] == "sqlalchemy"
                }
            elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlalchemy":
                if node.module == "sqlalchemy.exc":
                    continue
                offenders |= {
                    f"{path.relative_to(PACKAGE)}: {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name not in SQLALCHEMY_NAMES_FOR_VIEWS
                }

    assert offenders == set()


def test_the_web_layer_reaches_translations_through_one_module() -> None:
    """``web/i18n.py`` is the web's one way to words (its gettext caches the request's translations)."""
    offenders = {
        f"{path.relative_to(PACKAGE)}: flask_babel.{alias.name}"
        for path in (PACKAGE / "web").rglob("*.py")
        if path.name != "i18n.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.module == "flask_babel"
        for alias in node.names
        if "gettext" in alias.name or alias.name == "force_locale"
    }

    assert offenders == set()


def test_use_cases_flush_and_leave_the_commit_to_their_caller() -> None:
    offenders = {
        f"{path.relative_to(PACKAGE)}:{line}: {name}("
        for path in (PACKAGE / "services").rglob("*.py")
        for line, name in _calls(path)
        if name in (".commit", ".rollback", "commit", "rollback")
    }

    assert offenders == set()
