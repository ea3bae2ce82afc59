"""The building blocks every shape is made of: text that can be stored, e-mail addresses, codes.

Each type strips surrounding white space, refuses what no database column can hold (NUL characters,
broken unicode) and, for one-line text, control characters and line breaks (a name with a line break
would end up in a mail header). A refusal is a pydantic error with a stable ``type`` and the values of
its message in ``ctx``: entry points turn it into words (the API in English, forms in the visitor's
language, see :mod:`matchmaker.web.shape_messages`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any
from zoneinfo import available_timezones

from babel import Locale
from pydantic import AfterValidator, GetCoreSchemaHandler, GetJsonSchemaHandler, WithJsonSchema
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# Languages the product speaks (pages, mails, interest labels); matchmaker.web.i18n names them.
INTERFACE_LANGUAGES: tuple[str, ...] = ("en", "pl", "ru")
# Deliberately loose: the confirmation mail is the real check; this catches "not-an-email" and typos
# like a missing "@" or a space.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_EMAIL = re.compile(EMAIL_PATTERN)
EMAIL_LENGTH = 254
_LINE_BREAKS = {"\n", "\r", "\u2028", "\u2029", "\x85"}
_PARAGRAPH_CONTROLS = {"\n", "\r", "\t"}
# Pseudo-territories babel lists that are not countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}


def unusable(text: str) -> bool:
    """True for text no column can hold or compare: NUL characters or unpaired surrogates."""
    if "\x00" in text:
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _storable(value: Any) -> Any:
    """NUL can't be stored by PostgreSQL; refuse it here, before any column sees it."""
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError("unstorable", "contains a NUL character, which can't be stored")
    return value


def _one_line(value: str) -> str:
    for character in value:
        if character in _LINE_BREAKS or unicodedata.category(character) == "Cc":
            raise PydanticCustomError("control_character", "must be one line without control characters")
    return value


def _paragraph(value: str) -> str:
    for character in value:
        if unicodedata.category(character) == "Cc" and character not in _PARAGRAPH_CONTROLS:
            raise PydanticCustomError("control_character_text", "contains a control character")
    return value.replace("\r\n", "\n")


# Letters that draw nothing but are not format characters (Hangul fillers, the blank Braille pattern).
_INVISIBLE_LETTERS = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800"}


def blank(text: str) -> bool:
    """True for text that shows nothing: empty, or only white space and invisible characters
    (zero-width spaces and joiners, byte-order marks, direction marks, fillers)."""
    return all(
        character.isspace() or character in _INVISIBLE_LETTERS or unicodedata.category(character) == "Cf"
        for character in text
    )


def _required(value: str) -> str:
    if not value:
        raise PydanticCustomError("required", "is required")
    return value


@dataclass(frozen=True)
class Text:
    """Metadata for a text field: ``Annotated[str, Text(200, required=True)]``.

    The text is stripped and at most ``max_length`` characters; text that shows nothing (only white space
    and invisible characters) is empty; NUL is refused; one-line text (the
    default) refuses line breaks and control characters, ``multiline`` text allows new lines and tabs.
    """

    max_length: int
    required: bool = False
    multiline: bool = False

    def _check(self, value: str) -> str:
        value = _paragraph(value) if self.multiline else _one_line(value)
        # A text that shows nothing counts as empty: a name of zero-width spaces is no name.
        value = "" if blank(value) else value
        return _required(value) if self.required else value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        text = core_schema.str_schema(strip_whitespace=True, max_length=self.max_length)
        checked = core_schema.no_info_after_validator_function(self._check, text)
        return core_schema.no_info_before_validator_function(_storable, checked)

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        if self.required:
            json_schema["minLength"] = 1
        return json_schema


def normalise_email(value: str) -> str:
    """The form an address is stored and compared in: trimmed, lower-cased."""
    return value.strip().lower()


def looks_like_email(value: str) -> bool:
    """The one e-mail check (see ``EMAIL_PATTERN``): every shape and the organiser accounts use it."""
    return _EMAIL.match(value) is not None


def _email(value: str) -> str:
    if value and not looks_like_email(value):
        raise PydanticCustomError("email", "is not an e-mail address (example: anna@company.com)")
    return normalise_email(value)


# An e-mail address, stored lower-cased; "" where the shape allows none (see OptionalEmail).
Email = Annotated[
    str,
    Text(EMAIL_LENGTH, required=True),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "maxLength": EMAIL_LENGTH, "format": "email"}),
]
OptionalEmail = Annotated[
    str,
    Text(EMAIL_LENGTH),
    AfterValidator(_email),
    WithJsonSchema({"type": "string", "maxLength": EMAIL_LENGTH}),
]


@cache
def country_codes() -> frozenset[str]:
    territories = Locale.parse("en").territories
    return frozenset(
        str(code)
        for code in territories
        if len(str(code)) == 2 and str(code).isalpha() and code not in _NOT_COUNTRIES
    )


def _country(value: str) -> str:
    code = value.upper()
    if code and code not in country_codes():
        raise PydanticCustomError("country", "is not a two-letter country code such as PL")
    return code


Country = Annotated[
    str,
    Text(2),
    AfterValidator(_country),
    WithJsonSchema({"type": "string", "maxLength": 2, "example": "PL"}),
]


@cache
def language_codes() -> frozenset[str]:
    codes = (str(code) for code in Locale.parse("en").languages)
    return frozenset(code for code in codes if re.fullmatch(r"[a-z]{2,3}", code))


def _language(value: str) -> str:
    code = value.lower()
    if code not in language_codes():
        raise PydanticCustomError("language", "is not a language code such as en or pl")
    return code


# A language someone speaks (ISO 639: "en", "pl", "uk" ...).
Language = Annotated[
    str,
    Text(8, required=True),
    AfterValidator(_language),
    WithJsonSchema({"type": "string", "maxLength": 8, "example": "pl"}),
]


def _interface_language(value: str) -> str:
    value = value.lower()
    if value not in INTERFACE_LANGUAGES:
        raise PydanticCustomError(
            "interface_language", "must be one of {choices}", {"choices": ", ".join(INTERFACE_LANGUAGES)}
        )
    return value


# A language the product speaks: an event's languages, an attendee's mail language.
InterfaceLanguage = Annotated[
    str,
    Text(8),
    AfterValidator(_interface_language),
    WithJsonSchema({"type": "string", "enum": list(INTERFACE_LANGUAGES)}),
]


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


@cache
def time_zones() -> tuple[str, ...]:
    """IANA zones offered as a choice, sorted (legacy aliases like "US/Eastern" are left out of the list,
    though still accepted)."""
    return tuple(
        sorted(
            zone
            for zone in _known_zones()
            if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix", "right/"))
        )
    )


def _time_zone(value: str) -> str:
    if value not in _known_zones():
        raise PydanticCustomError("time_zone", "is not a known time zone (e.g. Europe/Warsaw)")
    return value


TimeZone = Annotated[
    str,
    Text(64, required=True),
    AfterValidator(_time_zone),
    WithJsonSchema({"type": "string", "maxLength": 64, "example": "Europe/Warsaw"}),
]


def unique(items: tuple[Any, ...]) -> tuple[Any, ...]:
    """Repeated and empty items are dropped (keeping the first of each); the order stays."""
    return tuple(dict.fromkeys(item for item in items if item != ""))


# For list fields: ``Annotated[tuple[Language, ...], Field(max_length=20), Unique]``.
Unique = AfterValidator(unique)
