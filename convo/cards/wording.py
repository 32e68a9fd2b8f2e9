"""The words printed around a card's content, shared by the print view and the PDF."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from .content import Card, Hope


@dataclass
class CardWords:
    """Every fixed phrase on one card, already translated and filled in."""

    title: str
    from_school: str
    would_like: str
    good_at: str
    enjoys: str
    question_heading: str
    not_yet: str
    not_yet_more: str
    earlier_year: str
    about: str
    made_from: str


def _reason(text: str) -> str:
    """A tapped card's label reads as part of a sentence ("Helping people" → "helping people")."""
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def in_their_words(hope: Hope) -> str:
    """The pupil's own words for a job, when they differ from its name."""
    return _("In their words: “%(words)s”", words=hope.said) if hope.said else ""


def because(hope: Hope) -> str:
    """Why the pupil would like the job, in their words."""
    return _("because “%(words)s”", words=_reason(hope.because)) if hope.because else ""


def words_for(card: Card) -> CardWords:
    """The card's fixed phrases in the current language."""
    name = card.first_name
    if card.class_name:
        from_school = _("%(class)s class, %(school)s", **{"class": card.class_name, "school": card.school_name})
    else:
        from_school = card.school_name
    return CardWords(
        title=_("My future"),
        from_school=from_school,
        would_like=_("%(name)s would like to be…", name=name),
        good_at=_("%(name)s is good at", name=name),
        enjoys=_("%(name)s enjoys", name=name),
        question_heading=_("A question to talk about at home"),
        not_yet=_("%(name)s hasn't had a careers conversation yet this year.", name=name),
        not_yet_more=_("After the first one, this card will show the jobs %(name)s would like to "
                       "do, in their own words.", name=name),
        earlier_year=_("These answers are from a conversation in an earlier school year."),
        about=_("At %(school)s, pupils use Convo to have careers conversations about jobs they "
                "might like to do.", school=card.school_name),
        made_from=_("This card was made from what %(name)s said, in their own words.", name=name),
    )
