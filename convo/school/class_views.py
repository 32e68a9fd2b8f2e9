"""The careers leader's pages for creating classes and choosing their teachers."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select

from ..access import class_for, school_for
from ..extensions import db
from ..formtools import options
from ..models import Pupil, Role, SchoolClass
from ..schoolyear import YEAR_GROUPS, academic_year_label, current_academic_year, year_label
from .blueprint import bp
from .class_ops import save_class, teachers_of
from .forms import ClassForm


def academic_year_choices() -> list[tuple[int, str]]:
    """Last year, this year and next year, as form choices."""
    now = current_academic_year()
    return [(y, academic_year_label(y)) for y in (now - 1, now, now + 1)]


def _class_form(school, school_class=None) -> ClassForm:
    """A class form with this school's year groups, years and teachers as choices."""
    data = None
    if school_class is not None:
        data = {"name": school_class.name, "year_group": school_class.year_group,
                "academic_year": school_class.academic_year,
                "teachers": [t.id for t in school_class.teachers]}
    form = ClassForm(data=data)
    form.year_group.choices = options((y, year_label(y)) for y in YEAR_GROUPS)
    form.academic_year.choices = options(academic_year_choices())
    if school_class is None and not form.is_submitted():
        form.academic_year.data = current_academic_year()
    form.teachers.choices = options((t.id, t.name) for t in teachers_of(school))
    return form


@bp.get("/<int:school_id>/classes")
def class_list(school_id: int):
    """Every class in one academic year, with its teachers and number of pupils."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    year = request.args.get("year", type=int) or current_academic_year()
    classes = db.session.scalars(select(SchoolClass).where(
        SchoolClass.school_id == school.id, SchoolClass.academic_year == year
    ).order_by(SchoolClass.year_group, SchoolClass.name)).all()
    counts = dict(db.session.execute(select(Pupil.class_id, func.count()).where(
        Pupil.school_id == school.id, Pupil.left_on.is_(None)).group_by(Pupil.class_id)).all())
    return render_template("school/classes.html", school=school, classes=classes, counts=counts,
                           year=year, years=academic_year_choices())


@bp.route("/<int:school_id>/classes/new", methods=["GET", "POST"])
def class_new(school_id: int):
    """Create a class."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    form = _class_form(school)
    if form.validate_on_submit():
        if _name_taken(school.id, form.academic_year.data, form.name.data):
            form.name.errors.append(_("There is already a class with that name this year."))
        else:
            school_class = save_class(school, None, name=form.name.data, year_group=form.year_group.data,
                                      academic_year=form.academic_year.data,
                                      teacher_ids=form.teachers.data)
            flash(_("Class %(name)s created.", name=school_class.name), "success")
            return redirect(url_for("school.class_list", school_id=school.id,
                                    year=school_class.academic_year))
    return render_template("school/class_form.html", school=school, form=form, school_class=None)


@bp.route("/<int:school_id>/classes/<int:class_id>/edit", methods=["GET", "POST"])
def class_edit(school_id: int, class_id: int):
    """Rename a class, change its year group or its teachers."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    school_class = class_for(school.id, class_id)
    form = _class_form(school, school_class)
    if form.validate_on_submit():
        if _name_taken(school.id, form.academic_year.data, form.name.data, school_class.id):
            form.name.errors.append(_("There is already a class with that name this year."))
        else:
            save_class(school, school_class, name=form.name.data, year_group=form.year_group.data,
                       academic_year=form.academic_year.data, teacher_ids=form.teachers.data)
            flash(_("Class %(name)s saved.", name=school_class.name), "success")
            return redirect(url_for("school.class_list", school_id=school.id,
                                    year=school_class.academic_year))
    return render_template("school/class_form.html", school=school, form=form,
                           school_class=school_class)


def _name_taken(school_id: int, year: int, name: str, except_id: int | None = None) -> bool:
    """True if another class of the same school and year already has this name."""
    query = select(SchoolClass.id).where(SchoolClass.school_id == school_id,
                                         SchoolClass.academic_year == year,
                                         func.lower(SchoolClass.name) == name.strip().lower())
    if except_id is not None:
        query = query.where(SchoolClass.id != except_id)
    return db.session.scalar(query) is not None
