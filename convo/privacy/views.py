"""The careers leader's and DSL's data duty pages: retention, erasure, subject access, the audit log."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import or_, select

from .. import audit
from ..access import require_admin, require_staff, school_for
from ..extensions import db
from ..models import Pupil, Role, School
from ..transition.unpack import packs_holding
from . import audit_log, erasure, retention, subject_access
from .forms import AuditFilterForm, CareersRetentionForm, ConcernRetentionForm, EraseForm

bp = Blueprint("privacy", __name__, url_prefix="/schools/<int:school_id>/privacy")
bp.before_request(require_staff)
admin_bp = Blueprint("privacy_admin", __name__, url_prefix="/admin")
admin_bp.before_request(require_admin)

LEADER = (Role.CAREERS_LEADER,)
#: Who may open the retention page and the audit log; each sees only their own part.
DUTY_ROLES = (Role.CAREERS_LEADER, Role.DSL, Role.DEPUTY_DSL)
SAFEGUARDING_LEADS = {Role.DSL, Role.DEPUTY_DSL}


@bp.after_request
@admin_bp.after_request
def never_cache(response):
    """Pupils' records and the audit trail must not stay in a shared computer's cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _find_pupils(school: School, words: str) -> list[Pupil]:
    """Pupils of the school whose name or UPN matches what was typed, at most 50."""
    query = select(Pupil).where(Pupil.school_id == school.id)
    for word in words.split()[:4]:
        like = f"%{word}%"
        query = query.where(or_(Pupil.legal_forename.ilike(like), Pupil.preferred_forename.ilike(like),
                                Pupil.surname.ilike(like), Pupil.upn == word.upper()))
    return list(db.session.scalars(query.order_by(Pupil.surname, Pupil.preferred_forename).limit(50)))


@bp.get("/")
def index(school_id: int):
    """The data duties page: find a pupil for a subject access request or an erasure."""
    school = school_for(school_id, DUTY_ROLES)
    roles = current_user.roles_in(school.id)
    words = request.args.get("q", "").strip()[:100]
    found = _find_pupils(school, words) if words and Role.CAREERS_LEADER in roles else []
    return render_template("privacy/index.html", school=school, roles=roles, words=words, found=found)


@bp.get("/retention")
def retention_page(school_id: int, careers_form=None, concern_form=None, status: int = 200):
    """How long records are kept, and what the next purge would remove; each role sees its part."""
    school = school_for(school_id, DUTY_ROLES)
    roles = current_user.roles_in(school.id)
    preview = retention.preview(school, date.today())
    return render_template("privacy/retention.html", school=school, roles=roles, preview=preview,
                           last_purge=retention.last_purge(school),
                           careers_form=careers_form or CareersRetentionForm(obj=school),
                           concern_form=concern_form or ConcernRetentionForm(obj=school),
                           leads=bool(roles & SAFEGUARDING_LEADS)), status


@bp.post("/retention/careers")
def save_careers_retention(school_id: int):
    """The careers leader sets the months the careers record is kept."""
    school = school_for(school_id, LEADER)
    form = CareersRetentionForm()
    if not form.validate_on_submit():
        return retention_page(school.id, careers_form=form, status=400)
    months = form.careers_retention_months.data
    audit.record("retention_changed", school_id=school.id, careers_retention_months=months,
                 was=school.careers_retention_months)
    school.careers_retention_months = months
    db.session.commit()
    flash(_("Saved. Careers records are now kept for %(months)d months.", months=months), "success")
    return redirect(url_for("privacy.retention_page", school_id=school.id))


@bp.post("/retention/concerns")
def save_concern_retention(school_id: int):
    """The DSL sets the age until which safeguarding concerns are kept; existing ones move too."""
    school = school_for(school_id, [Role.DSL])
    form = ConcernRetentionForm()
    if not form.validate_on_submit():
        return retention_page(school.id, concern_form=form, status=400)
    was = school.concern_retention_age
    moved = retention.change_concern_age(school, form.concern_retention_age.data)
    # Named concern_..., so the careers leader's audit log does not learn how many concerns there are.
    audit.record("concern_retention_changed", school_id=school.id,
                 concern_retention_age=school.concern_retention_age, was=was, concerns_redated=moved)
    db.session.commit()
    flash(_("Saved. Safeguarding concerns are now kept until the pupil is %(age)d.",
            age=school.concern_retention_age), "success")
    return redirect(url_for("privacy.retention_page", school_id=school.id))


def _pupil(school_id: int, pupil_id: int) -> tuple[School, Pupil]:
    """The school and one of its pupils, for the careers leader only; 404 otherwise."""
    school = school_for(school_id, LEADER)
    pupil = db.session.get(Pupil, pupil_id)
    if pupil is None or pupil.school_id != school.id:
        abort(404)
    return school, pupil


@bp.route("/pupils/<int:pupil_id>/erase", methods=["GET", "POST"])
def erase(school_id: int, pupil_id: int):
    """Confirm by typing the pupil's full name, then erase everything but safeguarding records."""
    school, pupil = _pupil(school_id, pupil_id)
    form = EraseForm()
    if form.validate_on_submit():
        if erasure.name_matches(pupil, form.full_name.data):
            removed = erasure.erase_pupil(pupil, how="page")
            flash(_("The pupil's careers record and details are erased."), "success")
            if removed.packs_changed:
                flash(ngettext("They were removed from %(num)d transition pack.",
                               "They were removed from %(num)d transition packs.", removed.packs_changed)
                      + " " + str(erasure.ASK_SECONDARY), "info")
            flash(str(erasure.KEPT_BY_DSL), "info")
            return redirect(url_for("privacy.index", school_id=school.id))
        form.full_name.errors.append(_("That is not this pupil's full name, so nothing was erased."))
    status = 400 if form.is_submitted() else 200
    return render_template("privacy/erase.html", school=school, pupil=pupil, form=form,
                           kept=erasure.KEPT_BY_DSL, ask_secondary=erasure.ASK_SECONDARY,
                           packs=len(packs_holding(pupil))), status


@bp.get("/pupils/<int:pupil_id>/subject-access")
def subject_access_page(school_id: int, pupil_id: int):
    """Everything held about the pupil, readable and printable; opening it is audited."""
    school, pupil = _pupil(school_id, pupil_id)
    export = subject_access.gather(pupil)
    subject_access.record_export(pupil, how="page")
    return render_template("privacy/subject_access.html", school=school, pupil=pupil, export=export,
                           not_included=subject_access.SAFEGUARDING_NOT_INCLUDED)


@bp.get("/pupils/<int:pupil_id>/subject-access.json")
def subject_access_json(school_id: int, pupil_id: int):
    """The same export as a JSON file to download; audited."""
    _school, pupil = _pupil(school_id, pupil_id)
    body = subject_access.as_json(subject_access.gather(pupil))
    name = subject_access.file_stem(pupil) + ".json"
    subject_access.record_export(pupil, how="json")
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _filters(form: AuditFilterForm, school_id: int | None, with_safeguarding: bool) -> audit_log.Filters:
    """The reader's filters from the form, ignoring anything that is not valid."""
    valid = form.validate()
    who = form.who.data or ""
    return audit_log.Filters(
        school_id=school_id, action=form.action.data or None, staff_id=int(who) if who.isdigit() else None,
        date_from=form.date_from.data if valid else None, date_to=form.date_to.data if valid else None,
        with_safeguarding=with_safeguarding)


def _log_form(scope: audit_log.Filters) -> AuditFilterForm:
    """The filter form with the actions and people that appear in the reader's scope."""
    form = AuditFilterForm(request.args)
    form.action.choices = [("", _("All actions"))] + audit_log.actions_seen(scope)
    form.who.choices = [("", _("Everyone"))] + [(str(i), n) for i, n in audit_log.people_seen(scope)]
    return form


def _school_scope(school_id: int) -> tuple[School, audit_log.Filters]:
    """The school and what its reader may see: safeguarding actions only for the DSL and deputies."""
    school = school_for(school_id, DUTY_ROLES)
    leads = bool(current_user.roles_in(school.id) & SAFEGUARDING_LEADS)
    return school, audit_log.Filters(school_id=school.id, with_safeguarding=leads)


def _school_log(school_id: int):
    """The school, its log's filter form (no school choice) and the filters the form asks for."""
    school, scope = _school_scope(school_id)
    form = _log_form(scope)
    del form.school
    return school, form, _filters(form, school.id, scope.with_safeguarding)


@bp.get("/audit")
def audit_page(school_id: int):
    """The school's audit log, newest first, 50 to a page; reading it changes nothing."""
    school, form, filters = _school_log(school_id)
    page = audit_log.page_of(filters, request.args.get("page", 1, type=int))
    return render_template("privacy/audit.html", school=school, form=form, page=page,
                           rows=audit_log.rows_for(page.items, school.id),
                           csv_url=url_for("privacy.audit_csv", school_id=school.id, **_args()),
                           page_url=lambda n: url_for("privacy.audit_page", school_id=school.id,
                                                      **_args(), page=n))


@bp.get("/audit.csv")
def audit_csv(school_id: int):
    """The filtered audit log as CSV; the download is itself audited."""
    school, _form, filters = _school_log(school_id)
    return _csv_download(filters, f"convo-audit-{school.urn}", name_pupils=True)


def _args() -> dict:
    """The current filters, to keep them in page and download links."""
    return {k: v for k, v in request.args.items() if k in ("action", "who", "date_from", "date_to", "school")
            and v}


def _csv_download(filters: audit_log.Filters, stem: str, *, name_pupils: bool) -> Response:
    """Build the CSV of every matching record, audit the download, and send it."""
    records = db.session.scalars(audit_log.records_query(filters)).all()
    body = audit_log.as_csv(audit_log.rows_for(records, filters.school_id if name_pupils else None))
    audit.record("audit_log_exported", school_id=filters.school_id, rows=len(records), **filters.as_detail())
    db.session.commit()
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{stem}-{date.today()}.csv"'})


def _admin_filters() -> tuple[AuditFilterForm, audit_log.Filters]:
    """The administrator's form and filters: every school, or the one chosen."""
    chosen = request.args.get("school", "")
    school_id = int(chosen) if chosen.isdigit() else None
    form = _log_form(audit_log.Filters(school_id=school_id, with_safeguarding=True))
    schools = db.session.execute(select(School.id, School.name).order_by(School.name)).all()
    form.school.choices = [("", _("Every school"))] + [(str(i), n) for i, n in schools]
    return form, _filters(form, school_id, True)


@admin_bp.get("/audit")
def audit_all():
    """The whole deployment's audit log for the administrator, with a school filter."""
    form, filters = _admin_filters()
    page = audit_log.page_of(filters, request.args.get("page", 1, type=int))
    return render_template("privacy/audit.html", school=None, form=form, page=page,
                           rows=audit_log.rows_for(page.items, None),
                           csv_url=url_for("privacy_admin.audit_all_csv", **_args()),
                           page_url=lambda n: url_for("privacy_admin.audit_all", **_args(), page=n))


@admin_bp.get("/audit.csv")
def audit_all_csv():
    """The administrator's filtered audit log as CSV; audited."""
    _form, filters = _admin_filters()
    # The administrator sees pupils by id only, even with one school chosen.
    return _csv_download(filters, "convo-audit", name_pupils=False)
