"""Refresh the Polish and Russian catalogues from the code, then compile them.

    .venv/bin/python scripts/update_translations.py           # extract, update, compile, list gaps
    .venv/bin/python scripts/update_translations.py --check   # only list gaps (exit 1 if any)

Extraction follows babel.cfg (Python: gettext, lazy_gettext, _l; Jinja templates). New messages appear
in matchmaker/translations/{pl,ru}/LC_MESSAGES/messages.po with an empty translation: fill them in and
run this again (the compiled .mo files are committed, so a fresh clone needs no compile step).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ROOT / "matchmaker" / "translations"
TEMPLATE = CATALOGUES / "messages.pot"
LANGUAGES = ("pl", "ru")


def _pybabel(*arguments: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *arguments])  # type: ignore[no-untyped-call]


def untranslated(language: str) -> list[str]:
    with (CATALOGUES / language / "LC_MESSAGES" / "messages.po").open("rb") as source:
        catalog = read_po(source, locale=language)
    return [
        str(m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and (not all(m.string) if isinstance(m.string, tuple) else not m.string)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report untranslated messages")
    arguments = parser.parse_args()
    if not arguments.check:
        _pybabel(
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-k",
            "lazy_gettext",
            "-k",
            "_l",
            "--no-location",
            "--project",
            "matchmaker",
            "--copyright-holder",
            "matchmaker",
            "-o",
            str(TEMPLATE),
            str(ROOT),
        )
        _pybabel("update", "-i", str(TEMPLATE), "-d", str(CATALOGUES), "--no-fuzzy-matching")
        _pybabel("compile", "-d", str(CATALOGUES))
    gaps = {language: untranslated(language) for language in LANGUAGES}
    for language, missing in gaps.items():
        print(f"{language}: {len(missing)} untranslated")
        for message in missing:
            print(f"  {message!r}")
    return 1 if any(gaps.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
