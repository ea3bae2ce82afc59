"""Words for codes: intents, score levels, request states and refusals, in the visitor's language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from babel import Locale
from flask import g, has_request_context
from flask_babel import get_locale

from matchmaker.core import intents as goal
from matchmaker.formats import reasons
from matchmaker.services.requests import RequestError, RequestProblem
from matchmaker.web.i18n import gettext as _  # on the request's translations
from matchmaker.web.i18n import lazy_gettext

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
    countries = [
        (code, name)
        for code, name in names.items()
        if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ")
    ]
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


def interest_label(tag: str, interests: Sequence[Mapping[str, str]]) -> str:
    """The event's label for an interest tag in the visitor's language, else the tag itself."""
    return reasons.interest_label(tag, interests, babel_locale().language)


# Where the labels start, on the calibrated score. Measured (python -m benchmarks.bench_matching, "scores
# without a floor"): at 0.5, 2-5% of the pairs a matcher lists that are no labelled match remain, on each
# of three events (set 1, set 2, the demo fair); at 0.4, 5-13%. Below "good" and above the event's floor
# (DEFAULT_MATCH_FLOOR, 0.25) is "worth a look".
STRONG_FROM = 0.5
GOOD_FROM = 0.4


def score_level(score: float) -> tuple[str, str]:
    """(css class, words) for a recommendation score: a level people grasp at a glance, not a number.

    Scores are calibrated on each event's own background, so a level means the same at every event.
    """
    if score >= STRONG_FROM:
        return "high", _("Strong match")
    if score >= GOOD_FROM:
        return "good", _("Good match")
    return "fair", _("Worth a look")


def request_problem(error: RequestError) -> str:
    messages = {
        RequestProblem.SELF: _("You can't send a meeting request to yourself."),
        RequestProblem.UNKNOWN_PERSON: _("This person is not registered for this event."),
        RequestProblem.NOT_AVAILABLE: _("This person is not available for meeting requests."),
        RequestProblem.ALREADY_REQUESTED: _(
            "You have already asked this person; they have not answered yet."
        ),
        RequestProblem.ALREADY_AGREED: _("You have already agreed to meet this person."),
        RequestProblem.NOT_FOUND: _("This request does not exist or is not yours."),
        RequestProblem.NOT_OPEN: _("This request has already been answered, withdrawn or has expired."),
        RequestProblem.REQUESTS_CLOSED: _("Meeting requests open once the organisers publish the schedule."),
    }
    if error.problem == RequestProblem.CAP_REACHED:
        return _(
            "You have reached this event's limit of %(cap)d open meeting requests. Withdraw one, or "
            "wait for answers, before asking someone else.",
            cap=error.cap,
        )
    return messages[error.problem]


def reason_text(reason: Mapping[str, Any] | str, interests: Sequence[Mapping[str, str]] = ()) -> str:
    """A matcher reason as one sentence in the visitor's language (``formats/reasons.py``)."""
    return reasons.reason_text(reason, interests, _, babel_locale().language)


def reason_json(
    reason: Mapping[str, Any] | str, interests: Sequence[Mapping[str, str]] = ()
) -> dict[str, Any]:
    """A reason for the API: its data as stored plus ``text``, worded in the requester's language."""
    return reasons.reason_json(reason, interests, _, babel_locale().language)
