"""What staff add to pupils' records: notes, and the settings each year group's talks run with."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow


class TeacherNote(db.Model):
    """A note a member of staff adds to a pupil's careers record."""

    __tablename__ = "teacher_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    # Staff-only notes never leave the school (not in cards, not in transition packs).
    staff_only: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff = relationship("Staff")


class YearGroupSettings(db.Model):
    """How one year group's conversations run in one school."""

    __tablename__ = "year_group_settings"
    __table_args__ = (UniqueConstraint("school_id", "year_group"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    year_group: Mapped[int]
    # Session ids in the order they run through the year; an empty list means the usual order.
    sessions: Mapped[list[str]] = mapped_column(JSON, default=list)
    minutes: Mapped[int] = mapped_column(default=15)
    # Key Stage 2 only: pupils pick their two pictures after tapping their name.
    picture_passwords: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
