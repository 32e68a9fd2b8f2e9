"""Marking one pupil as having left the school, or not after all, from their page.

The same people who import the school's roster may do this: it starts the pupil's retention clock
and takes them off the class's tablet, just as a roster import that leaves them out does.
"""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, url_for
from flask_babel import format_date
from flask_babel import gettext as _

from .. import audit
from ..access import pupil_for, school_for
from ..extensions import db
from ..models import Pupil
from ..privacy.retention import careers_record_end
from ..school.forms import ConfirmForm, LeftForm
from .pupil_views import LEAVING_ROLES, bp
from .records import joined_on


def _back(school_id: int, pupil_id: int):
    """Back to the pupil's page, at the leaving form."""
    return redirect(url_for("records.pupil_page", school_id=school_id, pupil_id=pupil_id) + "#leaving")


def _retention_message(school, pupil: Pupil) -> str:
    """When the pupil's careers record goes, under the school's retention; concerns keep their own."""
    due = careers_record_end(school, pupil)
    if due is None or due <= date.today():
        careers = _("Their careers record is past the school's retention, so the next daily purge deletes it.")
    else:
        careers = _("Their careers record will be deleted on %(day)s under the school's retention.",
                    day=format_date(due, "d MMMM yyyy"))
    return careers + " " + _("Safeguarding concerns are kept under their own retention.")


@bp.post("/left")
def mark_left(school_id: int, pupil_id: int):
    """Record the day the pupil left the school."""
    school = school_for(school_id, LEAVING_ROLES)
    pupil = pupil_for(school.id, pupil_id)
    form = LeftForm(joined=joined_on(pupil))
    if pupil.left_on is not None:
        flash(_("%(name)s is already marked as having left.", name=pupil.display_name), "info")
        return _back(school.id, pupil.id)
    if not form.validate_on_submit():
        for error in form.left_on.errors or [_("The form had expired. Please try again.")]:
            flash(error, "error")
        return _back(school.id, pupil.id)
    pupil.left_on = form.left_on.data
    audit.record("pupil_left", school_id=school.id, target=f"pupil:{pupil.id}", source="staff",
                 left_on=pupil.left_on.isoformat())
    db.session.commit()
    flash(_("%(name)s is marked as having left the school on %(day)s.", name=pupil.display_name,
            day=format_date(pupil.left_on, "d MMMM yyyy")) + " " + _retention_message(school, pupil),
          "success")
    return _back(school.id, pupil.id)


@bp.post("/returned")
def not_left(school_id: int, pupil_id: int):
    """Undo a mistaken "left": the pupil is back on the class's tablet and their clock stops."""
    school = school_for(school_id, LEAVING_ROLES)
    pupil = pupil_for(school.id, pupil_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if pupil.left_on is None:
        flash(_("%(name)s is not marked as having left.", name=pupil.display_name), "info")
        return _back(school.id, pupil.id)
    audit.record("pupil_returned", school_id=school.id, target=f"pupil:{pupil.id}", source="staff",
                 had_left_on=pupil.left_on.isoformat())
    pupil.left_on = None
    db.session.commit()
    flash(_("%(name)s is no longer marked as having left the school.", name=pupil.display_name), "success")
    return _back(school.id, pupil.id)
