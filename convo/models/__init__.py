"""Convo's typed models, by area. Importing this package registers every table."""
from .audit import AuditRecord
from .concerns import Concern
from .conversations import Aspiration, Conversation, Reflection, StereotypeEvent, Turn
from .pupils import Enrolment, Pupil, SchoolClass, class_teachers
from .safeguarding import AlertMessage, ConcernAction, SafeguardingSettings
from .review import TeacherNote, YearGroupSettings
from .schools import Membership, Role, School
from .staff import PasswordLink, RecoveryCode, Staff
from .transition import TransitionPack, pack_pupils

__all__ = [
    "AlertMessage",
    "Aspiration",
    "AuditRecord",
    "Concern",
    "ConcernAction",
    "Conversation",
    "Reflection",
    "SafeguardingSettings",
    "StereotypeEvent",
    "TeacherNote",
    "TransitionPack",
    "Turn",
    "YearGroupSettings",
    "Enrolment",
    "Membership",
    "PasswordLink",
    "Pupil",
    "RecoveryCode",
    "Role",
    "School",
    "SchoolClass",
    "Staff",
    "class_teachers",
    "pack_pupils",
]
