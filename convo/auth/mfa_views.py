"""Pages for two-step sign-in: the code at sign-in, setting up an app, and the person's own page."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user

from .. import audit
from ..extensions import db, limiter
from ..models import Staff
from . import mfa, pending
from .forms import CodeForm, ConfirmCodeForm, SetUpForm
from .views import _sign_in_limit, bp

#: Pages showing a secret or recovery codes must not be kept by the browser or a proxy.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
#: Whose set-up this session has started, so the secret stays the same while the page is reloaded.
SETTING_UP = "mfa_setting_up"


def _expired():
    """Send someone whose wait ran out back to the password."""
    flash(_("That took too long. Please sign in again."), "info")
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def two_step_code():
    """The second step of signing in: a code from the app, or a recovery code."""
    staff = pending.held_staff()
    if staff is None or not mfa.enrolled(staff):
        return _expired()
    form = CodeForm()
    if form.validate_on_submit():
        if form.code.data and mfa.check_code(staff, form.code.data):
            pending.finish(staff, verified=True)
            return redirect(url_for("school.home"))
        if form.recovery_code.data and mfa.use_recovery_code(staff, form.recovery_code.data):
            pending.finish(staff, verified=True)
            left = mfa.recovery_codes_left(staff)
            flash(ngettext("You used a recovery code. You have %(num)d left.",
                           "You used a recovery code. You have %(num)d left.", left), "info")
            if left <= 2:
                flash(_("Get new recovery codes from your Two-step sign-in page before they run out."),
                      "error")
            return redirect(url_for("school.home"))
        audit.record("mfa_code_failed", staff_id=staff.id)
        db.session.commit()
        if pending.wrong_code():
            return _expired()
        flash(_("That code did not work. Codes change every 30 seconds and each works once."),
              "error")
    return render_template("auth/two_step_code.html", form=form)


def _person_setting_up() -> Staff | None:
    """Who is setting up an app: the signed-in person, or the one who just typed their password."""
    if current_user.is_authenticated:
        return db.session.get(Staff, current_user.id)
    return pending.held_staff(setting_up=True)


@bp.route("/sign-in/set-up", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def two_step_set_up():
    """Set up an authenticator app: scan the QR code (or type the key), then give one code."""
    staff = _person_setting_up()
    if staff is None:
        return _expired()
    if mfa.enrolled(staff):
        return redirect(url_for("auth.two_step"))
    # A new secret for each set-up; reloading the page in the same session keeps the one scanned.
    mfa.begin_set_up(staff, fresh=session.get(SETTING_UP) != staff.id)
    session[SETTING_UP] = staff.id
    form = SetUpForm()
    if form.validate_on_submit():
        codes = mfa.confirm_set_up(staff, form.code.data)
        if codes is not None:
            if current_user.is_authenticated:
                session.pop(SETTING_UP, None)
                session[pending.VERIFIED] = True
            else:
                pending.finish(staff, verified=True)
            return render_template("auth/recovery_codes.html", codes=codes, first=True), NO_STORE
        if not current_user.is_authenticated and pending.wrong_code():
            return _expired()
        form.code.errors.append(_("That code did not work. Check the app shows Convo and try the newest code."))
    page = render_template("auth/two_step_set_up.html", form=form, staff=staff,
                           secret=mfa.secret_for_typing(staff))
    return page, NO_STORE


@bp.get("/sign-in/set-up/qr.svg")
def two_step_qr():
    """The set-up QR code, only for the person in the middle of setting up."""
    staff = _person_setting_up()
    if staff is None or mfa.enrolled(staff) or staff.mfa_secret is None:
        abort(404)
    return Response(mfa.qr_svg(staff), mimetype="image/svg+xml", headers=NO_STORE)


@bp.get("/account/two-step")
@login_required
def two_step():
    """The person's own two-step sign-in page: on or off, recovery codes left, and changes."""
    staff = db.session.get(Staff, current_user.id)
    return render_template("auth/two_step.html", staff=staff, enrolled=mfa.enrolled(staff),
                           required=mfa.required(staff), left=mfa.recovery_codes_left(staff),
                           form=ConfirmCodeForm(), off_form=ConfirmCodeForm(prefix="off"))


@bp.post("/account/two-step/recovery-codes")
@login_required
@limiter.limit(_sign_in_limit)
def two_step_new_codes():
    """New recovery codes, replacing the old ones, after a current code from the app."""
    staff = db.session.get(Staff, current_user.id)
    form = ConfirmCodeForm()
    if not mfa.enrolled(staff):
        abort(404)
    if form.validate_on_submit() and mfa.check_code(staff, form.code.data):
        return render_template("auth/recovery_codes.html", codes=mfa.issue_recovery_codes(staff),
                               first=False), NO_STORE
    flash(_("That code did not work. Codes change every 30 seconds and each works once."), "error")
    return redirect(url_for("auth.two_step"))


@bp.post("/account/two-step/off")
@login_required
@limiter.limit(_sign_in_limit)
def two_step_off():
    """Turn off two-step sign-in, for someone who chose it and whose roles do not need it."""
    staff = db.session.get(Staff, current_user.id)
    form = ConfirmCodeForm(prefix="off")
    if not mfa.enrolled(staff) or mfa.required(staff):
        abort(404)
    if form.validate_on_submit() and mfa.check_code(staff, form.code.data):
        mfa.turn_off(staff)
        # Turning it off signs out every other device; this one stays signed in.
        session.pop(pending.VERIFIED, None)
        login_user(staff)
        flash(_("Two-step sign-in is off."), "success")
    else:
        flash(_("That code did not work. Codes change every 30 seconds and each works once."), "error")
    return redirect(url_for("auth.two_step"))
