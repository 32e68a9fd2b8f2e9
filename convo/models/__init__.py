"""Convo's typed models, by area. Importing this package registers every table."""
from .audit import AuditRecord
from .pupils import Enrolment, Pupil, SchoolClass, class_teachers
from .schools import Membership, Role, School
from .staff import PasswordLink, Staff

__all__ = [
    "AuditRecord",
    "Enrolment",
    "Membership",
    "PasswordLink",
    "Pupil",
    "Role",
    "School",
    "SchoolClass",
    "Staff",
    "class_teachers",
]
