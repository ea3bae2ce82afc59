"""Forms of the attendee pages (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from matchmaker.core.intents import INTENTS
from matchmaker.db.models import Event
from matchmaker.services.registration import ProfileData
from matchmaker.web.attendee.labels import INTENT_LABELS, country_choices, interest_label, language_choices

# Deliberately loose: the confirmation mail is the real check; this catches typos like a missing "@".
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_FREE_TAGS = 10


class MultiCheckboxField(SelectMultipleField):  # type: ignore[misc]
    """A list of checkboxes: usable by thumb and keyboard, unlike a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _valid_email(_form: FlaskForm, field: Field) -> None:
    if field.data and not _EMAIL.match(field.data.strip()):
        raise ValidationError(_l("This doesn't look like an e-mail address (example: anna@company.com)."))


def split_tags(raw: str) -> list[str]:
    """Free tags typed as "a, b; c": trimmed, without empty or repeated entries."""
    tags = [tag.strip() for tag in re.split(r"[,;\n]", raw or "")]
    return list(dict.fromkeys(tag[:60] for tag in tags if tag))


def split_exclusions(raw: str) -> tuple[list[str], list[str]]:
    """"Don't match me with" lines -> (companies, e-mails): a line with "@" names a person."""
    lines = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    return [x[:200] for x in lines if "@" not in x], [x for x in lines if "@" in x]


class ProfileForm(FlaskForm):  # type: ignore[misc]
    """Everything an attendee says about themselves; used to register and to edit the profile."""

    def validate(self, extra_validators: Any = None) -> bool:
        """Field validators, plus: no text field may hold a NUL character (no database stores one)."""
        valid: bool = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and "\x00" in field.data:
                message = _l("This text contains a control character; please retype it.")
                field.errors = [*field.errors, message]
                valid = False
        return valid


    name = StringField(_l("Full name"),
                       validators=[DataRequired(_l("Please enter your name.")), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Please enter your e-mail address.")),
                                                 Length(max=254), _valid_email])
    company = StringField(_l("Company or organisation"), validators=[Length(max=200)])
    job_title = StringField(_l("Job title"), validators=[Length(max=200)])
    sector = StringField(_l("Sector"), validators=[Length(max=120)])
    country = SelectField(_l("Country"), validators=[Optional()], validate_choice=True)
    languages = MultiCheckboxField(_l("Languages I speak"), validate_choice=True)
    offers = TextAreaField(_l("What I offer"), validators=[Length(max=2000)])
    seeks = TextAreaField(_l("What I am looking for"), validators=[Length(max=2000)])
    interests = MultiCheckboxField(_l("Interests"), validate_choice=True)
    free_tags = StringField(_l("More interests (separate with commas)"), validators=[Length(max=600)])
    intents = MultiCheckboxField(_l("I am here to"), validate_choice=True)
    available_slots = MultiCheckboxField(_l("When I can meet"), coerce=int, validate_choice=True)
    max_meetings = IntegerField(_l("Maximum number of meetings"), validators=[
        Optional(),
        NumberRange(min=1, max=60, message=_l("Choose a number from 1 to 60, or leave it empty.")),
    ])
    dont_match = TextAreaField(_l("Don't match me with"), validators=[Length(max=2000)])
    consent = BooleanField(_l("I agree to the privacy terms above"),
                           validators=[DataRequired(_l("Please agree to the privacy terms to take part."))])

    def bind_event(self, event: Event, languages: list[str] | tuple[str, ...] = ()) -> None:
        """Fill the choices that depend on the event and on the visitor's language (plus ``languages``
        already in the profile being edited, so none is lost)."""
        countries = [SelectChoice(code, name) for code, name in country_choices()]
        self.country.choices = [SelectChoice("", _l("— choose —")), *countries]
        self.languages.choices = [SelectChoice(code, name) for code, name in language_choices(languages)]
        self.interests.choices = [SelectChoice(i["tag"], interest_label(i["tag"], event.interests))
                                  for i in event.interests]
        self.intents.choices = [SelectChoice(code, INTENT_LABELS[code]) for code in INTENTS]
        self.available_slots.choices = [SelectChoice(slot.id, slot.code) for slot in event.slots]

    def validate_seeks(self, field: Field) -> None:
        if not (self.offers.data or "").strip() and not (field.data or "").strip():
            raise ValidationError(_l("Tell us what you offer or what you are looking for (or both): "
                                     "this is what we match on."))

    def validate_free_tags(self, field: Field) -> None:
        if len(split_tags(field.data)) > MAX_FREE_TAGS:
            raise ValidationError(_l("Please keep to %(count)d extra interests.", count=MAX_FREE_TAGS))

    def to_profile(self, event: Event, locale: str) -> ProfileData:
        companies, emails = split_exclusions(self.dont_match.data)
        all_slots = {slot.id for slot in event.slots}
        known_tags = {i["tag"] for i in event.interests}
        return ProfileData(
            name=self.name.data or "", email=self.email.data or "", company=self.company.data or "",
            job_title=self.job_title.data or "", sector=self.sector.data or "",
            country=self.country.data or "", languages=tuple(self.languages.data or ()),
            offers=self.offers.data or "", seeks=self.seeks.data or "",
            interests=tuple([*(self.interests.data or ()),
                             *(t for t in split_tags(self.free_tags.data) if t not in known_tags)]),
            intents=tuple(self.intents.data or ()),
            unavailable_slot_ids=frozenset(all_slots - set(self.available_slots.data or ())),
            max_meetings=self.max_meetings.data, excluded_companies=tuple(companies),
            excluded_emails=tuple(emails), locale=locale,
        )

    def fill_from(self, values: dict[str, Any]) -> None:
        """Pre-fill every field from ``values`` (a profile being edited)."""
        for name, value in values.items():
            getattr(self, name).data = value


class LostLinkForm(FlaskForm):  # type: ignore[misc]
    email = EmailField(_l("E-mail you registered with"), validators=[
        DataRequired(_l("Please enter your e-mail address.")), Length(max=254), _valid_email])


class RequestForm(FlaskForm):  # type: ignore[misc]
    message = TextAreaField(_l("Message (optional)"), validators=[Length(max=500)])


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button that changes something: carries only the CSRF token."""


class FeedbackForm(FlaskForm):  # type: ignore[misc]
    took_place = RadioField(_l("Did the meeting take place?"),
                            choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
                            validators=[InputRequired(_l("Please say whether the meeting took place."))])
    rating = RadioField(_l("How useful was it? (1 = not at all, 5 = very)"),
                        choices=[SelectChoice(str(n)) for n in range(1, 6)], validators=[Optional()])
    wants_follow_up = BooleanField(_l("I want to follow up with this person"))
    comment = TextAreaField(_l("Anything else? (only the organisers see this)"),
                            validators=[Length(max=2000)])


class DeleteForm(FlaskForm):  # type: ignore[misc]
    confirm = BooleanField(_l("Yes, delete my profile, my requests and my meetings"),
                           validators=[DataRequired(_l("Tick the box to confirm the deletion."))])
