"""Retention: each school's own periods, and the daily purge that applies them.

The careers record of a pupil goes `careers_retention_months` after their latest sent transition
pack or after they left, whichever comes first; the pupil row goes with it. Sent packs lose their
zip at the same point and keep their row as the record that they were sent (a withdrawn pack lost
its zip already). Safeguarding concerns
follow their own clock: only closed concerns whose keep-until day has passed are removed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select

from .. import audit
from ..extensions import db
from ..models import (AlertMessage, AuditRecord, Concern, ConcernAction, Pupil, School, TransitionPack,
                      pack_pupils)
from ..models._time import utcnow
from .dates import add_months, add_years
from .removal import Removed, deleted_rows, remove_pupils

log = logging.getLogger(__name__)

#: What a school may choose, and what the IRMS toolkit for schools advises for concerns.
CAREERS_MONTHS = (1, 36)
CONCERN_AGE = (18, 30)


@dataclass
class PurgeResult:
    """What one school's purge removed (or, in a dry run, would remove)."""

    school: School
    removed: Removed = field(default_factory=Removed)
    # Open concerns past their keep-until day: never removed, but the DSL should know.
    open_concerns_past_date: int = 0
    # True when an earlier run for the same day is already on record and this one found nothing.
    already_ran: bool = False
    failed_files: list[str] = field(default_factory=list)


def concern_keep_until(date_of_birth: date | None, school: School, raised: date) -> date:
    """The day a new concern is kept until: the pupil's birthday at the school's chosen age."""
    return add_years(date_of_birth or raised, school.concern_retention_age)


def change_concern_age(school: School, new_age: int) -> int:
    """Set the concern retention age and move every concern's keep-until day by the same years."""
    shift = new_age - school.concern_retention_age
    school.concern_retention_age = new_age
    if not shift:
        return 0
    concerns = db.session.scalars(select(Concern).where(Concern.school_id == school.id,
                                                        Concern.keep_until.is_not(None))).all()
    for concern in concerns:
        concern.keep_until = add_years(concern.keep_until, shift)
    return len(concerns)


def _record_starts(school: School, pupil_id: int | None = None) -> dict[int, date]:
    """When each pupil's careers retention clock started: the latest pack sent with them, or the
    day they left, whichever is earlier (for one pupil when `pupil_id` is given)."""
    starts: dict[int, date] = {}
    sent = (select(pack_pupils.c.pupil_id, func.max(TransitionPack.sent_at))
            .join(TransitionPack, TransitionPack.id == pack_pupils.c.pack_id)
            .where(TransitionPack.school_id == school.id, TransitionPack.sent_at.is_not(None))
            .group_by(pack_pupils.c.pupil_id))
    left = select(Pupil.id, Pupil.left_on).where(Pupil.school_id == school.id, Pupil.left_on.is_not(None))
    if pupil_id is not None:
        sent = sent.where(pack_pupils.c.pupil_id == pupil_id)
        left = left.where(Pupil.id == pupil_id)
    for who, sent_at in db.session.execute(sent):
        starts[who] = sent_at.date()
    for who, left_on in db.session.execute(left):
        starts[who] = min(starts.get(who, left_on), left_on)
    return starts


def careers_record_ends(school: School, today: date) -> dict[int, date]:
    """Pupils whose careers record is due to go by `today`, with the day it became due."""
    months = school.careers_retention_months
    due = {pupil_id: add_months(start, months) for pupil_id, start in _record_starts(school).items()}
    return {pupil_id: day for pupil_id, day in due.items() if day <= today}


def careers_record_end(school: School, pupil: Pupil) -> date | None:
    """The day one pupil's careers record is due to go, or None while their clock has not started."""
    start = _record_starts(school, pupil.id).get(pupil.id)
    return add_months(start, school.careers_retention_months) if start else None


def pack_file_ends(pack: TransitionPack, school: School | None = None) -> date:
    """The day the retention purge deletes a pack's zip: the careers retention period after sending.

    A pack that was built but never sent runs from when it was made, so a forgotten build does not
    keep pupils' words for ever. The secondary school is shown this day as "available until".
    """
    months = (school or pack.school).careers_retention_months
    return add_months((pack.sent_at or pack.built_at or pack.created_at).date(), months)


def expired_packs(school: School, today: date) -> list[TransitionPack]:
    """Packs still holding their zip on or after the day it is due to go (see pack_file_ends).

    A withdrawn pack lost its zip when it was withdrawn, so there is nothing left to purge.
    """
    packs = db.session.scalars(select(TransitionPack).where(
        TransitionPack.school_id == school.id, TransitionPack.purged_at.is_(None),
        TransitionPack.withdrawn_at.is_(None))).all()
    return [p for p in packs if pack_file_ends(p, school) <= today]


def _expired_concerns(school: School, today: date) -> list[int]:
    """Closed concerns whose keep-until day has passed."""
    return list(db.session.scalars(select(Concern.id).where(
        Concern.school_id == school.id, Concern.state == "closed", Concern.keep_until < today)))


def _remove_concerns(school: School, today: date) -> int:
    """Delete closed concerns past their keep-until day, with their history and e-mails."""
    ids = _expired_concerns(school, today)
    if not ids:
        return 0
    deleted_rows(delete(ConcernAction).where(ConcernAction.concern_id.in_(ids)))
    deleted_rows(delete(AlertMessage).where(AlertMessage.concern_id.in_(ids)))
    return deleted_rows(delete(Concern).where(Concern.id.in_(ids)))


def _open_past_date(school: School, today: date) -> int:
    """Concerns past their keep-until day that are still open, so are kept."""
    return db.session.scalar(select(func.count(Concern.id)).where(
        Concern.school_id == school.id, Concern.state != "closed", Concern.keep_until < today)) or 0


def preview(school: School, today: date) -> PurgeResult:
    """What a purge today would remove, read without changing anything (for the retention page)."""
    result = PurgeResult(school=school)
    result.removed.pupils = len(careers_record_ends(school, today))
    result.removed.pack_files = len(expired_packs(school, today))
    result.removed.concerns = len(_expired_concerns(school, today))
    result.open_concerns_past_date = _open_past_date(school, today)
    return result


def ran_for_day(school: School, today: date) -> bool:
    """True if a purge for this day is already in the school's audit trail."""
    recent = db.session.scalars(select(AuditRecord).where(
        AuditRecord.school_id == school.id, AuditRecord.action == "purge",
        AuditRecord.at >= utcnow() - timedelta(days=2)))
    return any((record.detail or {}).get("day") == today.isoformat() for record in recent)


def last_purge(school: School) -> AuditRecord | None:
    """The school's latest purge record, to show that the purge is running."""
    return db.session.scalar(select(AuditRecord).where(
        AuditRecord.school_id == school.id, AuditRecord.action == "purge")
        .order_by(AuditRecord.at.desc(), AuditRecord.id.desc()).limit(1))


def purge_school(school: School, today: date, *, dry_run: bool = False) -> PurgeResult:
    """Apply one school's retention in one transaction; a dry run counts and rolls back.

    The first run of a day leaves one audit record, even when nothing was due, as evidence that the
    purge runs; a later run that day with nothing to do leaves none.
    """
    from ..transition.storage import pack_path
    result = PurgeResult(school=school)
    try:
        files: list[Path] = []
        for pack in expired_packs(school, today):
            path = pack_path(pack)
            if path is not None and path.exists():
                files.append(path)
            pack.purged_at = utcnow()
            result.removed.pack_files += 1
        result.removed.add(remove_pupils(list(careers_record_ends(school, today))))
        result.removed.concerns = _remove_concerns(school, today)
        result.open_concerns_past_date = _open_past_date(school, today)
        if not dry_run and not result.removed.total():
            result.already_ran = ran_for_day(school, today)
        if dry_run or result.already_ran:
            db.session.rollback()
            return result
        counts = result.removed.as_detail()
        concerns = counts.pop("concerns")
        audit.record("purge", school_id=school.id, staff_id=None, day=today.isoformat(), **counts)
        if concerns:
            # Named concern_..., so only the DSL, deputies and the administrator see it in the log.
            audit.record("concern_records_purged", school_id=school.id, staff_id=None,
                         day=today.isoformat(), concerns=concerns)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    # Files go only once the database says so; a file left behind is reported, never half-recorded.
    for path in files:
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("Could not delete %s: %s", path.name, error)
            result.failed_files.append(path.name)
    return result
