"""A matcher's reasons (``matchmaker.core.matching.Reason``, stored as data) as one sentence each, and
as the JSON the API and ``matchmaker match`` write: the data plus its ``text``.

Neutral about where words come from: the caller passes its ``gettext`` (a page's or request's
translations in web/attendee/labels.py; none, so English, for the command line) and the language that
names interest tags. No framework here, so the web layer and the command line share one wording.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from matchmaker.core import intents as goal

Gettext = Callable[[str], str]


def _english(text: str) -> str:
    return text


def interest_label(tag: str, interests: Sequence[Mapping[str, str]], language: str = "en") -> str:
    """The event's label for an interest tag in ``language``, else in English, else the tag itself."""
    for item in interests:
        if item.get("tag") == tag:
            return item.get(language) or item.get("en") or tag
    return tag


# A candidate's goal and the viewer's goal that answers it, said to the viewer: msgids, translated on the
# caller's translations by reason_text.


def _l(text: str) -> str:
    """Marks ``text`` for pybabel (a keyword in scripts/update_translations.py); returns it unchanged."""
    return text


_THEIR_GOAL = {
    goal.FIND_CLIENTS: _l("Is looking for clients"),
    goal.FIND_SUPPLIERS: _l("Is looking for suppliers"),
    goal.FIND_PARTNERS: _l("Is looking for partners"),
    goal.FIND_INVESTORS: _l("Is raising investment"),
    goal.FIND_STARTUPS: _l("Invests in startups"),
    goal.FIND_TALENT: _l("Is hiring"),
    goal.FIND_JOB: _l("Is looking for a job"),
    goal.FIND_MENTOR: _l("Is looking for a mentor"),
    goal.FIND_MENTEES: _l("Offers mentoring"),
    goal.KNOWLEDGE_EXCHANGE: _l("Wants to exchange know-how"),
}
_YOUR_GOAL = {
    goal.FIND_CLIENTS: _l("you are looking for clients"),
    goal.FIND_SUPPLIERS: _l("you are looking for suppliers"),
    goal.FIND_PARTNERS: _l("so are you"),
    goal.FIND_INVESTORS: _l("you are raising investment"),
    goal.FIND_STARTUPS: _l("you invest in startups"),
    goal.FIND_TALENT: _l("you are hiring"),
    goal.FIND_JOB: _l("you are looking for a job"),
    goal.FIND_MENTOR: _l("you are looking for a mentor"),
    goal.FIND_MENTEES: _l("you offer mentoring"),
    goal.KNOWLEDGE_EXCHANGE: _l("so do you"),
}
# Quoted items are cut at a word near this many characters: a reason is one line on a phone.
QUOTE_CHARS = 90


def _quote(items: Sequence[str]) -> str:
    text = "; ".join(item.strip() for item in items if item.strip())
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return text


def _tags(codes: Sequence[str], interests: Sequence[Mapping[str, str]], language: str) -> str:
    return ", ".join(interest_label(code, interests, language) for code in codes)


def reason_text(
    reason: Mapping[str, Any] | str,
    interests: Sequence[Mapping[str, str]] = (),
    gettext: Gettext = _english,
    language: str = "en",
) -> str:
    """A matcher reason (structured, see ``matchmaker.core.matching.Reason``) as one sentence, worded by
    ``gettext``. The attendees' own words are quoted as they wrote them; interest tags are named by the
    event's own translations (``interests``: the event's interest list) in ``language``."""
    if isinstance(reason, str):  # not structured: nothing to translate, shown as it is
        return reason
    kind = reason.get("kind")
    yours, theirs, codes = (list(reason.get(key) or ()) for key in ("yours", "theirs", "codes"))
    if kind == "they_offer" and theirs:
        if yours:
            return gettext("You seek: %(yours)s — they offer: %(theirs)s") % {
                "yours": _quote(yours),
                "theirs": _quote(theirs),
            }
        return gettext("Offers: %(what)s — you are looking for this") % {"what": _quote(theirs)}
    if kind == "they_seek" and theirs:
        if yours:
            return gettext("They seek: %(theirs)s — you offer: %(yours)s") % {
                "theirs": _quote(theirs),
                "yours": _quote(yours),
            }
        return gettext("Looks for: %(what)s — that is what you offer") % {"what": _quote(theirs)}
    if kind == "shared_interests" and codes:
        return gettext("You both work on %(what)s") % {"what": _tags(codes, interests, language)}
    if kind == "similar_interests" and codes:
        return gettext("Similar interests: %(what)s") % {"what": _tags(codes, interests, language)}
    if kind == "goals" and len(codes) == 2 and codes[0] in _THEIR_GOAL and codes[1] in _YOUR_GOAL:
        return f"{gettext(_THEIR_GOAL[codes[0]])} — {gettext(_YOUR_GOAL[codes[1]])}"
    return gettext("Also attending this event")


def reason_json(
    reason: Mapping[str, Any] | str,
    interests: Sequence[Mapping[str, str]] = (),
    gettext: Gettext = _english,
    language: str = "en",
) -> dict[str, Any]:
    """A reason as JSON: its data as stored plus ``text``, worded by ``gettext`` (see reason_text)."""
    data: dict[str, Any] = (
        dict(reason)
        if not isinstance(reason, str)
        else {"kind": "text", "yours": [], "theirs": [], "codes": []}
    )
    return data | {"text": reason_text(reason, interests, gettext, language)}
