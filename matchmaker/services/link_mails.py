"""The words of the mail that sends an attendee's personal link again, whoever asks for it: the
attendee ("lost my link", registering again; services/registration.py) or the organisers (an
invitation sent again; services/invitations.py). One wording, so both say the same."""

from __future__ import annotations

from babel.support import NullTranslations


def link_again(t: NullTranslations, name: str, event: str, link: str) -> tuple[str, str]:
    """(subject, body) of the mail carrying the same link again, in ``t``'s language."""
    values = {"name": name, "event": event, "link": link}
    subject = t.gettext("Your personal link for %(event)s") % values
    body = (
        t.gettext(
            "Hello %(name)s,\n\nhere is your personal link for %(event)s again. It is the same link as "
            "before and keeps working:\n\n%(link)s\n\nKeep it private: anyone who has it can act as "
            "you.\n\n%(event)s"
        )
        % values
    )
    return subject, body
