"""The short wait between a right password and a right code, kept in the session.

Someone in this state is not signed in: `login_user` happens only after the second step.
"""
from __future__ import annotations

import hmac
import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import audit
from ..extensions import db
from ..i18n import clear_session_keeping_language
from ..models import Staff
from ..models._time import utcnow
from . import mfa

PENDING = "mfa_pending"
#: Set in the session of someone who gave a code at sign-in (or set the app up).
VERIFIED = "mfa_verified"
#: Wrong codes allowed before the password has to be typed again.
MAX_TRIES = 5


def hold(staff: Staff) -> None:
    """Start a fresh session that remembers only who typed the right password, and when."""
    clear_session_keeping_language()
    session[PENDING] = {"id": staff.id, "token": staff.session_token, "at": time.time(), "tries": 0}


def held_staff(setting_up: bool = False) -> Staff | None:
    """The person waiting to give their code (or setting up), if their wait has not run out; else None."""
    held = session.get(PENDING)
    if not isinstance(held, dict):
        return None
    age = time.time() - float(held.get("at", 0))
    lifetime = current_app.config["MFA_SET_UP_LIFETIME" if setting_up else "MFA_PENDING_LIFETIME"]
    if not 0 <= age <= lifetime.total_seconds():
        session.pop(PENDING, None)
        return None
    staff = db.session.get(Staff, int(held.get("id", 0)))
    if staff is None or not hmac.compare_digest(staff.session_token, str(held.get("token", ""))):
        return None
    return staff


def wrong_code() -> bool:
    """Count a wrong code; True (and the wait is over) once there have been too many."""
    held = dict(session.get(PENDING) or {})
    held["tries"] = int(held.get("tries", 0)) + 1
    if held["tries"] >= MAX_TRIES:
        session.pop(PENDING, None)
        return True
    session[PENDING] = held
    return False


def finish(staff: Staff, *, verified: bool) -> None:
    """Sign the person in, in a fresh session; `verified` when they gave a code. Audited."""
    staff.last_signed_in_at = utcnow()
    audit.record("sign_in", staff_id=staff.id, two_step=verified)
    db.session.commit()
    clear_session_keeping_language()
    login_user(staff)
    if verified:
        session[VERIFIED] = True


def after_password(staff: Staff, welcome: str | None = None):
    """Where a right password leads: the code page, app set-up, or straight in."""
    if mfa.enrolled(staff):
        hold(staff)
        return redirect(url_for("auth.two_step_code"))
    if mfa.required(staff):
        hold(staff)
        flash(_("Your role needs two-step sign-in. Set it up now: it takes two minutes."), "info")
        return redirect(url_for("auth.two_step_set_up"))
    finish(staff, verified=False)
    if welcome:
        flash(welcome, "success")
    return redirect(url_for("school.home"))


def require_second_step():
    """Sign out anyone whose role now needs two-step sign-in but who signed in without it.

    This catches a role given during a session, a reset by a colleague, and sessions older than
    two-step sign-in itself (an app-wide before_request).
    """
    if request.endpoint == "static" or session.get(VERIFIED):
        return None
    if not current_user.is_authenticated or not mfa.required(current_user):
        return None
    logout_user()
    clear_session_keeping_language()
    flash(_("Your role needs two-step sign-in. Please sign in again to set it up."), "info")
    return redirect(url_for("auth.sign_in"))
