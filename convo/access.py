"""Who may see what: every school, class and pupil is checked here, on the server."""
from __future__ import annotations

import hmac
from collections.abc import Iterable

from flask import Flask, abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from .extensions import db, login_manager
from .models import Pupil, Role, School, SchoolClass, Staff

#: Roles that look after the whole school's careers records.
SCHOOL_WIDE = (Role.CAREERS_LEADER,)


@login_manager.user_loader
def load_staff(session_id: str) -> Staff | None:
    """Find the signed-in person from the id and token kept in their session."""
    staff_id, _, token = session_id.partition(":")
    if not staff_id.isdigit():
        return None
    staff = db.session.get(Staff, int(staff_id))
    if staff is None or not hmac.compare_digest(staff.session_token, token):
        return None
    return staff


def require_staff() -> None:
    """Turn away anyone who is not signed in as staff (used as a blueprint before_request)."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def require_admin() -> None:
    """Turn away anyone who is not a deployment administrator."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.is_admin:
        abort(404)
    return None


def school_for(school_id: int, roles: Iterable[Role]) -> School:
    """Return the school if the signed-in person holds one of `roles` in it; 404 otherwise."""
    # 404 rather than 403, so nobody can learn which school ids exist.
    if not current_user.is_authenticated or not current_user.roles_in(school_id) & set(roles):
        abort(404)
    school = db.session.get(School, school_id)
    if school is None:
        abort(404)
    return school


def can_see_class(school_class: SchoolClass) -> bool:
    """True if the signed-in person teaches the class or leads careers in its school."""
    roles = current_user.roles_in(school_class.school_id)
    if roles & set(SCHOOL_WIDE):
        return True
    return Role.TEACHER in roles and any(t.id == current_user.id for t in school_class.teachers)


def class_for(school_id: int, class_id: int) -> SchoolClass:
    """Return a class of this school that the signed-in person may see; 404 otherwise."""
    school_class = db.session.get(SchoolClass, class_id)
    if school_class is None or school_class.school_id != school_id or not can_see_class(school_class):
        abort(404)
    return school_class


def pupil_for(school_id: int, pupil_id: int) -> Pupil:
    """Return a pupil of this school whose class the signed-in person may see; 404 otherwise."""
    pupil = db.session.get(Pupil, pupil_id)
    if pupil is None or pupil.school_id != school_id:
        abort(404)
    roles = current_user.roles_in(school_id)
    if roles & set(SCHOOL_WIDE):
        return pupil
    if pupil.school_class is None or not can_see_class(pupil.school_class):
        abort(404)
    return pupil


def visible_classes(school: School, academic_year: int) -> list[SchoolClass]:
    """The classes of one year that the signed-in person may see, in year-group order."""
    query = select(SchoolClass).where(
        SchoolClass.school_id == school.id, SchoolClass.academic_year == academic_year
    )
    if not current_user.roles_in(school.id) & set(SCHOOL_WIDE):
        query = query.where(SchoolClass.teachers.any(Staff.id == current_user.id))
    return list(db.session.scalars(query.order_by(SchoolClass.year_group, SchoolClass.name)))


def init_app(app: Flask) -> None:
    """Bind Flask-Login for staff sign-in."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = _l("Please sign in to see that page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"
