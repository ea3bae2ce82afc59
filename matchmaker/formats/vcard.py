"""Contact cards as vCard 3.0 (RFC 2426), the version every phone's contacts app imports.

vCard 4.0 (RFC 6350) is newer, but Android's and older iOS contacts apps import it only partly; the
fields here (name, organisation, title, e-mail, note) mean the same in both. Written with ``vobject``,
which escapes and folds the lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import vobject


@dataclass(frozen=True)
class ContactCard:
    # Stable for one person at one event, so importing the card again updates the contact.
    uid: str
    name: str
    company: str = ""
    job_title: str = ""
    email: str | None = None
    note: str = ""


def _vcard(card: ContactCard) -> str:
    entry = vobject.vCard()
    entry.add("uid").value = card.uid
    entry.add("fn").value = card.name
    # Only the full name is known: splitting it into given and family names would guess wrong for many
    # (Polish, Russian and Hungarian order differ), so it stands whole as the given name.
    entry.add("n").value = vobject.vcard.Name(given=card.name)
    if card.company:
        entry.add("org").value = [card.company]
    if card.job_title:
        entry.add("title").value = card.job_title
    if card.email:
        email = entry.add("email")
        email.value = card.email
        email.type_param = "INTERNET"
    if card.note:
        entry.add("note").value = card.note
    return str(entry.serialize())


def write_vcards(cards: Iterable[ContactCard]) -> str:
    """One ``.vcf`` document holding every card (CRLF lines, as the RFC wants)."""
    return "".join(_vcard(card) for card in cards)
