"""What every card export shares: the pupils of a class, file names, and the audit record."""
from __future__ import annotations

import re

from .. import audit
from ..extensions import db
from ..models import Pupil, SchoolClass
from ..tablet.session import class_pupils

__all__ = ["class_file_name", "class_pupils", "pupil_file_name", "record_export"]


def _safe(text: str) -> str:
    """Text fit for a file name: letters and digits kept (Welsh ones too), anything else a dash."""
    return re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_") or "class"


def class_file_name(school_class: SchoolClass) -> str:
    """The file for a class's cards, e.g. Oak-cards.pdf."""
    return f"{_safe(school_class.name)}-cards.pdf"


def pupil_file_name(school_class: SchoolClass | None, pupil: Pupil) -> str:
    """The file for one pupil's card, by class, first name and id; never a surname."""
    class_part = _safe(school_class.name) if school_class else "no-class"
    return f"{class_part}-{_safe(pupil.preferred_forename)}-{pupil.id}.pdf"


def record_export(how: str, *, school_id: int, target: str, pupils: int, **detail) -> None:
    """Write the audit record for one export of cards, and commit it."""
    audit.record("parent_cards_exported", school_id=school_id, target=target, how=how,
                 pupils=pupils, **detail)
    db.session.commit()
