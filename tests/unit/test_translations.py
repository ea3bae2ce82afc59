"""Nothing a visitor reads escapes translation: template text goes through _(), and every message
found in templates and Python code has a Polish and a Russian translation, compiled."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

import matchmaker

PACKAGE = Path(matchmaker.__file__).parent
ROOT = PACKAGE.parent
TEMPLATES = PACKAGE / "templates"
TRANSLATIONS = PACKAGE / "translations"
LANGUAGES = ("pl", "ru")
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "lazy_gettext": None,
    "_l": None,
    "N_": None,
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "lazy_ngettext": (1, 2),
}
# Text that is the same in every language.
UNTRANSLATED_OK = {
    "matchmaker",
    "HoReCa",
    "QR",
    "JSON",
    "CSV",
    "ICS",
    "API",
    "ID",
    # codes shown as examples in organiser placeholders ("Europe/Warsaw", "en, pl")
    "Europe",
    "Warsaw",
    "en",
    "pl",
    "ru",
}

_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_TAG = re.compile(r"<[^>]*>", re.S)
_ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
_VISIBLE_ATTRIBUTE = re.compile(r'\b(?:alt|title|placeholder|aria-label|data-confirm)="([^"]*)"')


def _visible_literals(source: str) -> list[str]:
    """Words in ``source`` a person would read that are written in the template instead of via _()."""
    found = []
    for value in _VISIBLE_ATTRIBUTE.findall(source):
        found.extend(re.findall(r"[^\W\d_]{2,}", _JINJA.sub(" ", value)))
    # Scripts, styles and code samples (an HTTP header, a command) are not prose.
    no_scripts = re.sub(r"<(script|style|code|pre|kbd)\b.*?</\1>", " ", source, flags=re.S)
    # A body class is markup, not text.
    no_scripts = re.sub(r"\{% block body_class %\}.*?\{% endblock %\}", " ", no_scripts, flags=re.S)
    text = _ENTITY.sub(" ", _TAG.sub(" ", _JINJA.sub(" ", no_scripts)))
    found.extend(re.findall(r"[^\W\d_]{2,}", text))
    return [word for word in found if word not in UNTRANSLATED_OK]


def _messages() -> set[str]:
    method_map = [("matchmaker/**.py", "python"), ("matchmaker/templates/**.html", "jinja2")]
    ids = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS
    ):
        if "/.venv/" in _file:
            continue
        ids.add(message if isinstance(message, str) else message[0])
    return {m for m in ids if m}


def test_templates_have_no_text_outside_translation_calls() -> None:
    offenders = {
        str(path.relative_to(TEMPLATES)): words
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (words := _visible_literals(path.read_text(encoding="utf-8")))
    }

    assert offenders == {}


def test_every_message_has_a_polish_and_a_russian_translation() -> None:
    wanted = _messages()
    missing = {}
    for language in LANGUAGES:
        with (TRANSLATIONS / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
            catalog = read_po(source, locale=language)
        translated = {
            (m.id if isinstance(m.id, str) else m.id[0])
            for m in catalog
            if m.id
            and "fuzzy" not in m.flags
            and (all(m.string) if isinstance(m.string, tuple) else m.string)
        }
        missing[language] = sorted(wanted - translated)

    assert missing == {language: [] for language in LANGUAGES}


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list | tuple) else value


def test_compiled_catalogues_match_their_sources() -> None:
    for language in LANGUAGES:
        folder = TRANSLATIONS / language / "LC_MESSAGES"
        with (folder / "messages.po").open("rb") as source:
            po = {
                _frozen(m.id): _frozen(m.string)
                for m in read_po(source, locale=language)
                if m.id
                and "fuzzy" not in m.flags
                and (all(m.string) if isinstance(m.string, tuple | list) else m.string)
            }
        with (folder / "messages.mo").open("rb") as compiled:
            mo = {_frozen(m.id): _frozen(m.string) for m in read_mo(compiled) if m.id}

        stale = f"{language}: run `pybabel compile -d matchmaker/translations`"
        assert {key: mo.get(key) for key in po} == po, stale
