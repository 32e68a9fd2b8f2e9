"""Pages for the deployment administrator."""
from __future__ import annotations

from flask import Blueprint, flash, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Regexp

from ..access import require_admin
from ..extensions import db
from ..formtools import options
from ..models import School
from ..models.schools import Phase
from .operations import DfENumberTaken, SchoolExists, create_school_with_leader

bp = Blueprint("admin", __name__, url_prefix="/admin")
bp.before_request(require_admin)


class SchoolForm(FlaskForm):
    """A new school and its first leader (careers leader, or a secondary's transition leader)."""

    name = StringField(_l("School name"), validators=[DataRequired(), Length(max=200)])
    urn = StringField(_l("URN"), validators=[DataRequired(), Regexp(r"^\d{6,8}$", message=_l(
        "A URN is 6 digits, as on Get Information about Schools."))])
    la_code = StringField(_l("Local authority code"), validators=[DataRequired(), Regexp(
        r"^\d{3}$", message=_l("The local authority code is 3 digits."))])
    establishment_number = StringField(_l("Establishment number"), validators=[DataRequired(), Regexp(
        r"^\d{4}$", message=_l("The establishment number is 4 digits."))])
    phase = SelectField(_l("Phase"), choices=options([(Phase.PRIMARY.value, _l("Primary")),
                                                     (Phase.SECONDARY.value, _l("Secondary"))]))
    leader_name = StringField(_l("First leader's name"), validators=[DataRequired(), Length(max=200)],
                              description=_l("The careers leader of a primary school, or the transition "
                                             "leader of a secondary school."))
    leader_email = EmailField(_l("First leader's e-mail"), validators=[DataRequired(), Email()])
    submit = SubmitField(_l("Add school"))


@bp.route("/schools", methods=["GET", "POST"])
def schools():
    """List the deployment's schools and add one."""
    form = SchoolForm()
    link = None
    if form.validate_on_submit():
        try:
            school, token = create_school_with_leader(
                form.leader_name.data, form.leader_email.data, name=form.name.data, urn=form.urn.data,
                la_code=form.la_code.data, establishment_number=form.establishment_number.data,
                phase=Phase(form.phase.data))
        except SchoolExists:
            form.urn.errors.append(_("A school with that URN is already here."))
        except DfENumberTaken as taken:
            form.establishment_number.errors.append(_(
                "Another school in this deployment already has DfE number %(number)s.",
                number=taken.dfe_number))
        else:
            flash(_("%(name)s is added.", name=school.name), "success")
            if token:
                link = url_for("auth.set_password", token=token, _external=True)
            form = SchoolForm(formdata=None)
    all_schools = db.session.scalars(select(School).order_by(School.name)).all()
    return render_template("admin/schools.html", form=form, schools=all_schools, link=link)
