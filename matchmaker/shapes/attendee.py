"""An attendee's profile, declared once: every entry point (registration form, profile page, organiser
edit, CSV import, JSON API, event import, ``matchmaker match``) validates through these models, and the
OpenAPI document is generated from them.

What depends on the event (its interest tags, its slot codes) is checked when the caller passes an
:class:`EventVocabulary` as the validation context; without one (``matchmaker match`` has no event),
any tag and slot code passes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
)
from pydantic_core import PydanticCustomError

from matchmaker.core.intents import INTENTS
from matchmaker.core.matching.profile import Profile
from matchmaker.shapes.text import Country, Email, InterfaceLanguage, Language, OptionalEmail, Text, Unique

# The limits, in one place: the forms, the CSV, the API and the OpenAPI document all read them here.
NAME_LENGTH = 200
EXTERNAL_ID_LENGTH = 64
COMPANY_LENGTH = 200
JOB_TITLE_LENGTH = 200
SECTOR_LENGTH = 120
# Offers, seeks and avoids: a long paragraph each (the API allowed 5,000 before the forms did).
STATEMENT_LENGTH = 5000
MAX_LANGUAGES = 20
MAX_INTERESTS = 50
INTEREST_LENGTH = 80
MAX_FREE_TAGS = 10
FREE_TAG_LENGTH = 60
MAX_UNAVAILABLE = 500
SLOT_CODE_LENGTH = 20
MAX_MEETINGS = 500
MAX_EXCLUSIONS = 50
# The profile's fields that hold one text each (a text box each on the registration, profile and
# organiser edit forms); the others are lists, slots, a number or flags.
TEXT_FIELDS = ("name", "email", "company", "job_title", "sector", "country", "offers", "seeks", "avoids")
# An attendee record's fields in the order every file shows them (the attendee CSV, the demo's CSV):
# declared once, so that a field added to the shape reaches every format.
RECORD_FIELDS = (
    "id",
    "name",
    "email",
    "company",
    "job_title",
    "sector",
    "country",
    "languages",
    "offers",
    "seeks",
    "avoids",
    "interests",
    "free_tags",
    "intents",
    "unavailable",
    "max_meetings",
)
# Those an attendee row keeps in columns of its own (the event document, the bulk import): the
# organiser's id is ``external_id``, free tags are stored among the interests, unavailability in a table.
STORED_FIELDS = tuple(f for f in RECORD_FIELDS if f not in ("id", "free_tags", "unavailable"))


@dataclass(frozen=True)
class EventVocabulary:
    """What an event defines that a profile must use: its interest tags (empty: the event has no list,
    any tag passes) and its slot codes (``None``: not checked)."""

    interest_tags: frozenset[str] = frozenset()
    slot_codes: frozenset[str] | None = None


def _vocabulary(info: ValidationInfo) -> EventVocabulary | None:
    context = info.context or {}
    vocabulary = context.get("event") if isinstance(context, dict) else None
    return vocabulary if isinstance(vocabulary, EventVocabulary) else None


def _intent(value: str) -> str:
    if value not in INTENTS:
        raise PydanticCustomError(
            "unknown_intent",
            "unknown intent '{value}' (known: {known})",
            {"value": value, "known": ", ".join(INTENTS)},
        )
    return value


Intent = Annotated[str, AfterValidator(_intent), WithJsonSchema({"type": "string", "enum": list(INTENTS)})]


Tag = Annotated[str, Text(INTEREST_LENGTH)]
FreeTag = Annotated[str, Text(FREE_TAG_LENGTH)]
SlotCode = Annotated[str, Text(SLOT_CODE_LENGTH)]
CompanyName = Annotated[str, Text(COMPANY_LENGTH)]


class _Shape(BaseModel):
    # A field nobody declared is an error (a typo must not be ignored silently); values are immutable.
    model_config = ConfigDict(extra="forbid", frozen=True)


class AttendeeProfile(_Shape):
    """What an attendee says about themselves, whoever enters it."""

    name: Annotated[str, Text(NAME_LENGTH, required=True)]
    company: Annotated[str, Text(COMPANY_LENGTH)] = ""
    job_title: Annotated[str, Text(JOB_TITLE_LENGTH)] = ""
    sector: Annotated[str, Text(SECTOR_LENGTH)] = ""
    country: Country = ""
    languages: Annotated[tuple[Language, ...], Field(max_length=MAX_LANGUAGES), Unique] = ()
    # Seeks is declared before offers so that the "offers or seeks" rule on offers can see it.
    seeks: Annotated[str, Text(STATEMENT_LENGTH, multiline=True)] = ""
    offers: Annotated[str, Text(STATEMENT_LENGTH, multiline=True)] = Field("", validate_default=True)
    # What the attendee does not want to be offered or asked for; items separated like offers and seeks.
    avoids: Annotated[str, Text(STATEMENT_LENGTH, multiline=True)] = ""
    # The event's interest tags (checked against the event's list when it has one) ...
    interests: Annotated[tuple[Tag, ...], Field(max_length=MAX_INTERESTS), Unique] = ()
    # ... and the attendee's own words for more interests (no list to check them against).
    free_tags: Annotated[tuple[FreeTag, ...], Field(max_length=MAX_FREE_TAGS), Unique] = ()
    intents: Annotated[tuple[Intent, ...], Field(max_length=len(INTENTS)), Unique] = ()
    # Codes of the slots the attendee can't meet in (checked against the event's slots).
    unavailable: Annotated[tuple[SlotCode, ...], Field(max_length=MAX_UNAVAILABLE), Unique] = ()
    max_meetings: Annotated[int, Field(ge=0, le=MAX_MEETINGS)] | None = None

    @field_validator("interests")
    @classmethod
    def _known_interests(cls, tags: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        vocabulary = _vocabulary(info)
        if vocabulary is not None and vocabulary.interest_tags:
            unknown = [tag for tag in tags if tag not in vocabulary.interest_tags]
            if unknown:
                raise PydanticCustomError(
                    "unknown_interest",
                    "the event has no interest '{value}' (known: {known})",
                    {"value": unknown[0], "known": ", ".join(sorted(vocabulary.interest_tags))},
                )
        return tags

    @field_validator("unavailable")
    @classmethod
    def _known_slots(cls, codes: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        vocabulary = _vocabulary(info)
        if vocabulary is not None and vocabulary.slot_codes is not None:
            unknown = [code for code in codes if code not in vocabulary.slot_codes]
            if unknown:
                raise PydanticCustomError(
                    "unknown_slot", "the event has no slot '{value}'", {"value": unknown[0]}
                )
        return codes

    @field_validator("offers")
    @classmethod
    def _offers_or_seeks(cls, offers: str, info: ValidationInfo) -> str:
        # Seeks that failed its own check is reported there; this rule needs a valid one.
        if not offers and info.data.get("seeks") == "":
            raise PydanticCustomError("offers_or_seeks", "an attendee needs offers or seeks (both are empty)")
        return offers

    def all_interests(self) -> tuple[str, ...]:
        """Event tags and free tags together, as stored on the attendee and used by the matcher."""
        return tuple(dict.fromkeys([*self.interests, *self.free_tags]))


class AttendeeEdit(AttendeeProfile):
    """An organiser's edit of one attendee: the e-mail is optional (walk-ins have none)."""

    email: OptionalEmail = ""


class AttendeeRecord(AttendeeEdit):
    """An attendee as the organiser's data has them: a row of the attendee CSV, a record of the API's
    attendee import. ``id`` is the organiser's own id."""

    id: Annotated[str, Text(EXTERNAL_ID_LENGTH, required=True)]

    def to_profile(self) -> Profile:
        """What the matcher needs from this record, keyed by the organiser's id."""
        return Profile(
            key=self.id,
            offers=self.offers,
            seeks=self.seeks,
            avoids=self.avoids,
            name=self.name,
            company=self.company,
            sector=self.sector,
            interests=self.all_interests(),
            intents=self.intents,
            languages=self.languages,
        )


class SelfProfile(AttendeeProfile):
    """What attendees enter themselves (registration, their profile page, the API's ``/me``): the e-mail
    is required, and they may name people and companies not to be matched with."""

    email: Email
    excluded_companies: Annotated[tuple[CompanyName, ...], Field(max_length=MAX_EXCLUSIONS), Unique] = ()
    excluded_emails: Annotated[tuple[Email, ...], Field(max_length=MAX_EXCLUSIONS), Unique] = ()
    locale: InterfaceLanguage = "en"


class Registration(SelfProfile):
    """A new attendee: a profile and the agreement to the event's privacy terms."""

    consent: Literal[True] = Field(
        description="The attendee agrees to the event's privacy terms; must be true."
    )

    @field_validator("consent", mode="before")
    @classmethod
    def _consent_given(cls, value: Any) -> Any:
        if value is not True:
            raise PydanticCustomError("consent", "must be true: the attendee agrees to the privacy terms")
        return value
