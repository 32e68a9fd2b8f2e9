"""Writing audit records for the actions a school must be able to account for."""
from __future__ import annotations

from typing import Any

from flask_login import current_user

from .extensions import db
from .models import AuditRecord


def record(action: str, *, school_id: int | None = None, target: str | None = None,
           staff_id: int | None = None, **detail: Any) -> AuditRecord:
    """Add an audit record to the current transaction; the caller commits it with its change."""
    if staff_id is None and getattr(current_user, "is_authenticated", False):
        staff_id = current_user.id
    entry = AuditRecord(staff_id=staff_id, school_id=school_id, action=action, target=target,
                        detail=detail)
    db.session.add(entry)
    return entry
