"""Phrase banks: what each kind of attendee offers and seeks, in English, Polish and Russian.

Each module holds one language and one half of the roles (goods or services); ``TEXTS`` joins them as
``TEXTS[language][archetype key]``. A phrase never contains ``;``, the list separator of the CSV file.
"""

from __future__ import annotations

from typing import Final

from matchmaker.demo.phrases import en_goods, en_services, pl_goods, pl_services, ru_goods, ru_services
from matchmaker.demo.profiles import ProfileText

TEXTS: Final[dict[str, dict[str, ProfileText]]] = {
    "en": {**en_goods.TEXTS, **en_services.TEXTS},
    "pl": {**pl_goods.TEXTS, **pl_services.TEXTS},
    "ru": {**ru_goods.TEXTS, **ru_services.TEXTS},
}
