"""Who safeguarding reaches in a school, the school's safeguarding settings, and its go-live gate."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Membership, Role, School, SafeguardingSettings, Staff
from ..models._time import utcnow

#: Roles that see the concern inbox and receive alerts.
LEADS = (Role.DSL, Role.DEPUTY_DSL)
#: Minutes a new concern waits for acknowledgement before escalating, unless the school chooses.
DEFAULT_ESCALATION_MINUTES = 30


def staff_with(school_id: int, roles: tuple[Role, ...]) -> list[Staff]:
    """Everyone holding one of `roles` in the school, once each, in a stable order."""
    # No autoflush: this runs while a pupil's answer is still being written (see alerts).
    with db.session.no_autoflush:
        return list(db.session.scalars(
            select(Staff).join(Membership, Membership.staff_id == Staff.id)
            .where(Membership.school_id == school_id, Membership.role.in_(roles))
            .order_by(Staff.id)).unique())


def leads_of(school_id: int) -> list[Staff]:
    """The DSL and every deputy DSL: the people every alert goes to."""
    return staff_with(school_id, LEADS)


def escalation_chain(school_id: int) -> list[tuple[str, list[Staff]]]:
    """The next contacts, in order: the deputies, then the careers leader; empty steps are skipped."""
    chain = [("deputies", staff_with(school_id, (Role.DEPUTY_DSL,))),
             ("careers_leader", staff_with(school_id, (Role.CAREERS_LEADER,)))]
    return [(name, people) for name, people in chain if people]


def settings_for(school_id: int) -> SafeguardingSettings:
    """The school's safeguarding settings; unsaved defaults if it has none yet."""
    with db.session.no_autoflush:
        settings = db.session.get(SafeguardingSettings, school_id)
    return settings or SafeguardingSettings(school_id=school_id,
                                            escalation_minutes=DEFAULT_ESCALATION_MINUTES)


def confirmed_dsl(school: School) -> Staff | None:
    """The DSL who confirmed they receive alerts, if they still hold the DSL role here."""
    settings = db.session.get(SafeguardingSettings, school.id)
    if settings is None or settings.dsl_confirmed_by_id is None or settings.dsl_confirmed_at is None:
        return None
    staff = db.session.get(Staff, settings.dsl_confirmed_by_id)
    if staff is None or Role.DSL not in staff.roles_in(school.id):
        return None
    return staff


def school_is_live(school: School) -> bool:
    """True once a DSL has signed in and confirmed: only then may pupils start conversations."""
    return confirmed_dsl(school) is not None


def confirm_dsl(school: School, staff: Staff) -> SafeguardingSettings:
    """Record that this DSL confirmed they will receive alerts (the caller commits)."""
    settings = db.session.get(SafeguardingSettings, school.id)
    if settings is None:
        settings = SafeguardingSettings(school_id=school.id, escalation_minutes=DEFAULT_ESCALATION_MINUTES)
        db.session.add(settings)
    settings.dsl_confirmed_at = utcnow()
    settings.dsl_confirmed_by_id = staff.id
    return settings


def set_escalation_minutes(school: School, minutes: int) -> SafeguardingSettings:
    """Change how long a new concern may wait before it escalates (the caller commits)."""
    settings = db.session.get(SafeguardingSettings, school.id)
    if settings is None:
        settings = SafeguardingSettings(school_id=school.id)
        db.session.add(settings)
    settings.escalation_minutes = minutes
    return settings
