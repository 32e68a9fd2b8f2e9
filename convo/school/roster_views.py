"""The careers leader's roster upload: check the file, preview the changes, then import."""
from __future__ import annotations

import base64
import binascii

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..access import school_for
from ..formtools import options
from ..models import Role
from ..roster.apply import TooManyLeft, import_roster
from ..roster.parse import parse_roster
from .blueprint import bp
from .class_views import academic_year_choices
from .forms import RosterConfirmForm, RosterUploadForm


@bp.route("/<int:school_id>/roster", methods=["GET", "POST"])
def roster_upload(school_id: int):
    """Upload a roster CSV and see every problem, or a preview of what will change."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    form = RosterUploadForm()
    form.academic_year.choices = options(academic_year_choices())
    if not form.is_submitted():
        form.academic_year.data = academic_year_choices()[1][0]
    if not form.validate_on_submit():
        return render_template("school/roster_upload.html", school=school, form=form)
    data = form.file.data.read()
    checked = parse_roster(data)
    summary = None
    if checked.ok:
        summary = import_roster(school, checked.rows, form.academic_year.data, dry_run=True)
    # A file that leaves out many pupils is probably part of the school: leave them be unless asked.
    confirm = RosterConfirmForm(formdata=None, data={
        "content": base64.b64encode(data).decode(), "academic_year": form.academic_year.data,
        "mark_left": not (summary and summary.many_missing)})
    return render_template("school/roster_preview.html", school=school, checked=checked,
                           summary=summary, confirm=confirm, academic_year=form.academic_year.data,
                           filename=form.file.data.filename)


@bp.post("/<int:school_id>/roster/import")
def roster_import(school_id: int):
    """Import a previewed roster; the file is checked again, so nothing unchecked gets in."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    form = RosterConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        data = base64.b64decode(form.content.data, validate=True)
    except (binascii.Error, ValueError):
        abort(400)
    year = int(form.academic_year.data)
    if year not in {y for y, _label in academic_year_choices()}:
        abort(400)
    checked = parse_roster(data)
    if not checked.ok:
        flash(_("The file has problems, so nothing was imported. Fix them and upload it again."), "error")
        return redirect(url_for("school.roster_upload", school_id=school.id))
    try:
        summary = import_roster(school, checked.rows, year, mark_left=form.mark_left.data,
                                many_left_confirmed=form.every_pupil.data)
    except TooManyLeft as refused:
        flash(_("Nothing was imported: the file leaves out %(missing)d of the school's %(current)d "
                "pupils, and marking them all as left needs the second box ticked too. If the file is "
                "part of the school, upload it again and leave the box unticked.",
                missing=refused.summary.not_in_file, current=refused.summary.current_pupils), "error")
        return redirect(url_for("school.roster_upload", school_id=school.id))
    flash(_("Roster imported: %(created)d new pupils, %(updated)d updated, %(moved)d moved class "
            "or year, %(unchanged)d unchanged.", created=summary.created, updated=summary.updated,
            moved=summary.moved, unchanged=summary.unchanged), "success")
    if summary.marked_left:
        flash(ngettext("%(num)d pupil not in the file is marked as having left the school.",
                       "%(num)d pupils not in the file are marked as having left the school.",
                       summary.marked_left), "info")
    return redirect(url_for("school.class_list", school_id=school.id, year=year))
