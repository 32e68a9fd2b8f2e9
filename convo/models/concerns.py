"""Safeguarding concerns: the only place a pupil's verbatim words are kept."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow


class Concern(db.Model):
    """Words that suggest a pupil may be at risk, for the DSL to see at once.

    Written in the same transaction as the turn that raised it, so a concern is never lost.
    """

    __tablename__ = "concern"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    # Kept as a plain id with no cascade: safeguarding records outlive the careers record.
    pupil_id: Mapped[int | None] = mapped_column(ForeignKey("pupil.id", ondelete="SET NULL"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversation.id", ondelete="SET NULL"))
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turn.id", ondelete="SET NULL"))
    # Who and where, copied at the time: the DSL must know the child even after a record is erased.
    pupil_name: Mapped[str] = mapped_column(String(220))
    # The pupil's class when the concern was raised: the alert names it, never the pupil.
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id", ondelete="SET NULL"),
                                                 index=True)
    class_name: Mapped[str | None] = mapped_column(String(60))
    verbatim: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(30))
    severity: Mapped[str] = mapped_column(String(10))
    # Which rule in the safeguarding patterns fired, so the DSL can see why.
    rule: Mapped[str | None] = mapped_column(String(120))
    # new → acknowledged → actioned → closed.
    state: Mapped[str] = mapped_column(String(20), default="new")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # Kept until this day by the concern's own retention (never with the careers record).
    keep_until: Mapped[date | None] = mapped_column(index=True)
    # Who first acknowledged it, and when; escalation stops once it is acknowledged.
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # How many times it has escalated to the next contact (0 = only the first alert went out).
    escalation_level: Mapped[int] = mapped_column(default=0, server_default="0")

    turn = relationship("Turn")
