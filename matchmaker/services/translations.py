"""Words in a given person's language, outside any request: mails, calendar files, exported texts.

The web layer words pages in the visitor's language through ``web/i18n.py``; here the language is the
recipient's (``Attendee.locale``), whoever triggered the mail.
"""

from __future__ import annotations

from functools import lru_cache

from babel.support import NullTranslations, Translations

from matchmaker.config import PROJECT_ROOT

TRANSLATIONS_DIR = PROJECT_ROOT / "matchmaker" / "translations"


@lru_cache(maxsize=8)
def translations(locale: str) -> NullTranslations:
    """Gettext in ``locale`` (English when there is no catalogue for it)."""
    return Translations.load(str(TRANSLATIONS_DIR), [locale or "en"], domain="messages")
