"""Transition packs: what a primary school sends to each pupil's secondary school."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow

#: Which pupils a pack carries; used to show a secondary its incoming pupils and to time the purge.
pack_pupils = Table(
    "transition_pack_pupil",
    db.metadata,
    Column("pack_id", ForeignKey("transition_pack.id", ondelete="CASCADE"), primary_key=True),
    Column("pupil_id", ForeignKey("pupil.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class TransitionPack(db.Model):
    """One destination secondary school's pack from one primary school, for one academic year.

    A pack is built (a zip of PDFs, a CSV and a JSON file in the instance folder), then sent: only
    a sent pack is visible to the destination school. Opening it there records receipt; the primary
    can also record a receipt itself, e.g. for a secondary outside this deployment. A sent pack is
    withdrawn (its file deleted, its row kept) when the primary withdraws it or sends a newer pack to
    the same destination for the same year.
    """

    __tablename__ = "transition_pack"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    # The destination's DfE number (LAESTAB) from the roster, and its name when it is known here.
    destination_dfe: Mapped[str] = mapped_column(String(7), index=True)
    destination_name: Mapped[str | None] = mapped_column(String(200))
    academic_year: Mapped[int]
    # Packs built together share a batch, so the careers leader sees one progress bar.
    batch: Mapped[str] = mapped_column(String(32), index=True)
    # queued → building → ready, or failed.
    status: Mapped[str] = mapped_column(String(20), default="queued")
    pupils_total: Mapped[int] = mapped_column(default=0)
    pupils_done: Mapped[int] = mapped_column(default=0)
    # The zip's file name inside the instance folder's transition-packs/ directory.
    file_name: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str | None] = mapped_column(String(64))
    size_bytes: Mapped[int | None]
    error: Mapped[str | None] = mapped_column(String(500))
    built_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Touched as each pupil is done, so a build whose process died can be seen to have stalled.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    built_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    received_at: Mapped[datetime | None]
    received_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # Who confirmed receipt, in words, when it was recorded by the primary (e.g. "Mr Lee, by phone").
    receipt_note: Mapped[str | None] = mapped_column(String(300))
    # Set when the retention purge removed the file; the row stays as the record that it was sent.
    purged_at: Mapped[datetime | None]
    # Set when the pack was withdrawn by the primary or replaced by a newer one sent to the same
    # school; its file is gone and the destination can no longer open it. The row stays as the record.
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # "replaced" (a newer pack was sent to the same school) or "withdrawn" (by the primary).
    withdrawn_reason: Mapped[str | None] = mapped_column(String(20))

    school = relationship("School")
    built_by = relationship("Staff", foreign_keys=[built_by_id])
    sent_by = relationship("Staff", foreign_keys=[sent_by_id])
    received_by = relationship("Staff", foreign_keys=[received_by_id])
    withdrawn_by = relationship("Staff", foreign_keys=[withdrawn_by_id])
    pupils = relationship("Pupil", secondary=pack_pupils)
