"""Sending packs, recording receipt, and what a receiving secondary school may open."""
from __future__ import annotations

from datetime import datetime

from flask import abort
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import School, Staff, TransitionPack
from ..models._time import utcnow


def packs_of(school: School, academic_year: int | None = None) -> list[TransitionPack]:
    """A primary school's packs by destination (as the destinations are listed), newest build first."""
    query = select(TransitionPack).where(TransitionPack.school_id == school.id)
    if academic_year is not None:
        query = query.where(TransitionPack.academic_year == academic_year)
    order = (TransitionPack.destination_name.is_(None), TransitionPack.destination_name,
             TransitionPack.destination_dfe, TransitionPack.created_at.desc(), TransitionPack.id.desc())
    return list(db.session.scalars(query.order_by(*order)))


def own_pack(school: School, pack_id: int) -> TransitionPack:
    """One of this primary school's own packs; 404 for any other."""
    pack = db.session.get(TransitionPack, pack_id)
    if pack is None or pack.school_id != school.id:
        abort(404)
    return pack


def batch_packs(school: School, batch: str) -> list[TransitionPack]:
    """The packs this school built together in one batch; 404 if there are none."""
    packs = list(db.session.scalars(select(TransitionPack).where(
        TransitionPack.school_id == school.id, TransitionPack.batch == batch).order_by(TransitionPack.id)))
    if not packs:
        abort(404)
    return packs


#: Why a pack was withdrawn: as stored on the pack, and as the audit trail says it.
REPLACED, WITHDRAWN_BY_PRIMARY = "replaced", "withdrawn"
REASONS = {REPLACED: "replaced by a newer pack", WITHDRAWN_BY_PRIMARY: "withdrawn by the primary school"}


def send_pack(pack: TransitionPack, staff: Staff | None, *, how: str | None = None) -> bool:
    """Mark a ready pack as sent, so the destination school can open it; False if it cannot be sent.

    The older packs this school sent to the same destination for the same year are withdrawn, so
    the secondary sees only the newest. `staff` is None when sent from the command line (`how`).
    """
    if pack.status != "ready" or pack.purged_at is not None or pack.withdrawn_at is not None:
        return False
    if pack.sent_at is None:
        now = utcnow()
        pack.sent_at, pack.sent_by_id = now, staff.id if staff else None
        extra = {"how": how} if how else {}
        audit.record("transition_pack_sent", school_id=pack.school_id, target=f"pack:{pack.id}",
                     destination=pack.destination_dfe, pupils=pack.pupils_total, **extra)
        for older in _older_sent(pack):
            withdraw_pack(older, staff, REPLACED, at=now)
    return True


def ready_to_send_here(packs: list[TransitionPack]) -> list[TransitionPack]:
    """Built packs not yet sent whose destination school is in this deployment, so can open them here."""
    return [p for p in packs if p.status == "ready" and p.sent_at is None and p.destination_name
            and p.purged_at is None and p.withdrawn_at is None]


def _older_sent(pack: TransitionPack) -> list[TransitionPack]:
    """Other packs this school sent to the same destination for the same year, still open to it."""
    return list(db.session.scalars(select(TransitionPack).where(
        TransitionPack.school_id == pack.school_id, TransitionPack.destination_dfe == pack.destination_dfe,
        TransitionPack.academic_year == pack.academic_year, TransitionPack.id != pack.id,
        TransitionPack.sent_at.is_not(None), TransitionPack.withdrawn_at.is_(None),
        TransitionPack.purged_at.is_(None))))


def withdraw_pack(pack: TransitionPack, staff: Staff | None, reason: str = WITHDRAWN_BY_PRIMARY,
                  *, at: datetime | None = None) -> bool:
    """Stop the destination opening a sent pack: its zip is deleted, the row kept; False if not sent.

    The caller commits; the file goes only once that commit succeeds. A pack that was withdrawn, or
    whose file the retention purge removed, stays so.
    """
    from .storage import delete_after_commit, pack_path
    if pack.sent_at is None or pack.withdrawn_at is not None or pack.purged_at is not None:
        return False
    delete_after_commit(db.session(), pack_path(pack))
    pack.withdrawn_at, pack.withdrawn_by_id = at or utcnow(), staff.id if staff else None
    pack.withdrawn_reason = reason
    audit.record("transition_pack_withdrawn", school_id=pack.school_id, target=f"pack:{pack.id}",
                 staff_id=staff.id if staff else None, destination=pack.destination_dfe,
                 reason=REASONS[reason])
    return True


def record_receipt(pack: TransitionPack, staff: Staff | None, note: str | None = None,
                   school_id: int | None = None, *, opened: bool = False) -> bool:
    """Record that the destination school has the pack; only the first receipt is kept and audited.

    `opened` says the secondary school's own transition leader opened it here; otherwise the primary
    school is recording what the destination confirmed. False if a receipt was already recorded.
    """
    if pack.received_at is not None:
        return False
    pack.received_at = utcnow()
    pack.received_by_id = staff.id if staff else None
    pack.receipt_note = (note or "").strip()[:300] or None
    audit.record("transition_pack_received", school_id=school_id or pack.school_id,
                 target=f"pack:{pack.id}",
                 how="opened by the secondary school" if opened else "confirmed to the primary school",
                 note=pack.receipt_note)
    return True


def incoming_packs(secondary: School) -> list[TransitionPack]:
    """Packs sent to this secondary school by any primary in the deployment, newest first."""
    query = select(TransitionPack).where(
        TransitionPack.destination_dfe == secondary.dfe_number, TransitionPack.sent_at.is_not(None),
        TransitionPack.purged_at.is_(None), TransitionPack.withdrawn_at.is_(None),
        TransitionPack.status == "ready")
    return list(db.session.scalars(query.order_by(TransitionPack.sent_at.desc())))


def incoming_pack(secondary: School, pack_id: int) -> TransitionPack:
    """A pack this secondary may open: sent to it, neither withdrawn nor purged; 404 otherwise."""
    pack = db.session.get(TransitionPack, pack_id)
    if (pack is None or pack.destination_dfe != secondary.dfe_number or pack.sent_at is None
            or pack.purged_at is not None or pack.withdrawn_at is not None or pack.status != "ready"):
        abort(404)
    return pack
