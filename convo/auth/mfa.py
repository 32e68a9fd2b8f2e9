"""Two-step sign-in: who needs it, setting up an authenticator app, checking codes, recovery codes."""
from __future__ import annotations

import hashlib
import hmac
import io
import re
import secrets
import time

import pyotp
import segno
from flask import current_app
from sqlalchemy import func, or_, select, update

from .. import audit
from ..extensions import db
from ..models import RecoveryCode, Role, Staff
from ..models._time import utcnow
from ..models.staff import new_session_token

#: How many recovery codes a person is given at a time.
RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits without the look-alikes 0/o and 1/l/i, so codes copy cleanly.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GROUPS, _GROUP_LENGTH = 4, 4  # 16 characters of 31 possibilities: about 79 bits each


def required(staff: Staff) -> bool:
    """True if this person must use two-step sign-in, because of a role they hold in any school."""
    if staff.is_admin and current_app.config["MFA_REQUIRED_FOR_ADMINS"]:
        return True
    roles = {Role(r) for r in current_app.config["MFA_REQUIRED_ROLES"]}
    return any(m.role in roles for m in staff.memberships)


def enrolled(staff: Staff) -> bool:
    """True once the person has confirmed a code from their authenticator app."""
    return staff.mfa_secret is not None and staff.mfa_enrolled_at is not None


def begin_set_up(staff: Staff, fresh: bool) -> str:
    """Give a person who is not yet enrolled a secret to scan, a new one if `fresh`; returns it.

    Each set-up starts with a new secret, so a secret someone else once saw on the set-up page
    (knowing the password) is never the one the person then enrols.
    """
    if enrolled(staff):
        raise ValueError("already enrolled")
    if fresh or staff.mfa_secret is None:
        staff.mfa_secret = pyotp.random_base32()
        db.session.commit()
    return staff.mfa_secret


def _totp(staff: Staff) -> pyotp.TOTP:
    """The authenticator for the person's secret, labelled with their e-mail for their app."""
    return pyotp.TOTP(staff.mfa_secret, name=staff.email, issuer=current_app.config["MFA_ISSUER"])


def qr_svg(staff: Staff) -> bytes:
    """The set-up QR code (an otpauth:// address) as an SVG image."""
    out = io.BytesIO()
    segno.make(_totp(staff).provisioning_uri(), error="m").save(
        out, kind="svg", scale=6, border=2, title=current_app.config["MFA_ISSUER"])
    return out.getvalue()


def secret_for_typing(staff: Staff) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(re.findall(".{1,4}", staff.mfa_secret or ""))


def _matching_step(staff: Staff, code: str, now: float | None = None) -> int | None:
    """The time step (now, or one either side for a slow clock) whose code this is, or None."""
    code = re.sub(r"\s", "", code or "")
    if not staff.mfa_secret or not re.fullmatch(r"\d{6}", code):
        return None
    totp = _totp(staff)
    current = totp.timecode(time.time() if now is None else now)
    for step in (current - 1, current, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _spend_step(staff: Staff, step: int) -> bool:
    """Record `step` as used unless it, or a later one, was used already; safe against a race."""
    result = db.session.execute(
        update(Staff).where(Staff.id == staff.id,
                            or_(Staff.mfa_last_step.is_(None), Staff.mfa_last_step < step))
        .values(mfa_last_step=step).execution_options(synchronize_session=False))
    db.session.expire(staff, ["mfa_last_step"])
    return result.rowcount == 1


def confirm_set_up(staff: Staff, code: str) -> list[str] | None:
    """Finish set-up with the first code from the app; returns the new recovery codes, or None."""
    step = _matching_step(staff, code)
    if step is None or enrolled(staff) or not _spend_step(staff, step):
        db.session.rollback()
        return None
    staff.mfa_enrolled_at = utcnow()
    audit.record("mfa_enrolled", staff_id=staff.id, target=f"staff:{staff.id}")
    return issue_recovery_codes(staff)


def check_code(staff: Staff, code: str) -> bool:
    """True if `code` is the app's current code and has not been used before."""
    step = _matching_step(staff, code)
    if step is None or not _spend_step(staff, step):
        db.session.rollback()
        return False
    db.session.commit()
    return True


def hash_recovery_code(code: str) -> str:
    """The stored form of a recovery code, ignoring case, spaces and dashes."""
    return hashlib.sha256(re.sub(r"[\s-]", "", code.lower()).encode()).hexdigest()


def _new_recovery_code() -> str:
    """One random recovery code such as `k7pm-2xqa-9rte-hw3n`."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(_GROUP_LENGTH))
                    for _ in range(_GROUPS))


def issue_recovery_codes(staff: Staff) -> list[str]:
    """Replace the person's recovery codes with new ones, commit, and return them to show once."""
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.staff_id == staff.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    db.session.add_all(RecoveryCode(staff_id=staff.id, code_hash=hash_recovery_code(c)) for c in codes)
    audit.record("mfa_recovery_codes_issued", staff_id=staff.id, target=f"staff:{staff.id}")
    db.session.commit()
    return codes


def use_recovery_code(staff: Staff, code: str) -> bool:
    """Spend one unused recovery code; each works once. Audited."""
    if not code or len(code) > 40:
        return False
    result = db.session.execute(
        update(RecoveryCode).where(RecoveryCode.staff_id == staff.id,
                                   RecoveryCode.code_hash == hash_recovery_code(code),
                                   RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow()).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        db.session.rollback()
        return False
    audit.record("mfa_recovery_code_used", staff_id=staff.id, target=f"staff:{staff.id}",
                 remaining=recovery_codes_left(staff))
    db.session.commit()
    return True


def recovery_codes_left(staff: Staff) -> int:
    """How many of the person's recovery codes are still unused."""
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.staff_id == staff.id, RecoveryCode.used_at.is_(None)))


def reset(staff: Staff, *, school_id: int | None = None, by: str = "colleague") -> None:
    """Forget the person's app and recovery codes and sign them out; they set up again next time."""
    staff.mfa_secret = staff.mfa_enrolled_at = staff.mfa_last_step = None
    staff.session_token = new_session_token()
    db.session.execute(RecoveryCode.__table__.delete().where(RecoveryCode.staff_id == staff.id))
    audit.record("mfa_reset", school_id=school_id, target=f"staff:{staff.id}", by=by)
    db.session.commit()


def turn_off(staff: Staff) -> None:
    """Stop two-step sign-in for someone who chose it and does not need it. Audited."""
    reset(staff, by="self")
