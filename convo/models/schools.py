"""Schools, and the roles staff hold in each."""
from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._time import utcnow

if TYPE_CHECKING:
    from .pupils import Pupil, SchoolClass
    from .staff import Staff


class Phase(enum.StrEnum):
    """The phase of education a school provides."""

    PRIMARY = "primary"
    SECONDARY = "secondary"


class Role(enum.StrEnum):
    """What a member of staff may do in one school."""

    TEACHER = "teacher"
    CAREERS_LEADER = "careers_leader"
    DSL = "dsl"
    DEPUTY_DSL = "deputy_dsl"
    # In a secondary school: sees incoming pupils' transition packs once a primary has sent them.
    TRANSITION_LEADER = "transition_leader"


class School(db.Model):
    """A school using Convo; every pupil record belongs to exactly one."""

    __tablename__ = "school"
    # One school per DfE number: packs sent to a number are shown to the school that has it.
    __table_args__ = (UniqueConstraint("la_code", "establishment_number", name="uq_school_dfe_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # The Unique Reference Number from Get Information about Schools.
    urn: Mapped[str] = mapped_column(String(8), unique=True)
    # DfE establishment number = LA code (3 digits) + establishment number (4 digits).
    la_code: Mapped[str] = mapped_column(String(3))
    establishment_number: Mapped[str] = mapped_column(String(4))
    phase: Mapped[Phase] = mapped_column(
        Enum(Phase, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Phase.PRIMARY,
    )
    # Key Stage 2 pupils pick two of nine pictures after tapping their name.
    picture_passwords: Mapped[bool] = mapped_column(default=False)
    # Months the careers record is kept after a pupil's transition pack is sent, or after they leave.
    careers_retention_months: Mapped[int] = mapped_column(default=6, server_default="6")
    # Safeguarding concerns are kept until the pupil is this old (IRMS toolkit: date of birth + 25).
    concern_retention_age: Mapped[int] = mapped_column(default=25, server_default="25")
    # The language its tablets, parent cards and transition pages speak unless someone chooses another.
    language: Mapped[str] = mapped_column(String(8), default="en_GB", server_default="en_GB")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="school", cascade="all, delete-orphan"
    )
    classes: Mapped[list[SchoolClass]] = relationship(
        back_populates="school", cascade="all, delete-orphan"
    )
    pupils: Mapped[list[Pupil]] = relationship(back_populates="school", cascade="all, delete-orphan")

    @property
    def dfe_number(self) -> str:
        """The seven-digit DfE number (LAESTAB) other schools know this school by."""
        return f"{self.la_code}{self.establishment_number}"

    def __repr__(self) -> str:
        """Show the school by URN, never by pupil data."""
        return f"<School {self.urn} {self.name!r}>"


class Membership(db.Model):
    """One role that one member of staff holds in one school."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("staff_id", "school_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id", ondelete="CASCADE"), index=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    staff: Mapped[Staff] = relationship(back_populates="memberships")
    school: Mapped[School] = relationship(back_populates="memberships")
