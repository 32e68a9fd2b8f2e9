"""The careers leader's pages for adding staff, setting their roles and removing them."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..access import school_for
from ..auth import mfa
from ..extensions import db
from ..models import Role, Staff
from .blueprint import bp
from .forms import ROLE_LABELS, ConfirmForm, RolesForm, StaffForm
from .staff_ops import LastCareersLeader, add_staff, remove_staff, school_staff, set_roles


def _member(school_id: int, staff_id: int) -> Staff:
    """A person with a role in this school; 404 for anyone else."""
    staff = db.session.get(Staff, staff_id)
    if staff is None or not staff.roles_in(school_id):
        abort(404)
    return staff


@bp.route("/<int:school_id>/staff", methods=["GET", "POST"])
def staff_list(school_id: int):
    """List the school's staff and add a new member."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    form = StaffForm()
    link = None
    if form.validate_on_submit():
        staff, token = add_staff(school, form.email.data, form.name.data,
                                 [Role(r) for r in form.roles.data])
        if token:
            link = url_for("auth.set_password", token=token, _external=True)
            flash(_("%(name)s is added. Give them the one-time link below to set a password.",
                    name=staff.name), "success")
        else:
            flash(_("%(name)s already has a Convo account and now has roles here.", name=staff.name),
                  "success")
        form = StaffForm(formdata=None)
    return render_template("school/staff.html", school=school, form=form, link=link,
                           staff=school_staff(school), confirm=ConfirmForm(),
                           role_labels=ROLE_LABELS)


@bp.route("/<int:school_id>/staff/<int:staff_id>", methods=["GET", "POST"])
def staff_edit(school_id: int, staff_id: int):
    """Change one person's roles in this school."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    staff = _member(school.id, staff_id)
    form = RolesForm(data={"roles": [r.value for r in staff.roles_in(school.id)]})
    if form.validate_on_submit():
        try:
            set_roles(school, staff, [Role(r) for r in form.roles.data])
        except LastCareersLeader:
            flash(_("The school needs at least one careers leader. Add another one first."), "error")
        else:
            flash(_("Roles saved."), "success")
            return redirect(url_for("school.staff_list", school_id=school.id))
    return render_template("school/staff_edit.html", school=school, staff=staff, form=form,
                           confirm=ConfirmForm(), two_step=mfa.enrolled(staff),
                           two_step_required=mfa.required(staff))


@bp.post("/<int:school_id>/staff/<int:staff_id>/reset-two-step")
def staff_reset_two_step(school_id: int, staff_id: int):
    """Forget a colleague's authenticator app (a lost phone); they set it up again at next sign-in."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    staff = _member(school.id, staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if staff.id == current_user.id:
        # Your own is reset from your Two-step sign-in page, after a code.
        abort(404)
    mfa.reset(staff, school_id=school.id, by="careers_leader")
    flash(_("%(name)s's two-step sign-in is reset. They set it up again when they next sign in.",
            name=staff.name), "success")
    return redirect(url_for("school.staff_edit", school_id=school.id, staff_id=staff.id))


@bp.post("/<int:school_id>/staff/<int:staff_id>/remove")
def staff_remove(school_id: int, staff_id: int):
    """Remove a person from this school."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    staff = _member(school.id, staff_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    name = staff.name
    try:
        remove_staff(school, staff)
    except LastCareersLeader:
        flash(_("The school needs at least one careers leader. Add another one first."), "error")
    else:
        flash(_("%(name)s is removed from the school.", name=name), "success")
    return redirect(url_for("school.staff_list", school_id=school.id))
