"""Adding staff, changing their roles and removing them from a school."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from .. import audit
from ..auth.operations import create_password_link, find_by_email
from ..extensions import db
from ..models import Membership, Role, School, SchoolClass, Staff


class LastCareersLeader(Exception):
    """Raised when a change would leave a school with nobody to run it."""


def add_staff(school: School, email: str, name: str, roles: Iterable[Role]) -> tuple[Staff, str | None]:
    """Give a person roles in `school`, creating their account if needed.

    Returns the account and a one-time link token when they still need to set a password.
    """
    staff = find_by_email(email)
    if staff is None:
        staff = Staff(email=email.strip().lower(), name=name.strip())
        db.session.add(staff)
        db.session.flush()
    have = staff.roles_in(school.id)
    for role in set(roles) - have:
        db.session.add(Membership(staff=staff, school=school, role=role))
    token = create_password_link(staff) if staff.password_hash is None else None
    audit.record("staff_added", school_id=school.id, target=f"staff:{staff.id}",
                 roles=sorted(r.value for r in roles))
    db.session.commit()
    return staff, token


def careers_leaders(school: School) -> list[Staff]:
    """The people who lead careers in `school`."""
    return list(db.session.scalars(select(Staff).join(Membership).where(
        Membership.school_id == school.id, Membership.role == Role.CAREERS_LEADER)))


def set_roles(school: School, staff: Staff, roles: Iterable[Role]) -> None:
    """Replace a person's roles in `school`, keeping at least one careers leader."""
    roles = set(roles)
    leaders = careers_leaders(school)
    if Role.CAREERS_LEADER not in roles and leaders == [staff]:
        raise LastCareersLeader
    for membership in list(staff.memberships):
        if membership.school_id == school.id and membership.role not in roles:
            staff.memberships.remove(membership)
    for role in roles - staff.roles_in(school.id):
        db.session.add(Membership(staff=staff, school=school, role=role))
    if Role.TEACHER not in roles:
        _unassign_classes(school, staff)
    audit.record("staff_roles_changed", school_id=school.id, target=f"staff:{staff.id}",
                 roles=sorted(r.value for r in roles))
    db.session.commit()


def remove_staff(school: School, staff: Staff) -> None:
    """Take a person out of `school`; their account goes too if no school is left."""
    if careers_leaders(school) == [staff]:
        raise LastCareersLeader
    for membership in list(staff.memberships):
        if membership.school_id == school.id:
            staff.memberships.remove(membership)
    _unassign_classes(school, staff)
    audit.record("staff_removed", school_id=school.id, target=f"staff:{staff.id}")
    db.session.flush()
    if not staff.memberships and not staff.is_admin:
        # Keep no account for someone who no longer works anywhere in this deployment.
        db.session.delete(staff)
    db.session.commit()


def _unassign_classes(school: School, staff: Staff) -> None:
    """Take a person off the teacher list of every class in `school`."""
    for school_class in db.session.scalars(select(SchoolClass).where(
            SchoolClass.school_id == school.id, SchoolClass.teachers.any(Staff.id == staff.id))):
        school_class.teachers.remove(staff)


def school_staff(school: School) -> list[Staff]:
    """Everyone with a role in `school`, by name."""
    return list(db.session.scalars(select(Staff).join(Membership).where(
        Membership.school_id == school.id).distinct().order_by(Staff.name)))
