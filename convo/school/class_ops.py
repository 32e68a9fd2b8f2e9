"""Creating classes, choosing their teachers, and giving tablets a class sign-in code."""
from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import Membership, Role, School, SchoolClass, Staff
from ..models._time import utcnow

# Letters and digits that cannot be mistaken for each other when read off a board (no I/O/0/1…).
CODE_LETTERS = "ACDEFGHJKMNPQRTUVWXY"
CODE_DIGITS = "2345679"
#: How long a new sign-in code lasts, in days, as offered to teachers.
CODE_LIFETIMES = (1, 7, 30, 90)
DEFAULT_CODE_DAYS = 30


def teachers_of(school: School) -> list[Staff]:
    """Staff who hold the teacher role in `school`, by name."""
    return list(db.session.scalars(select(Staff).join(Membership).where(
        Membership.school_id == school.id, Membership.role == Role.TEACHER).order_by(Staff.name)))


def save_class(school: School, school_class: SchoolClass | None, *, name: str, year_group: int,
               academic_year: int, teacher_ids: list[int]) -> SchoolClass:
    """Create or update a class; only teachers of this school can be assigned."""
    allowed = {t.id: t for t in teachers_of(school)}
    if school_class is None:
        school_class = SchoolClass(school=school)
        db.session.add(school_class)
    school_class.name = name.strip()
    school_class.year_group = year_group
    school_class.academic_year = academic_year
    school_class.teachers = [allowed[i] for i in teacher_ids if i in allowed]
    db.session.flush()
    audit.record("class_saved", school_id=school.id, target=f"class:{school_class.id}")
    db.session.commit()
    return school_class


def new_code() -> str:
    """A short code like "KMT-4729": quick to type, hard to guess."""
    letters = "".join(secrets.choice(CODE_LETTERS) for _ in range(3))
    digits = "".join(secrets.choice(CODE_DIGITS) for _ in range(4))
    return f"{letters}-{digits}"


def normalise_code(typed: str) -> str:
    """Read a typed code generously: any case, spaces or no dash."""
    cleaned = "".join(ch for ch in typed.upper() if ch.isalnum())
    return f"{cleaned[:3]}-{cleaned[3:]}" if len(cleaned) == 7 else cleaned


def renew_code(school_class: SchoolClass, days: int = DEFAULT_CODE_DAYS) -> str:
    """Give a class a fresh sign-in code; tablets holding the old one must join again."""
    while True:
        code = new_code()
        if db.session.scalar(select(SchoolClass.id).where(SchoolClass.sign_in_code == code)) is None:
            break
    school_class.sign_in_code = code
    school_class.sign_in_code_expires_at = utcnow() + timedelta(days=days)
    audit.record("class_code_renewed", school_id=school_class.school_id,
                 target=f"class:{school_class.id}", days=days)
    db.session.commit()
    return code


def class_by_code(code: str) -> SchoolClass | None:
    """The class whose current, unexpired code this is."""
    school_class = db.session.scalar(select(SchoolClass).where(
        SchoolClass.sign_in_code == normalise_code(code)))
    if school_class is None or school_class.sign_in_code_expires_at is None:
        return None
    if school_class.sign_in_code_expires_at < utcnow():
        return None
    return school_class
