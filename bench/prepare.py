"""The benchmark's school: 420 pupils in 15 classes of 28, Reception to Year 6, ready to talk.

Run inside an app context (bench/run.py does this against a fresh instance folder):
`prepare_school()` builds the school and returns the roster the load generator
needs (class codes, pupil ids and year groups); `reset_today()` moves today's conversations back a
day so the same pupils can start a fresh one for the next phase of the run, and `new_days()` does
the same, during the whole-school run, for talks that have finished.
"""
from __future__ import annotations

import itertools
import time
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select
from stdnum.gb import upn as upn_number

from convo.auth.passwords import hash_password
from convo.extensions import db
from convo.models import Conversation, Enrolment, Membership, Pupil, Role, School, SchoolClass, Staff
from convo.models._time import utcnow
from convo.safeguarding.contacts import confirm_dsl
from convo.school.class_ops import renew_code
from convo.schoolyear import current_academic_year
from convo.tablet.pictures import ANIMALS

#: Two classes a year from Reception (0) to Year 6, plus a third Reception class: 15 classes.
CLASSES = [("Acorn", 0), ("Bluebell", 0), ("Clover", 0), ("Daisy", 1), ("Elm", 1), ("Fern", 2), ("Hazel", 2),
           ("Ivy", 3), ("Juniper", 3), ("Larch", 4), ("Maple", 4), ("Oak", 5), ("Pine", 5), ("Rowan", 6),
           ("Willow", 6)]
PUPILS_PER_CLASS = 28

FORENAMES = ["Amara", "Leo", "Isla", "Noah", "Aisha", "Oliver", "Maya", "Harry", "Zara", "Jack", "Ella",
             "Mohammed", "Freya", "Oscar", "Priya", "George", "Lily", "Kai", "Sophia", "Arlo", "Ava", "Yusuf",
             "Grace", "Theo", "Ruby", "Ibrahim", "Poppy", "Finley"]
SURNAMES = ["Okafor", "Smith", "Khan", "Jones", "Patel", "Williams", "Brown", "Taylor", "Ali", "Evans",
            "Nowak", "Wilson", "Begum", "Walker", "Roberts", "Hughes"]


def _upn(serial: int) -> str:
    """A made-up UPN with a correct check letter: LA 380, school 2999, year code 26, then the serial."""
    body = f"380299926{serial:03d}"
    return upn_number.calc_check_digit(body) + body


def prepare_school(per_class: int = PUPILS_PER_CLASS) -> dict[str, Any]:
    """Create the school in a migrated database; return what the load generator needs to sign pupils in."""
    school = School(name="Benchmark Primary", urn="199001", la_code="380", establishment_number="2999")
    db.session.add(school)
    dsl = Staff(email="dsl@bench.example.org", name="Bench DSL", password_hash=hash_password("bench dsl only"),
                memberships=[Membership(school=school, role=Role.DSL)])
    db.session.add(dsl)
    db.session.commit()
    confirm_dsl(school, dsl)
    db.session.commit()
    year = current_academic_year()
    animals = itertools.cycle(ANIMALS)
    serial = itertools.count(1)
    classes = []
    for name, year_group in CLASSES:
        school_class = SchoolClass(school=school, name=name, year_group=year_group, academic_year=year)
        db.session.add(school_class)
        for index in range(per_class):
            pupil = Pupil(school_id=school.id, school_class=school_class,
                          legal_forename=FORENAMES[index % len(FORENAMES)],
                          preferred_forename=FORENAMES[index % len(FORENAMES)],
                          surname=SURNAMES[(index + year_group) % len(SURNAMES)], year_group=year_group,
                          date_of_birth=date.today() - timedelta(days=365 * (5 + year_group) + index),
                          upn=_upn(next(serial)), animal=next(animals))
            pupil.enrolments.append(Enrolment(school_class=school_class, academic_year=year,
                                              year_group=year_group))
            db.session.add(pupil)
        classes.append(school_class)
    db.session.commit()
    roster = []
    for school_class in classes:
        code = renew_code(school_class)
        for pupil in sorted(school_class.pupils, key=lambda p: p.id):
            roster.append({"id": pupil.id, "code": code, "year_group": pupil.year_group})
    return {"school_id": school.id, "pupils": roster}


def reset_today(school_id: int) -> int:
    """End any talk still running and move today's talks back a day, so every pupil may start again.

    Only the benchmark's own database is touched; the number of conversations moved is returned.
    """
    return _move_back(school_id, or_(Conversation.finished_at.is_(None), Conversation.finished_at >= _midnight()))


def reset_finished(school_id: int) -> int:
    """Move back a day only the talks already finished today, leaving running ones alone.

    During the whole-school run this lets a pupil whose talk has ended start the next session,
    so the school keeps answering at its pace for the whole minute.
    """
    return _move_back(school_id, Conversation.finished_at >= _midnight())


def new_days(school_id: int, seconds: float, every: float = 2.0) -> None:
    """Call reset_finished every `every` seconds for `seconds` (bench/run.py runs this beside the load)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        reset_finished(school_id)
        db.session.remove()
        time.sleep(every)


def _midnight():
    """The start of today, in the database's UTC."""
    return utcnow().replace(hour=0, minute=0, second=0, microsecond=0)


def _move_back(school_id: int, which) -> int:
    """End (as stopped) and move back a day the school's conversations matching `which`."""
    moved = 0
    for conversation in db.session.scalars(select(Conversation).where(Conversation.school_id == school_id, which)):
        conversation.ended = conversation.ended or "stopped"
        conversation.finished_at = (conversation.finished_at or utcnow()) - timedelta(days=1)
        conversation.started_at -= timedelta(days=1)
        conversation.last_answer_at -= timedelta(days=1)
        moved += 1
    db.session.commit()
    return moved
