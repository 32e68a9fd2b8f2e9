"""What goes on a pupil's parent/carer card, gathered from the careers record.

Only a pupil's first name, their hopes in their own words, what they like and are good at, and a
question for home. Never a surname, a UPN, a date of birth or anything from a safeguarding concern:
this module reads aspirations and reflections only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..conversations.content import tapped_words
from ..extensions import db
from ..i18n import job_title
from ..models import Aspiration, Pupil, Reflection, School, SchoolClass
from ..schoolyear import current_academic_year
from .questions import picture_for, question_for

#: How many jobs, skills and interests one card shows, so it fits on a page.
MOST_HOPES = 3
MOST_THINGS = 4
#: The most characters of a pupil's words one line of a card shows.
LONGEST = 120


@dataclass
class Hope:
    """A job the pupil would like to do: its name, their words for it, and why."""

    job: str
    said: str | None
    because: str | None
    family: str | None
    picture: str


@dataclass
class Card:
    """Everything printed on one pupil's card."""

    pupil_id: int
    first_name: str
    school_name: str
    class_name: str
    hopes: list[Hope] = field(default_factory=list)
    good_at: list[str] = field(default_factory=list)
    enjoys: list[str] = field(default_factory=list)
    question: str = ""
    #: False when everything on the card comes from an earlier school year.
    this_year: bool = True

    @property
    def talked(self) -> bool:
        """True if the card has anything the pupil told us."""
        return bool(self.hopes or self.good_at or self.enjoys)


def _capitalised(text: str) -> str:
    """The text with its first letter as a capital, the rest as written."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def _short(text: str | None) -> str | None:
    """The pupil's words, cut at a word boundary if they would not fit on the card."""
    text = " ".join((text or "").split())
    if len(text) <= LONGEST:
        return text or None
    return text[:LONGEST].rsplit(" ", 1)[0] + "…"


def _latest_year(rows: list, year: int) -> list:
    """Rows from this school year if there are any, else from the most recent year that has some."""
    if not rows:
        return []
    chosen = year if any(r.academic_year == year for r in rows) else max(r.academic_year for r in rows)
    return [r for r in rows if r.academic_year == chosen]


def _hope(aspiration: Aspiration) -> Hope:
    """A card's view of one aspiration."""
    job = _capitalised(_short(job_title(aspiration.title) or aspiration.said) or "")
    said = _short(aspiration.said)
    if said and said.casefold() == job.casefold():
        said = None
    return Hope(job=job, said=said, because=_short(aspiration.likes),
                family=aspiration.family, picture=picture_for(aspiration.title, aspiration.family))


def gather_hopes(pupil: Pupil, year: int) -> tuple[list[Hope], bool]:
    """The pupil's latest different hopes, newest first, and whether they are from this year."""
    rows = list(db.session.scalars(select(Aspiration).where(Aspiration.pupil_id == pupil.id)
                                   .order_by(Aspiration.created_at.desc(), Aspiration.id.desc())))
    rows = _latest_year(rows, year)
    hopes: list[Hope] = []
    seen: set[str] = set()
    for row in rows:
        key = (row.soc2020 or row.title or row.said).casefold()
        if key in seen:
            continue
        seen.add(key)
        hopes.append(_hope(row))
        if len(hopes) == MOST_HOPES:
            break
    return hopes, bool(rows) and rows[0].academic_year == year


def gather_things(pupil: Pupil, kind: str, year: int) -> tuple[list[str], list[str]]:
    """The pupil's latest different skills or interests (as words, and as card ids where tapped)."""
    rows = list(db.session.scalars(select(Reflection).where(
        Reflection.pupil_id == pupil.id, Reflection.kind == kind, Reflection.text.is_not(None)
    ).order_by(Reflection.created_at.desc(), Reflection.id.desc())))
    words: list[str] = []
    ids: list[str] = []
    for row in _latest_year(rows, year):
        text = _capitalised(_short(tapped_words(kind, row.choice_id, row.text)) or "")
        if not text or text.casefold() in (w.casefold() for w in words):
            continue
        words.append(text)
        if row.choice_id:
            ids.append(row.choice_id)
        if len(words) == MOST_THINGS:
            break
    return words, ids


def card_for(pupil: Pupil, school: School, school_class: SchoolClass | None = None,
             year: int | None = None) -> Card:
    """The card for one pupil, from this school year's conversations or the latest earlier ones."""
    year = year or current_academic_year()
    school_class = school_class or pupil.school_class
    hopes, hopes_this_year = gather_hopes(pupil, year)
    good_at, skill_ids = gather_things(pupil, "skill", year)
    enjoys, interest_ids = gather_things(pupil, "interest", year)
    card = Card(pupil_id=pupil.id, first_name=pupil.preferred_forename, school_name=school.name,
                class_name=school_class.name if school_class else "", hopes=hopes, good_at=good_at,
                enjoys=enjoys)
    card.this_year = hopes_this_year if hopes else _any_this_year(pupil, year)
    card.question = question_for([h.family for h in hopes if h.family], interest_ids + skill_ids,
                                 card.talked)
    return card


def _any_this_year(pupil: Pupil, year: int) -> bool:
    """True if the pupil has a skill or interest recorded this school year."""
    return db.session.scalar(select(Reflection.id).where(
        Reflection.pupil_id == pupil.id, Reflection.academic_year == year,
        Reflection.kind.in_(("skill", "interest"))).limit(1)) is not None


def cards_for_class(school_class: SchoolClass, pupils: list[Pupil], year: int | None = None) -> list[Card]:
    """A card for each pupil in a class, in the order given."""
    return [card_for(pupil, school_class.school, school_class, year) for pupil in pupils]
