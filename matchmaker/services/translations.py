"""Words in a given person's language, outside any request: mails, calendar files, exported texts.

The web layer words pages in the visitor's language through ``web/i18n.py``; here the language is the
recipient's (``Attendee.locale``), whoever triggered the mail.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from babel.support import NullTranslations, Translations

from matchmaker.config import PROJECT_ROOT

TRANSLATIONS_DIR = PROJECT_ROOT / "matchmaker" / "translations"


@lru_cache(maxsize=8)
def translations(locale: str) -> NullTranslations:
    """Gettext in ``locale`` (English when there is no catalogue for it)."""
    return Translations.load(str(TRANSLATIONS_DIR), [locale or "en"], domain="messages")


def table_in_words(name: str, gettext: Callable[[str], str]) -> str:
    """A table's name for the phrases that already say "table" ("Table %(table)s", "at table
    %(table)s"): without a leading "Table" of its own, so the product's default naming ("Table {n}")
    reads "Table 1", not "Table Table 1"; any other name ("T01", "Blue 1") as it is."""
    first, _, rest = name.partition(" ")
    if rest.strip() and first.casefold() in {"table", gettext("Table").casefold()}:
        return rest.strip()
    return name
