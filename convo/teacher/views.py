"""The class page a teacher uses, with the class's tablet code as a QR code."""
from __future__ import annotations

import segno
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectField, SubmitField

from .. import audit
from ..access import class_for, require_staff, school_for
from ..extensions import db
from ..formtools import options
from ..models import Role
from ..models._time import utcnow
from ..school.class_ops import CODE_LIFETIMES, DEFAULT_CODE_DAYS, renew_code
from ..conversations.content import job_icon
from ..tablet.pictures import ANIMALS, PICTURES, animal_colour
from ..tablet.session import button_names, class_pupils
from .records import class_leavers, class_overview

bp = Blueprint("teacher", __name__, url_prefix="/schools/<int:school_id>/classes/<int:class_id>")
bp.before_request(require_staff)

CLASS_ROLES = (Role.TEACHER, Role.CAREERS_LEADER)


class RenewCodeForm(FlaskForm):
    """Make a new tablet code that lasts a chosen number of days."""

    days = SelectField(_l("The new code lasts"), coerce=int, default=DEFAULT_CODE_DAYS,
                       choices=options((d, _l("%(num)s days", num=d) if d > 1 else _l("1 day"))
                                        for d in CODE_LIFETIMES))
    submit = SubmitField(_l("Make a new code"))


def qr_svg(url: str) -> Markup:
    """The tablet link as an inline SVG QR code, made here with no outside service."""
    # segno writes only its own SVG markup and our own URL, so it is safe to inline.
    return Markup(segno.make(url, error="m").svg_inline(scale=6, border=2, dark="#1b1b1b"))  # nosec B704


def _class(school_id: int, class_id: int):
    """The school and class, if the signed-in person teaches it or leads careers."""
    school = school_for(school_id, CLASS_ROLES)
    return school, class_for(school.id, class_id)


@bp.get("/")
def class_page(school_id: int, class_id: int):
    """The class's pupils, and how a tablet joins the class."""
    school, school_class = _class(school_id, class_id)
    code_live = bool(school_class.sign_in_code and school_class.sign_in_code_expires_at
                     and school_class.sign_in_code_expires_at > utcnow())
    join_url = (url_for("tablet.join", code=school_class.sign_in_code, _external=True)
                if code_live else None)
    rows = class_overview(class_pupils(school_class))
    waiting = [row for row in rows if not row.talked_this_year]
    only_waiting = request.args.get("show") == "not-yet"
    return render_template("teacher/class.html", school=school, school_class=school_class,
                           rows=waiting if only_waiting else rows, all_count=len(rows),
                           waiting_count=len(waiting), only_waiting=only_waiting, job_icon=job_icon,
                           left=class_leavers(school_class),
                           join_url=join_url, qr=qr_svg(join_url) if join_url else None,
                           form=RenewCodeForm(), animals=ANIMALS, colour=animal_colour)


@bp.post("/code")
def renew(school_id: int, class_id: int):
    """Give the class a new tablet code; tablets on the old code go back to the code screen."""
    school, school_class = _class(school_id, class_id)
    form = RenewCodeForm()
    if form.validate_on_submit():
        code = renew_code(school_class, form.days.data)
        flash(_("The class's new tablet code is %(code)s.", code=code), "success")
    return redirect(url_for("teacher.class_page", school_id=school.id, class_id=school_class.id))


@bp.get("/tablet-sheet")
def tablet_sheet(school_id: int, class_id: int):
    """A printable sheet: the QR code, and each pupil's picture password when they have one."""
    school, school_class = _class(school_id, class_id)
    if not school_class.sign_in_code:
        flash(_("Make a tablet code for the class first."), "info")
        return redirect(url_for("teacher.class_page", school_id=school.id, class_id=school_class.id))
    join_url = url_for("tablet.join", code=school_class.sign_in_code, _external=True)
    pupils = class_pupils(school_class)
    # The sheet carries pupils' picture passwords, so printing it is accounted for like an export.
    audit.record("tablet_sheet_printed", school_id=school.id, target=f"class:{school_class.id}",
                 picture_passwords=bool(school.picture_passwords))
    db.session.commit()
    return render_template("teacher/tablet_sheet.html", school=school, school_class=school_class,
                           qr=qr_svg(join_url), pupils=pupils, labels=button_names(pupils),
                           pictures=PICTURES)
