"""Pages for staff to sign in and out, and to set a password from a one-time link."""
from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from ..extensions import limiter
from ..i18n import clear_session_keeping_language
from . import operations, pending
from .forms import SetPasswordForm, SignInForm

bp = Blueprint("auth", __name__)


def _sign_in_limit() -> str:
    """The configured limit on sign-in attempts."""
    return current_app.config["SIGN_IN_RATE_LIMIT"]


@bp.get("/")
def index():
    """Send staff to their home page and everyone else to the front door."""
    if current_user.is_authenticated:
        return redirect(url_for("school.home"))
    return render_template("auth/index.html")


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in():
    """Sign a member of staff in with e-mail and password."""
    form = SignInForm()
    if form.validate_on_submit():
        staff = operations.authenticate(form.email.data, form.password.data)
        if staff is not None:
            # A fresh session either way: nothing of a pupil's tablet session carries over.
            return pending.after_password(staff)
        # The same words for an unknown e-mail and a wrong password.
        flash(_("That e-mail and password do not match an account."), "error")
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
def sign_out():
    """Sign out and forget the session."""
    logout_user()
    clear_session_keeping_language()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.index"))


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def set_password(token: str):
    """Let a new member of staff choose a password through their one-time link."""
    link = operations.valid_link(token)
    if link is None:
        return render_template("auth/link_expired.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        staff = operations.use_link(link, form.password.data)
        # Someone whose role needs two-step sign-in sets it up before they are signed in.
        return pending.after_password(staff, welcome=_("Your password is set. Welcome to Convo."))
    return render_template("auth/set_password.html", form=form, staff=link.staff)
