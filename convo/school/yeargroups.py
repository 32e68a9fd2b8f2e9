"""How each year group's conversations run: which sessions, for how long, and picture passwords."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, SubmitField
from wtforms.validators import NumberRange

from .. import audit
from ..access import school_for
from ..conversations.content import SCHOOL_YEAR_ORDER, engine
from ..conversations.settings import settings_for
from ..extensions import db
from ..formtools import CheckboxesField, options
from ..models import Role, SchoolClass, Staff
from ..schoolyear import YEAR_GROUPS, current_academic_year
from ..tablet.pictures import ensure_picture_passwords
from .blueprint import bp


class YearGroupForm(FlaskForm):
    """A year group's conversation settings."""

    sessions = CheckboxesField(_l("Sessions that run, in this order through the year"))
    minutes = IntegerField(_l("Time limit for one conversation (minutes)"), default=15,
                           validators=[NumberRange(min=5, max=30, message=_l("Choose 5 to 30 minutes."))])
    picture_passwords = BooleanField(_l("Pupils pick their two pictures after tapping their name"))
    submit = SubmitField(_l("Save"))


def session_choices(year_group: int) -> list[tuple[str, str]]:
    """The sessions written for a year group, in the usual order through the year."""
    offered = {s["id"]: s["title"] for s in engine().sessions_for(year_group)}
    order = [s for s in SCHOOL_YEAR_ORDER if s in offered] + [s for s in offered if s not in SCHOOL_YEAR_ORDER]
    return [(s, offered[s]) for s in order]


def _may_change(school_id: int, year_group: int) -> bool:
    """Careers leaders, and teachers with a class in this year group this year, may change it."""
    roles = current_user.roles_in(school_id)
    if Role.CAREERS_LEADER in roles:
        return True
    return Role.TEACHER in roles and db.session.scalar(select(SchoolClass.id).where(
        SchoolClass.school_id == school_id, SchoolClass.year_group == year_group,
        SchoolClass.academic_year == current_academic_year(),
        SchoolClass.teachers.any(Staff.id == current_user.id))) is not None


@bp.route("/<int:school_id>/year-groups/<int:year_group>", methods=["GET", "POST"])
def year_group_settings(school_id: int, year_group: int):
    """Choose a year group's sessions, time limit and picture passwords."""
    school = school_for(school_id, [Role.CAREERS_LEADER, Role.TEACHER])
    if year_group not in YEAR_GROUPS or not _may_change(school.id, year_group):
        abort(404)
    current = settings_for(school.id, year_group)
    choices = session_choices(year_group)
    form = YearGroupForm(data={"sessions": current.sessions or [c for c, _t in choices],
                               "minutes": current.minutes, "picture_passwords": current.picture_passwords})
    form.sessions.choices = options(choices)
    if form.validate_on_submit():
        if not form.sessions.data:
            form.sessions.errors.append(_("Choose at least one session."))
        else:
            if current.id is None:
                db.session.add(current)
            current.sessions = [c for c, _t in choices if c in form.sessions.data]
            current.minutes = form.minutes.data
            current.picture_passwords = form.picture_passwords.data and year_group >= 3
            if current.picture_passwords:
                ensure_picture_passwords(school)
            audit.record("year_group_settings_changed", school_id=school.id, year_group=year_group,
                         sessions=current.sessions, minutes=current.minutes)
            db.session.commit()
            flash(_("Settings saved."), "success")
            return redirect(url_for("school.dashboard", school_id=school.id))
    return render_template("school/year_group.html", school=school, year_group=year_group, form=form)
