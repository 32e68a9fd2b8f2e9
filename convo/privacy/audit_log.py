"""Reading the audit trail: filters, pages of 50, readable labels, and a CSV copy."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select

from ..extensions import db
from ..models import AuditRecord, Pupil, SchoolClass, Staff, TransitionPack
from ..schoolyear import academic_year_label

PER_PAGE = 50
LONDON = ZoneInfo("Europe/London")
#: Actions about safeguarding concerns: only the DSL, deputies and the administrator see them.
SAFEGUARDING_PREFIX = "concern_"

ACTION_LABELS = {
    "analytics_exported": _l("Analytics downloaded"),
    "audit_log_exported": _l("Audit log downloaded"),
    "class_code_renewed": _l("Tablet code renewed"),
    "class_saved": _l("Class saved"),
    "concern_escalated": _l("Concern escalated"),
    "concern_inbox_viewed": _l("Concern list opened"),
    "concern_records_purged": _l("Closed concerns removed at the end of retention"),
    "concern_retention_changed": _l("Concern retention changed"),
    "concern_state_changed": _l("Concern moved on"),
    "concern_viewed": _l("Concern opened"),
    "conversation_reviewed": _l("Conversation marked reviewed"),
    "dsl_confirmed": _l("DSL confirmed alerts"),
    "mfa_code_failed": _l("Two-step sign-in code refused"),
    "mfa_enrolled": _l("Two-step sign-in set up"),
    "mfa_recovery_code_used": _l("Recovery code used to sign in"),
    "mfa_recovery_codes_issued": _l("New recovery codes issued"),
    "mfa_reset": _l("Two-step sign-in reset"),
    "note_added": _l("Note added"),
    "parent_cards_exported": _l("Parent and carer cards exported"),
    "password_set": _l("Password set"),
    "pupil_erased": _l("Pupil erased"),
    "pupil_left": _l("Pupil marked as left the school"),
    "pupil_record_viewed": _l("Pupil record opened"),
    "pupil_returned": _l("Pupil no longer marked as left the school"),
    "purge": _l("Retention purge"),
    "retention_changed": _l("Retention changed"),
    "roster_imported": _l("Roster imported"),
    "safeguarding_settings_changed": _l("Safeguarding settings changed"),
    "school_created": _l("School added"),
    "settings_changed": _l("Settings changed"),
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Sign-in failed"),
    "staff_added": _l("Staff added"),
    "staff_removed": _l("Staff removed"),
    "staff_roles_changed": _l("Staff roles changed"),
    "stereotype_sharing_changed": _l("Stereotype reflection shared or unshared"),
    "subject_access_exported": _l("Subject access export"),
    "tablet_sheet_printed": _l("Tablet sheet opened for printing"),
    "transition_pack_downloaded": _l("Transition pack downloaded"),
    "transition_pack_opened": _l("Transition pack opened by the secondary school"),
    "transition_pack_received": _l("Transition pack received"),
    "transition_pack_sent": _l("Transition pack sent"),
    "transition_pack_withdrawn": _l("Transition pack withdrawn"),
    "transition_packs_built": _l("Transition packs built"),
    "weekly_summary_queued": _l("Weekly safeguarding summary queued"),
    "year_group_settings_changed": _l("Year group settings changed"),
}


def action_label(action: str) -> str:
    """The readable, translated name of an action; unknown actions are shown in words."""
    return ACTION_LABELS.get(action) or action.replace("_", " ").capitalize()


@dataclass
class Filters:
    """What the reader asked to see; `school_id` None means every school (administrator only)."""

    school_id: int | None = None
    action: str | None = None
    staff_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    with_safeguarding: bool = False

    def as_detail(self) -> dict:
        """The filters for the audit record of a download."""
        return {"only_action": self.action, "only_staff_id": self.staff_id,
                "date_from": self.date_from.isoformat() if self.date_from else None,
                "date_to": self.date_to.isoformat() if self.date_to else None}


def london_midnight_utc(day: date) -> datetime:
    """The start of a day in England, as the naive UTC time the database stores."""
    return datetime.combine(day, time.min, LONDON).astimezone(UTC).replace(tzinfo=None)


def _scoped(filters: Filters) -> Select:
    """Records the reader may see, before their own filters."""
    query = select(AuditRecord)
    if filters.school_id is not None:
        query = query.where(AuditRecord.school_id == filters.school_id)
    if not filters.with_safeguarding:
        query = query.where(AuditRecord.action.not_like(SAFEGUARDING_PREFIX + "%"))
    return query


def records_query(filters: Filters) -> Select:
    """The filtered records, newest first."""
    query = _scoped(filters)
    if filters.action:
        query = query.where(AuditRecord.action == filters.action)
    if filters.staff_id:
        query = query.where(AuditRecord.staff_id == filters.staff_id)
    if filters.date_from:
        query = query.where(AuditRecord.at >= london_midnight_utc(filters.date_from))
    if filters.date_to:
        query = query.where(AuditRecord.at < london_midnight_utc(filters.date_to + timedelta(days=1)))
    return query.order_by(AuditRecord.at.desc(), AuditRecord.id.desc())


def page_of(filters: Filters, page: int):
    """One page of 50 records; a page past the end is simply empty."""
    return db.paginate(records_query(filters), page=page, per_page=PER_PAGE, error_out=False)


def actions_seen(filters: Filters) -> list[tuple[str, str]]:
    """(action, label) for every action in the reader's scope, by label, for the filter list."""
    actions = db.session.scalars(_scoped(filters).with_only_columns(AuditRecord.action).distinct())
    return sorted(((a, str(action_label(a))) for a in actions), key=lambda pair: pair[1])


def people_seen(filters: Filters) -> list[tuple[int, str]]:
    """(staff id, name) for everyone who appears in the reader's scope, for the filter list."""
    ids = _scoped(filters).with_only_columns(AuditRecord.staff_id).distinct()
    staff = db.session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids)).order_by(Staff.name))
    return [(staff_id, name) for staff_id, name in staff]


@dataclass
class Row:
    """One audit record as a reader sees it."""

    at: datetime
    who: str
    action: str
    target: str
    detail: str


def _names(model, ids: set[int], label, school_id: int | None) -> dict[int, str]:
    """Names for targets of one kind, limited to the reader's school."""
    if not ids:
        return {}
    query = select(model).where(model.id.in_(ids))
    if school_id is not None and hasattr(model, "school_id"):
        query = query.where(model.school_id == school_id)
    return {row.id: label(row) for row in db.session.scalars(query)}


def summarise(detail: dict | None, limit: int = 160) -> str:
    """An audit record's detail in one short line, e.g. "pupils: 28, how: pdf"."""
    parts = []
    for key, value in (detail or {}).items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        elif isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value)
        parts.append(f"{key.replace('_', ' ')}: {value}")
    text = "; ".join(parts)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def rows_for(records: Iterable[AuditRecord], school_id: int | None) -> list[Row]:
    """Readable rows: who by name, the action's label, and the target by name within a school."""
    records = list(records)
    wanted: dict[str, set[int]] = {"pupil": set(), "staff": set(), "class": set(), "pack": set()}
    for record in records:
        kind, _sep, number = (record.target or "").partition(":")
        if kind in wanted and number.isdigit():
            wanted[kind].add(int(number))
    staff_ids = wanted["staff"] | {r.staff_id for r in records if r.staff_id}
    people = _names(Staff, staff_ids, lambda s: s.name, None)
    # Pupils and classes are named only inside their own school; the administrator sees ids.
    pupils = _names(Pupil, wanted["pupil"], lambda p: p.display_name, school_id) if school_id else {}
    classes = _names(SchoolClass, wanted["class"], lambda c: c.name, school_id) if school_id else {}
    packs = _pack_names(wanted["pack"])
    return [Row(at=r.at, who=people.get(r.staff_id) if r.staff_id in people else _("Convo (automatic)"),
                action=str(action_label(r.action)),
                target=_target(r.target, pupils, people, classes, packs), detail=summarise(r.detail))
            for r in records]


def _pack_names(ids: set[int]) -> dict[int, str]:
    """Packs by sender, destination and year, e.g. "Hill Primary to Valley Academy, 2026/27".

    Both the sending and the receiving school's logs name a pack, and a pack's name carries no
    pupil's details, so packs are named in every reader's scope.
    """
    if not ids:
        return {}
    found = db.session.scalars(select(TransitionPack).where(TransitionPack.id.in_(ids)))
    return {pack.id: _("%(sender)s to %(destination)s, %(year)s", sender=pack.school.name,
                       destination=pack.destination_name or _("DfE %(number)s", number=pack.destination_dfe),
                       year=academic_year_label(pack.academic_year))
            for pack in found}


def _target(target: str | None, pupils: dict, people: dict, classes: dict, packs: dict) -> str:
    """A record's target in words, e.g. "Pupil: Amara Okafor" or "Pupil 12 (no longer held)"."""
    if not target:
        return ""
    kind, _sep, number = target.partition(":")
    if kind == "batch":
        return _("Every destination's pack")
    if not number.isdigit():
        return target
    found = {"pupil": pupils, "staff": people, "class": classes, "pack": packs}.get(kind, {}).get(int(number))
    kinds = {"pupil": _("Pupil"), "staff": _("Staff"), "class": _("Class"), "concern": _("Concern"),
             "conversation": _("Conversation"), "pack": _("Transition pack")}
    kind_label = kinds.get(kind, kind.capitalize())
    if found:
        return f"{kind_label}: {found}"
    return f"{kind_label} {number}"


def london_time(moment: datetime, pattern: str = "d MMM yyyy, HH:mm") -> str:
    """A stored UTC time as it was on the clock in England."""
    return format_datetime(moment, pattern)


def when_text(value: str | None) -> str:
    """An ISO date or UTC time from an export, as a reader in England would write it."""
    if not value:
        return "–"
    if len(value) == 10:
        return format_date(date.fromisoformat(value), "d MMMM yyyy")
    return london_time(datetime.fromisoformat(value.rstrip("Z")))


def as_csv(rows: list[Row]) -> str:
    """The rows as CSV text, with nothing a spreadsheet would run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("When (UK time)"), _("Who"), _("Action"), _("Target"), _("Detail")])
    for row in rows:
        writer.writerow([_safe(v) for v in (london_time(row.at, "yyyy-MM-dd HH:mm:ss"), row.who, row.action,
                                            row.target, row.detail)])
    return out.getvalue()


def _safe(value: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
