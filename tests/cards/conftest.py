"""Fixtures for the parent/carer cards: the app with the cards, and a pupil's careers record."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from convo.models import Aspiration, Reflection
from convo.models._time import utcnow
from convo.schoolyear import current_academic_year

#: Words planted in a safeguarding concern; they must never reach a card.
CONCERN_WORDS = "Quibblewick marmalade thunderclap"


@pytest.fixture
def add_aspiration(db):
    """Record a job a pupil would like to do."""
    def make(pupil, said: str, title: str, *, family: str | None = None, likes: str | None = None,
             year: int | None = None, minutes_ago: int = 0, soc2020: str | None = None) -> Aspiration:
        year = year or current_academic_year()
        row = Aspiration(pupil_id=pupil.id, said=said, title=title, family=family, likes=likes,
                         soc2020=soc2020, academic_year=year, year_group=pupil.year_group,
                         created_at=utcnow() - timedelta(minutes=minutes_ago))
        db.session.add(row)
        db.session.commit()
        return row
    return make


@pytest.fixture
def add_reflection(db):
    """Record an interest or skill a pupil told us about."""
    def make(pupil, kind: str, text: str, choice_id: str | None = None, *,
             year: int | None = None) -> Reflection:
        row = Reflection(pupil_id=pupil.id, kind=kind, text=text, choice_id=choice_id,
                         academic_year=year or current_academic_year(), year_group=pupil.year_group)
        db.session.add(row)
        db.session.commit()
        return row
    return make


@pytest.fixture
def planted_concern(db):
    """Give a pupil a safeguarding concern with distinctive words."""
    def make(pupil) -> None:
        # Plain SQL with the columns every version of the concern table has.
        db.session.execute(text(
            "INSERT INTO concern (school_id, pupil_id, pupil_name, verbatim, kind, severity, rule, "
            "state, created_at) VALUES (:school, :pupil, :name, :words, 'harm', 'high', 'test.rule', "
            "'new', :now)"), {"school": pupil.school_id, "pupil": pupil.id,
                              "name": f"{pupil.display_name} (Oak)", "words": f"{CONCERN_WORDS} at home",
                              "now": utcnow()})
        db.session.commit()
        assert db.session.scalar(text("SELECT verbatim FROM concern WHERE pupil_id = :p"),
                                 {"p": pupil.id}).startswith(CONCERN_WORDS)
    return make


@pytest.fixture
def amara_record(two_schools, add_aspiration, add_reflection, planted_concern):
    """Amara (home school, Oak) with two hopes, a skill, an interest and a concern."""
    pupil = two_schools["home"]["pupil_a"]
    add_aspiration(pupil, "a vet cos i love animals", "vet", family="Animal care",
                   likes="looking after poorly dogs", soc2020="2240")
    add_aspiration(pupil, "Astronaut", "astronaut", family="Science and research",
                   likes="Finding things out", minutes_ago=5)
    add_reflection(pupil, "skill", "Drawing", "drawing")
    add_reflection(pupil, "interest", "Animals", "animals")
    planted_concern(pupil)
    return pupil
