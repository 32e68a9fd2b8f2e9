"""Creating schools in a deployment."""
from __future__ import annotations

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import Role, School
from ..models.schools import Phase
from ..school.staff_ops import add_staff


class SchoolExists(Exception):
    """Raised when a school with the same URN is already in the deployment."""


class DfENumberTaken(Exception):
    """Raised when another school here has the same DfE number: both would see the packs sent to it."""

    def __init__(self, dfe_number: str):
        """Remember the number, for the message."""
        super().__init__(dfe_number)
        self.dfe_number = dfe_number


def dfe_number_taken(la_code: str, establishment_number: str) -> bool:
    """True if a school here already has this LA code and establishment number."""
    return db.session.scalar(select(School.id).where(
        School.la_code == la_code.strip(), School.establishment_number == establishment_number.strip())
        .limit(1)) is not None


def create_school(*, name: str, urn: str, la_code: str, establishment_number: str,
                  phase: Phase = Phase.PRIMARY) -> School:
    """Add a school to the deployment."""
    if db.session.scalar(select(School.id).where(School.urn == urn.strip())) is not None:
        raise SchoolExists(urn)
    if dfe_number_taken(la_code, establishment_number):
        raise DfENumberTaken(la_code.strip() + establishment_number.strip())
    school = School(name=name.strip(), urn=urn.strip(), la_code=la_code.strip(),
                    establishment_number=establishment_number.strip(), phase=phase)
    db.session.add(school)
    db.session.flush()
    audit.record("school_created", school_id=school.id, urn=school.urn)
    db.session.commit()
    return school


def create_school_with_leader(leader_name: str, leader_email: str, **school_fields) -> tuple[School, str | None]:
    """Add a school and its first leader; returns the leader's one-time link token.

    A primary school's first account leads careers; a secondary school's is its transition leader,
    who opens the packs feeder primaries send.
    """
    school = create_school(**school_fields)
    role = Role.TRANSITION_LEADER if school.phase == Phase.SECONDARY else Role.CAREERS_LEADER
    _staff, token = add_staff(school, leader_email, leader_name, [role])
    return school, token
