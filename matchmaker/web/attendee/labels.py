"""Words for codes: intents, score levels, request states and refusals, in the visitor's language."""

from __future__ import annotations

import re

from babel import Locale
from flask import g, has_request_context
from flask_babel import get_locale, lazy_gettext

from matchmaker.core import intents as goal
from matchmaker.services.requests import RequestError, RequestProblem
from matchmaker.web.i18n import gettext as _  # on the request's translations

INTENT_LABELS = {
    goal.FIND_CLIENTS: lazy_gettext("Find clients"),
    goal.FIND_SUPPLIERS: lazy_gettext("Find suppliers"),
    goal.FIND_PARTNERS: lazy_gettext("Find partners"),
    goal.FIND_INVESTORS: lazy_gettext("Find investors"),
    goal.FIND_STARTUPS: lazy_gettext("Find startups to invest in"),
    goal.FIND_TALENT: lazy_gettext("Find talent"),
    goal.FIND_JOB: lazy_gettext("Find a job"),
    goal.FIND_MENTOR: lazy_gettext("Find a mentor"),
    goal.FIND_MENTEES: lazy_gettext("Find mentees"),
    goal.KNOWLEDGE_EXCHANGE: lazy_gettext("Knowledge exchange"),
}

# Languages offered as "languages I speak": those most heard at central European fairs (a short list
# keeps the form short on a phone; a profile's other languages are kept and shown too).
SPOKEN_LANGUAGES = ("en", "pl", "ru", "uk", "de", "fr", "es", "it", "cs", "lt", "tr", "zh")

REQUEST_STATUS_LABELS = {
    "requested": lazy_gettext("Waiting for an answer"),
    "accepted": lazy_gettext("Accepted"),
    "declined": lazy_gettext("Declined"),
    "cancelled": lazy_gettext("Cancelled"),
    "expired": lazy_gettext("Expired without an answer"),
}


def babel_locale() -> Locale:
    """The visitor's locale for dates and names. Plain English is formatted the British way: fairs
    here run on a 24-hour clock and day-month dates, which US formats ("9:20 AM", "May 18") are not."""
    if has_request_context() and "babel_locale" in g:  # asked for by every date on a page: once is enough
        cached: Locale = g.babel_locale
        return cached
    locale: Locale | None = get_locale()
    if locale is None or (locale.language == "en" and not locale.territory):
        locale = Locale.parse("en_GB")
    if has_request_context():
        g.babel_locale = locale
    return locale


def country_choices() -> list[tuple[str, str]]:
    """(ISO code, name in the visitor's language), sorted by name; only real two-letter countries."""
    names = babel_locale().territories
    countries = [(code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()
                 and code not in ("EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ")]
    return sorted(countries, key=lambda item: item[1].casefold())


def language_choices(also: list[str] | tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The usual languages plus ``also`` (a profile's own, e.g. from an import), named in the UI language."""
    names = babel_locale().languages
    codes = list(dict.fromkeys([*SPOKEN_LANGUAGES, *also]))
    return [(code, str(names.get(code, code))) for code in codes]


def language_name(code: str) -> str:
    return str(babel_locale().languages.get(code, code))


def country_name(code: str) -> str:
    return str(babel_locale().territories.get(code, code)) if code else ""


def interest_label(tag: str, interests: list[dict[str, str]]) -> str:
    """The event's label for an interest tag in the visitor's language, else the tag itself."""
    language = babel_locale().language
    for item in interests:
        if item.get("tag") == tag:
            return item.get(language) or item.get("en") or tag
    return tag


def score_level(score: float) -> tuple[str, str]:
    """(css class, words) for a recommendation score: a level people grasp at a glance, not a number.

    Scores are calibrated; on the demo fair (300 people) about 3 in 100 recommendations reach 0.6 and
    about 1 in 8 reach 0.35, so "excellent" stays rare enough to mean something.
    """
    if score >= 0.6:
        return "high", _("Excellent match")
    if score >= 0.35:
        return "good", _("Good match")
    return "fair", _("Worth a chat")


def request_problem(error: RequestError) -> str:
    messages = {
        RequestProblem.SELF: _("You can't send a meeting request to yourself."),
        RequestProblem.UNKNOWN_PERSON: _("This person is not registered for this event."),
        RequestProblem.NOT_AVAILABLE: _("This person is not available for meeting requests."),
        RequestProblem.ALREADY_REQUESTED: _(
            "You have already asked this person; they have not answered yet."),
        RequestProblem.ALREADY_AGREED: _("You have already agreed to meet this person."),
        RequestProblem.NOT_FOUND: _("This request does not exist or is not yours."),
        RequestProblem.NOT_OPEN: _("This request has already been answered, withdrawn or has expired."),
        RequestProblem.REQUESTS_CLOSED: _("Meeting requests open once the organisers publish the schedule."),
    }
    if error.problem == RequestProblem.CAP_REACHED:
        return _("You have reached this event's limit of %(cap)d open meeting requests. Withdraw one, or "
                 "wait for answers, before asking someone else.", cap=error.cap)
    return messages[error.problem]


# The matcher words its reasons in English from fixed patterns; these turn them into the visitor's
# language, keeping the attendees' own words (quoted from their profiles) as written.
_REASON_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Offers:? (?P<x>.+) — you are looking for this$"), "offers"),
    (re.compile(r"^Looks for:? (?P<x>.+) — that is what you offer$"), "seeks"),
    (re.compile(r"^You both work on (?P<x>.+)$"), "shared"),
    (re.compile(r"^Similar interests: (?P<x>.+)$"), "similar"),
    (re.compile(r"^Brings (?P<x>.+) know-how to your (?P<y>.+) business$"), "sector"),
    (re.compile(r"^Also attending this event$"), "attending"),
    (re.compile(r"^(?P<x>[A-Z][^—]+) — (?P<y>[a-z][^—]+)$"), "intent"),
]

# The matcher's wording of goals (keys), marked for translation (values, for pybabel); reason_text
# translates a key itself, on the request's translations.
_THEIR_GOALS = {
    "Is looking for clients": lazy_gettext("Is looking for clients"),
    "Is looking for suppliers": lazy_gettext("Is looking for suppliers"),
    "Is looking for partners": lazy_gettext("Is looking for partners"),
    "Is raising investment": lazy_gettext("Is raising investment"),
    "Invests in startups": lazy_gettext("Invests in startups"),
    "Is hiring": lazy_gettext("Is hiring"),
    "Is looking for a job": lazy_gettext("Is looking for a job"),
    "Is looking for a mentor": lazy_gettext("Is looking for a mentor"),
    "Offers mentoring": lazy_gettext("Offers mentoring"),
    "Wants to exchange know-how": lazy_gettext("Wants to exchange know-how"),
}
_YOUR_GOALS = {
    "you are looking for clients": lazy_gettext("you are looking for clients"),
    "you are looking for suppliers": lazy_gettext("you are looking for suppliers"),
    "so are you": lazy_gettext("so are you"),
    "you are raising investment": lazy_gettext("you are raising investment"),
    "you invest in startups": lazy_gettext("you invest in startups"),
    "you are hiring": lazy_gettext("you are hiring"),
    "you are looking for a job": lazy_gettext("you are looking for a job"),
    "you are looking for a mentor": lazy_gettext("you are looking for a mentor"),
    "you offer mentoring": lazy_gettext("you offer mentoring"),
    "so do you": lazy_gettext("so do you"),
}


def reason_text(reason: str) -> str:
    """A matcher reason in the visitor's language; unknown wording is shown as it is."""
    for pattern, kind in _REASON_PATTERNS:
        found = pattern.match(reason)
        if found is None:
            continue
        x, y = found.groupdict().get("x", ""), found.groupdict().get("y", "")
        if kind == "offers":
            return _("Offers: %(what)s — you are looking for this", what=x)
        if kind == "seeks":
            return _("Looks for: %(what)s — that is what you offer", what=x)
        if kind == "shared":
            return _("You both work on %(what)s", what=x)
        if kind == "similar":
            return _("Similar interests: %(what)s", what=x)
        if kind == "sector":
            return _("Brings %(their)s know-how to your %(yours)s business", their=x, yours=y)
        if kind == "attending":
            return _("Also attending this event")
        if x.strip() in _THEIR_GOALS and y.strip() in _YOUR_GOALS:  # the keys are the messages
            return f"{_(x.strip())} — {_(y.strip())}"
    return reason
