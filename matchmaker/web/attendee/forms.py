"""Forms of the attendee pages (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from pydantic import TypeAdapter, ValidationError
from wtforms import (
    BooleanField,
    EmailField,
    Field,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.validators import ValidationError as ValidationError_
from wtforms.widgets import CheckboxInput, ListWidget

from matchmaker.core.intents import INTENTS
from matchmaker.db.models import Event
from matchmaker.services.registration import ProfileData
from matchmaker.shapes.attendee import MAX_FREE_TAGS, TEXT_FIELDS, Registration
from matchmaker.shapes.event import RequestMessage
from matchmaker.shapes.problems import problems_of
from matchmaker.shapes.text import EMAIL_LENGTH, Email
from matchmaker.web.attendee.labels import INTENT_LABELS, country_choices, interest_label, language_choices
from matchmaker.web.i18n import lazy_gettext as _l
from matchmaker.web.self_profile import profile_data, shape_context
from matchmaker.web.shape_messages import field_errors

__all__ = [
    "MAX_FREE_TAGS",
    "ActionForm",
    "DeleteForm",
    "FeedbackForm",
    "LostLinkForm",
    "ProfileForm",
    "RequestForm",
]
_EMAIL: TypeAdapter[str] = TypeAdapter(Email)
# A shape's field -> the form field its problems are shown beside.
_FORM_FIELD = {
    "unavailable": "available_slots",
    "excluded_companies": "dont_match",
    "excluded_emails": "dont_match",
    "locale": "name",
}


class MultiCheckboxField(SelectMultipleField):  # type: ignore[misc]
    """A list of checkboxes: usable by thumb and keyboard, unlike a multi-select box."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def split_tags(raw: str) -> list[str]:
    """Free tags typed as "a, b; c": trimmed, without empty or repeated entries."""
    tags = [tag.strip() for tag in re.split(r"[,;\n]", raw or "")]
    return list(dict.fromkeys(tag for tag in tags if tag))


def split_exclusions(raw: str) -> tuple[list[str], list[str]]:
    """ "Don't match me with" lines -> (companies, e-mails): a line with "@" names a person."""
    lines = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    return [x for x in lines if "@" not in x], [x for x in lines if "@" in x]


def _attach(form: FlaskForm, errors: dict[str, list[str]]) -> None:
    for name, messages in errors.items():
        field = form[name] if name in form else next(iter(form))
        field.errors = [*field.errors, *messages]


class ProfileForm(FlaskForm):  # type: ignore[misc]
    """Everything an attendee says about themselves; used to register and to edit the profile.

    The fields are the page's; the rules are the one declaration of a profile
    (:class:`matchmaker.shapes.attendee.Registration`), checked in :meth:`validate` with the event's
    interests and slots, every problem shown beside its field at once.
    """

    name = StringField(_l("Full name"))
    email = EmailField(_l("E-mail"))
    company = StringField(_l("Company or organisation"))
    job_title = StringField(_l("Job title"))
    sector = StringField(_l("Sector"))
    country = SelectField(_l("Country"), validate_choice=False)
    languages = MultiCheckboxField(_l("Languages I speak"), validate_choice=False)
    offers = TextAreaField(_l("What I offer"))
    seeks = TextAreaField(_l("What I am looking for"))
    avoids = TextAreaField(_l("What I don't want to be offered"))
    interests = MultiCheckboxField(_l("Interests"), validate_choice=False)
    free_tags = StringField(_l("More interests (separate with commas)"))
    intents = MultiCheckboxField(_l("I am here to"), validate_choice=False)
    available_slots = MultiCheckboxField(_l("When I can meet"), coerce=int, validate_choice=True)
    max_meetings = StringField(
        _l("Maximum number of meetings"), render_kw={"type": "number", "inputmode": "numeric", "min": 0}
    )
    dont_match = TextAreaField(_l("Don't match me with"))
    consent = BooleanField(_l("I agree to the privacy terms above"))

    _event: Event | None = None
    _locale: str = "en"
    profile: Registration | None = None

    def bind_event(
        self, event: Event, languages: list[str] | tuple[str, ...] = (), locale: str = "en"
    ) -> None:
        """Fill the choices that depend on the event and on the visitor's language (plus ``languages``
        already in the profile being edited, so none is lost)."""
        self._event, self._locale = event, locale
        countries = [SelectChoice(code, name) for code, name in country_choices()]
        self.country.choices = [SelectChoice("", _l("— choose —")), *countries]
        self.languages.choices = [SelectChoice(code, name) for code, name in language_choices(languages)]
        self.interests.choices = [
            SelectChoice(i["tag"], interest_label(i["tag"], event.interests)) for i in event.interests
        ]
        self.intents.choices = [SelectChoice(code, INTENT_LABELS[code]) for code in INTENTS]
        self.available_slots.choices = [SelectChoice(slot.id, slot.code) for slot in event.slots]

    def _shape_input(self, event: Event) -> dict[str, Any]:
        known = {item["tag"] for item in event.interests}
        typed = split_tags(self.free_tags.data or "")
        companies, emails = split_exclusions(self.dont_match.data or "")
        available = set(self.available_slots.data or ())
        data: dict[str, Any] = {name: getattr(self, name).data or "" for name in TEXT_FIELDS}
        # A typed tag that the event lists counts as ticked.
        ticked = [*(self.interests.data or ()), *(tag for tag in typed if tag in known)]
        return data | {
            "languages": list(self.languages.data or ()),
            "interests": list(dict.fromkeys(ticked)),
            "free_tags": [t for t in typed if t not in known],
            "intents": list(self.intents.data or ()),
            "unavailable": [slot.code for slot in event.slots if slot.id not in available],
            "max_meetings": (self.max_meetings.data or "").strip() or None,
            "excluded_companies": companies,
            "excluded_emails": emails,
            "locale": self._locale,
            "consent": bool(self.consent.data),
        }

    def validate(self, extra_validators: Any = None) -> bool:
        """The CSRF token and the slot choices, then every rule of the profile's declaration."""
        valid: bool = super().validate(extra_validators)
        if self._event is None:
            raise RuntimeError("bind_event() first")
        try:
            self.profile = Registration.model_validate(
                self._shape_input(self._event), context=shape_context(self._event)
            )
        except ValidationError as error:
            self.profile = None
            _attach(self, field_errors(problems_of(error), _FORM_FIELD))
            return False
        return valid

    def to_profile(self, event: Event, locale: str) -> ProfileData:
        """The validated profile for the registration service (after :meth:`validate`)."""
        if self.profile is None:
            raise RuntimeError("validate() first")
        return profile_data(self.profile.model_copy(update={"locale": locale}), event)

    def fill_from(self, values: dict[str, Any]) -> None:
        """Pre-fill every field from ``values`` (a profile being edited)."""
        for name, value in values.items():
            getattr(self, name).data = value


def _valid_email(_form: FlaskForm, field: Field) -> None:
    """The one e-mail rule (:data:`matchmaker.shapes.text.Email`), for a form's single address."""
    try:
        _EMAIL.validate_python(field.data or "")
    except ValidationError as error:
        raise ValidationError_(field_errors(problems_of(error, ("email",)))["email"][0]) from None


class LostLinkForm(FlaskForm):  # type: ignore[misc]
    email = EmailField(
        _l("E-mail you registered with"),
        validators=[
            DataRequired(_l("Please enter your e-mail address.")),
            Length(max=EMAIL_LENGTH),
            _valid_email,
        ],
    )


class RequestForm(FlaskForm):  # type: ignore[misc]
    """The note sent with a meeting request, checked by its declaration
    (:class:`matchmaker.shapes.event.RequestMessage`)."""

    message = TextAreaField(_l("Message (optional)"))

    def validate_message(self, field: Field) -> None:
        try:
            RequestMessage.model_validate({"message": field.data or ""})
        except ValidationError as error:
            raise ValidationError_(field_errors(problems_of(error))["message"][0]) from None


class ActionForm(FlaskForm):  # type: ignore[misc]
    """A button that changes something: carries only the CSRF token."""


class FeedbackForm(FlaskForm):  # type: ignore[misc]
    took_place = RadioField(
        _l("Did the meeting take place?"),
        choices=[SelectChoice("yes", _l("Yes")), SelectChoice("no", _l("No"))],
        validators=[InputRequired(_l("Please say whether the meeting took place."))],
    )
    rating = RadioField(
        _l("How useful was it? (1 = not at all, 5 = very)"),
        choices=[SelectChoice(str(n)) for n in range(1, 6)],
        validators=[Optional()],
    )
    wants_follow_up = BooleanField(_l("I want to follow up with this person"))
    comment = TextAreaField(
        _l("Anything else? (only the organisers see this)"), validators=[Length(max=2000)]
    )


class DeleteForm(FlaskForm):  # type: ignore[misc]
    confirm = BooleanField(
        _l("Yes, delete my profile, my requests and my meetings"),
        validators=[DataRequired(_l("Tick the box to confirm the deletion."))],
        # WTForms reads any value but "false" and "" as ticked; a hand-made "n" or "0" is no consent.
        false_values=("false", "", "n", "no", "0", "off"),
    )
