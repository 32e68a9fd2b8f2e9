"""Classes, pupils, and each pupil's place in a class year by year."""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Column, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow

if TYPE_CHECKING:
    from .schools import School
    from .staff import Staff

class_teachers = Table(
    "class_teacher",
    db.metadata,
    Column("class_id", ForeignKey("school_class.id", ondelete="CASCADE"), primary_key=True),
    Column("staff_id", ForeignKey("staff.id", ondelete="CASCADE"), primary_key=True),
)


class SchoolClass(db.Model):
    """A class in one academic year, e.g. "Oak" (Year 3) in 2026/27."""

    __tablename__ = "school_class"
    __table_args__ = (UniqueConstraint("school_id", "academic_year", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(60))
    # 0 is Reception, 1–6 are Years 1–6. Mixed-age classes keep their youngest year here.
    year_group: Mapped[int]
    # The calendar year the academic year starts in: 2026 means 2026/27.
    academic_year: Mapped[int]
    # What a tablet is given to show this class's names; unique across the deployment.
    sign_in_code: Mapped[str | None] = mapped_column(String(16), unique=True)
    sign_in_code_expires_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    school: Mapped[School] = relationship(back_populates="classes")
    teachers: Mapped[list[Staff]] = relationship(secondary=class_teachers)
    pupils: Mapped[list[Pupil]] = relationship(back_populates="school_class")

    def __repr__(self) -> str:
        """Show the class by id and name."""
        return f"<SchoolClass {self.id} {self.name!r}>"


class Pupil(db.Model):
    """A pupil; the same record follows them from Reception to Year 6."""

    __tablename__ = "pupil"
    __table_args__ = (UniqueConstraint("school_id", "upn"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int | None] = mapped_column(
        ForeignKey("school_class.id", ondelete="SET NULL"), index=True
    )
    legal_forename: Mapped[str] = mapped_column(String(100))
    preferred_forename: Mapped[str] = mapped_column(String(100))
    surname: Mapped[str] = mapped_column(String(100))
    date_of_birth: Mapped[date]
    # Optional; used only for stereotype analytics, with small cells suppressed.
    sex: Mapped[str | None] = mapped_column(String(1))
    # Unique Pupil Number: validated, never shown on pupil screens.
    upn: Mapped[str | None] = mapped_column(String(13))
    year_group: Mapped[int]
    # DfE number (LAESTAB) of the secondary school the pupil moves on to.
    destination_dfe: Mapped[str | None] = mapped_column(String(7))
    # The picture on the pupil's name button on the tablet.
    animal: Mapped[str] = mapped_column(String(20), default="fox")
    # Two of the nine pictures, e.g. "2,7"; only asked for when the school turns it on.
    picture_password: Mapped[str | None] = mapped_column(String(40))
    left_on: Mapped[date | None]
    # The school term in which the pupil last heard the privacy notice, e.g. "2026-autumn".
    privacy_notice_term: Mapped[str | None] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    school: Mapped[School] = relationship(back_populates="pupils")
    school_class: Mapped[SchoolClass | None] = relationship(back_populates="pupils")
    enrolments: Mapped[list[Enrolment]] = relationship(
        back_populates="pupil", cascade="all, delete-orphan", order_by="Enrolment.academic_year"
    )

    @property
    def display_name(self) -> str:
        """The name staff see: preferred forename and surname."""
        return f"{self.preferred_forename} {self.surname}"

    def __repr__(self) -> str:
        """Show the pupil by id only, so logs never carry names."""
        return f"<Pupil {self.id}>"


class Enrolment(db.Model):
    """Which class and year group a pupil was in for one academic year."""

    __tablename__ = "enrolment"
    __table_args__ = (UniqueConstraint("pupil_id", "academic_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(ForeignKey("pupil.id", ondelete="CASCADE"), index=True)
    class_id: Mapped[int | None] = mapped_column(ForeignKey("school_class.id", ondelete="SET NULL"))
    academic_year: Mapped[int]
    year_group: Mapped[int]

    pupil: Mapped[Pupil] = relationship(back_populates="enrolments")
    school_class: Mapped[SchoolClass | None] = relationship()
