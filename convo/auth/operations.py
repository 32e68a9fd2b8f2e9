"""What changes when staff sign in or set a password."""
from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..models import PasswordLink, Staff
from ..models._time import utcnow
from ..models.staff import new_session_token
from .passwords import check_password, hash_password, needs_rehash


def find_by_email(email: str) -> Staff | None:
    """Find a staff account by e-mail, ignoring case and spaces."""
    return db.session.scalar(select(Staff).where(func.lower(Staff.email) == email.strip().lower()))


def authenticate(email: str, password: str) -> Staff | None:
    """Return the account if the e-mail and password match; the same work either way.

    The sign-in itself is recorded when it completes, after any second step (pending.finish).
    """
    staff = find_by_email(email)
    if not check_password(staff.password_hash if staff else None, password):
        audit.record("sign_in_failed", staff_id=staff.id if staff else None)
        db.session.commit()
        return None
    if needs_rehash(staff.password_hash):
        staff.password_hash = hash_password(password)
        db.session.commit()
    return staff


def _token_hash(token: str) -> str:
    """Hash a link token, so a copy of the database cannot be used to sign in."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_password_link(staff: Staff) -> str:
    """Make a one-time link token for `staff`; earlier unused links stop working."""
    for old in db.session.scalars(select(PasswordLink).where(
            PasswordLink.staff_id == staff.id, PasswordLink.used_at.is_(None))):
        old.used_at = utcnow()
    token = secrets.token_urlsafe(32)
    db.session.add(PasswordLink(
        staff=staff, token_hash=_token_hash(token),
        expires_at=utcnow() + current_app.config["PASSWORD_LINK_LIFETIME"],
    ))
    return token


def valid_link(token: str) -> PasswordLink | None:
    """Return the unused, unexpired link for `token`, or None."""
    link = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _token_hash(token)))
    if link is None or link.used_at is not None or link.expires_at < utcnow():
        return None
    return link


def use_link(link: PasswordLink, password: str) -> Staff:
    """Set the password through a link, spend the link, and end any other sessions."""
    staff = link.staff
    staff.password_hash = hash_password(password)
    staff.session_token = new_session_token()
    link.used_at = utcnow()
    audit.record("password_set", staff_id=staff.id)
    db.session.commit()
    return staff
