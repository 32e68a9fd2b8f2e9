"""The DSL's pages: the concern inbox, each concern, go-live confirmation and escalation time."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..access import require_staff, school_for
from ..extensions import db
from ..models import Role
from . import contacts, operations
from .forms import ConfirmDslForm, EscalationForm, MoveForm
from .labels import FILTER_LABELS, next_state

bp = Blueprint("safeguarding", __name__, url_prefix="/schools/<int:school_id>/safeguarding")
bp.before_request(require_staff)


@bp.after_request
def never_cache(response):
    """Concern pages must not stay in a shared computer's browser cache."""
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
def inbox(school_id: int):
    """The school's concerns, newest first, filtered by state."""
    school = school_for(school_id, contacts.LEADS)
    state = request.args.get("state", "open")
    state = state if state in operations.FILTERS else "open"
    concerns = operations.inbox(school.id, state)
    operations.record_inbox_view(school, state, len(concerns))
    return render_template("safeguarding/inbox.html", school=school, concerns=concerns, state=state,
                           filters=operations.FILTERS, state_names=FILTER_LABELS,
                           live=contacts.school_is_live(school),
                           chain=contacts.escalation_chain(school.id),
                           settings=contacts.settings_for(school.id))


@bp.get("/concerns/<int:concern_id>")
def concern(school_id: int, concern_id: int):
    """One concern in full, with its history; every opening is audited."""
    school = school_for(school_id, contacts.LEADS)
    found = operations.concern_in(school, concern_id)
    return _concern_page(school, found, MoveForm(to_state=next_state(found.state)))


def _concern_page(school, found, form, status: int = 200):
    """Render the concern page; every showing of its words is audited first."""
    operations.record_view(found)
    return render_template("safeguarding/concern.html", school=school, concern=found, form=form,
                           history=operations.history(found), messages=operations.messages_about(found),
                           next_state=next_state(found.state)), status


@bp.post("/concerns/<int:concern_id>")
def move(school_id: int, concern_id: int):
    """Move a concern to its next state with the action, decision and reason."""
    school = school_for(school_id, contacts.LEADS)
    found = operations.concern_in(school, concern_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _concern_page(school, found, form, 400)
    try:
        operations.move(found, form.to_state.data, current_user, action=form.action.data,
                        decision=form.decision.data, reason=form.reason.data)
    except operations.StateChanged:
        flash(_("Someone else changed this concern first. Check its history, then try again."), "error")
    else:
        flash(_("Saved to the concern's record."), "success")
    return redirect(url_for("safeguarding.concern", school_id=school.id, concern_id=found.id))


@bp.route("/confirm", methods=["GET", "POST"])
def confirm(school_id: int):
    """The DSL confirms alerts reach them; until then pupils cannot start conversations."""
    school = school_for(school_id, [Role.DSL])
    form = ConfirmDslForm()
    if form.validate_on_submit():
        contacts.confirm_dsl(school, current_user)
        audit.record("dsl_confirmed", school_id=school.id, target=f"staff:{current_user.id}")
        db.session.commit()
        flash(_("Thank you. Pupils can now start conversations, and alerts come to %(email)s.",
                email=current_user.email), "success")
        return redirect(url_for("safeguarding.inbox", school_id=school.id))
    return render_template("safeguarding/confirm.html", school=school, form=form,
                           confirmed=contacts.confirmed_dsl(school),
                           settings=contacts.settings_for(school.id),
                           leads=contacts.leads_of(school.id))


@bp.route("/settings", methods=["GET", "POST"])
def settings(school_id: int):
    """The DSL sets how many minutes a new concern may wait before it escalates."""
    school = school_for(school_id, [Role.DSL])
    saved = contacts.settings_for(school.id)
    form = EscalationForm(obj=saved)
    if form.validate_on_submit():
        contacts.set_escalation_minutes(school, form.escalation_minutes.data)
        audit.record("safeguarding_settings_changed", school_id=school.id,
                     escalation_minutes=form.escalation_minutes.data)
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("safeguarding.settings", school_id=school.id))
    return render_template("safeguarding/settings.html", school=school, form=form,
                           chain=contacts.escalation_chain(school.id))
