"""Fixtures for transition packs: a Year 6 class whose careers records carry planted canaries.

Each canary is a distinctive word that must never reach a pack: a concern's verbatim words, a
staff-only note, a detail that was redacted, and a stereotype reflection the pupil did not share.
"""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text

from convo.models import Aspiration, Reflection, Role, StereotypeEvent
from convo.models._time import utcnow
from convo.models.review import TeacherNote
from convo.schoolyear import current_academic_year

#: The destination secondary school's DfE number.
DESTINATION = "3804321"
CONCERN_WORDS = "Quibblewick marmalade thunderclap"
STAFF_NOTE = "Fennimore crabapple"
REDACTED_WORDS = "Wobbleton"
UNSHARED_WORDS = "grumblesnouts"
#: Every canary, for "none of these" checks.
CANARIES = (CONCERN_WORDS, STAFF_NOTE, REDACTED_WORDS, UNSHARED_WORDS, "[name]")


@pytest.fixture
def year6(two_schools, create_class, create_staff):
    """A Year 6 class in the home school with its own teacher."""
    school = two_schools["home"]["school"]
    teacher = create_staff(school, Role.TEACHER, name="Year 6 teacher")
    return create_class(school, "Willow", 6, teachers=[teacher])


def _add(db, row):
    """Add a row and commit it."""
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def careers_record(db):
    """Give a Year 6 pupil several years of aspirations and reflections, and every canary."""
    def make(pupil):
        year = current_academic_year()
        common = {"pupil_id": pupil.id}
        for back, (said, title, soc, likes) in enumerate([
            ("a vet cos i love aminals", "Vet", "2240", "looking after poorly dogs"),
            ("fire fighter", "Firefighter", "3313", "being brave"),
            ("make games for computers", "Games developer", "2134", None),
        ]):
            _add(db, Aspiration(**common, said=said, title=title, soc2020=soc, likes=likes, family=None,
                                academic_year=year - 2 + back, year_group=4 + back,
                                created_at=utcnow() - timedelta(days=700 - 350 * back)))
        # Personal details were taken out of this answer, so it must not travel.
        _add(db, Aspiration(**common, said=f"a nurse like [name] in {REDACTED_WORDS}", title="Nurse",
                            soc2020="2231", academic_year=year, year_group=6))
        # Two tapped cards with no words of their own: their labels come from the content.
        for kind, words, card in [("interest", "Drawing", None), ("interest", None, "science_labs"),
                                  ("find_out_at_secondary", None, "finding_way"),
                                  ("skill", "Counting money", None), ("subject", "Maths", None),
                                  ("find_out_at_secondary", "Is there a robot club?", None),
                                  ("interest", f"playing with [name] at {REDACTED_WORDS}", None)]:
            _add(db, Reflection(**common, kind=kind, text=words, choice_id=card, academic_year=year,
                                year_group=6))
        _add(db, StereotypeEvent(**common, kind="gender", redacted_text="only boys can be builders",
                                 view_after="changed", shared_with_secondary=True, academic_year=year,
                                 year_group=6))
        _add(db, StereotypeEvent(**common, kind="ability", view_after="same", academic_year=year,
                                 redacted_text=f"only {UNSHARED_WORDS} can be pilots", year_group=6))
        _add(db, TeacherNote(pupil_id=pupil.id, text=f"{STAFF_NOTE} at home", staff_only=True))
        _add(db, TeacherNote(pupil_id=pupil.id, text=f"{STAFF_NOTE} shared note", staff_only=False))
        db.session.execute(text(
            "INSERT INTO concern (school_id, pupil_id, pupil_name, verbatim, kind, severity, rule, "
            "state, created_at) VALUES (:school, :pupil, :name, :words, 'harm', 'high', 'test.rule', "
            "'new', :now)"), {"school": pupil.school_id, "pupil": pupil.id, "name": pupil.display_name,
                              "words": f"{CONCERN_WORDS} at home", "now": utcnow()})
        db.session.commit()
        return pupil
    return make


@pytest.fixture
def leavers(year6, create_pupil, careers_record):
    """Three Year 6 pupils going to the same secondary; the first has the full careers record."""
    amara = careers_record(create_pupil(year6, "Amara", "Okafor", destination_dfe=DESTINATION))
    leo = create_pupil(year6, "Leo", "Smith", destination_dfe=DESTINATION)
    zoe = create_pupil(year6, "Zoë", "O'Brien", destination_dfe=DESTINATION)
    return [amara, leo, zoe]
