"""The staff home page, a school's dashboard and its settings."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..access import school_for, visible_classes
from ..extensions import db
from ..models import Role
from ..schoolyear import current_academic_year
from ..tablet.pictures import ensure_picture_passwords
from .blueprint import bp
from .forms import SettingsForm

ALL_ROLES = tuple(Role)


@bp.get("/")
def home():
    """List the schools the signed-in person works in; go straight there if only one."""
    schools = sorted({m.school for m in current_user.memberships}, key=lambda s: s.name)
    if len(schools) == 1 and not current_user.is_admin:
        return redirect(url_for("school.dashboard", school_id=schools[0].id))
    return render_template("school/home.html", schools=schools)


@bp.get("/<int:school_id>/")
def dashboard(school_id: int):
    """A school's front page, showing what the person's roles let them do."""
    school = school_for(school_id, ALL_ROLES)
    year = current_academic_year()
    return render_template("school/dashboard.html", school=school, roles=current_user.roles_in(school.id),
                           classes=visible_classes(school, year), academic_year=year)


@bp.route("/<int:school_id>/settings", methods=["GET", "POST"])
def settings(school_id: int):
    """The careers leader's school-wide switches."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    form = SettingsForm(obj=school)
    if form.validate_on_submit():
        school.picture_passwords = form.picture_passwords.data
        school.language = form.language.data
        if school.picture_passwords:
            ensure_picture_passwords(school)
        audit.record("settings_changed", school_id=school.id, picture_passwords=school.picture_passwords,
                     language=school.language)
        db.session.commit()
        flash(_("Settings saved."), "success")
        return redirect(url_for("school.settings", school_id=school.id))
    return render_template("school/settings.html", school=school, form=form)
