"""A subject access export: everything Convo holds about one pupil, as data and as a readable page.

Safeguarding concerns are not part of it. Under the Data Protection Act 2018 (Schedule 2 and
Schedule 3 Part 2: child abuse data, and serious harm) the DSL decides on them separately. Even
whether a pupil has one can be withheld, so every export carries the same plain statement, with
no count or date, and a conversation keeps no trace of one: the conversation engine's stored state
goes in without the calm reply that follows a worrying answer, and a conversation that a concern
ended gives no reason for ending.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..conversations.content import prompt_text, session_title
from ..extensions import db
from ..models import (Aspiration, AuditRecord, Conversation, Pupil, Reflection, StereotypeEvent,
                      TeacherNote, TransitionPack, pack_pupils)
from ..models._time import utcnow
from ..teacher.records import conversations_of

#: Shown to the member of staff only; never written into the export itself.
SAFEGUARDING_NOT_INCLUDED = _l(
    "Safeguarding records are not part of this export. The designated safeguarding lead decides "
    "on them separately, under the exemptions in the Data Protection Act 2018.")

#: In every export, the same for every pupil, so it tells nothing about whether a concern exists.
SAFEGUARDING_STATEMENT = _l(
    "Safeguarding records are not in this file. If the school holds any, the designated safeguarding "
    "lead keeps them apart from the careers record and decides what can be shared, under safeguarding "
    "law and the exemptions in the Data Protection Act 2018. This file says nothing either way about "
    "whether any exist.")
#: Why a conversation ended, when that was a concern: withheld with the concern.
CONCERN_ENDING = "concern"
#: The ends of the reply lines' ids that answer a worrying answer, e.g. "ks2.replies.concern".
CONCERN_REPLIES = (".replies.concern", ".replies.concern_end")

FORMAT_VERSION = 1


def _when(value: date | datetime | None) -> str | None:
    """A date or UTC time as ISO 8601 text."""
    if value is None:
        return None
    return value.isoformat() + ("Z" if isinstance(value, datetime) else "")


def _rows(model, pupil: Pupil, order) -> list:
    """One kind of the pupil's records, in order."""
    return list(db.session.scalars(select(model).where(model.pupil_id == pupil.id).order_by(order, model.id)))


def pupil_details(pupil: Pupil) -> dict[str, Any]:
    """Who the pupil is, as the school's roster gave it."""
    return {"legal_forename": pupil.legal_forename, "preferred_forename": pupil.preferred_forename,
            "surname": pupil.surname, "date_of_birth": _when(pupil.date_of_birth), "sex": pupil.sex,
            "upn": pupil.upn, "year_group": pupil.year_group,
            "class": pupil.school_class.name if pupil.school_class else None,
            "destination_secondary_dfe": pupil.destination_dfe, "left_on": _when(pupil.left_on),
            "tablet_picture": pupil.animal, "has_picture_password": bool(pupil.picture_password),
            "privacy_notice_term": pupil.privacy_notice_term, "added": _when(pupil.created_at),
            "last_changed": _when(pupil.updated_at)}


def _ending(reason: str | None) -> str | None:
    """Why a conversation ended, withheld when it was a concern."""
    return None if reason == CONCERN_ENDING else reason


def engine_state(state: dict[str, Any] | None) -> dict[str, Any]:
    """The conversation engine's stored state (where the pupil is), less any trace of a concern."""
    state = dict(state or {})
    for key in ("say", "asked"):
        if isinstance(state.get(key), list):
            state[key] = [line for line in state[key]
                          if not str((line or {}).get("id", "")).endswith(CONCERN_REPLIES)]
    if "ended" in state:
        state["ended"] = _ending(state["ended"])
    return state


def _conversation(conversation: Conversation) -> dict[str, Any]:
    """One conversation with each answer, redacted as it is stored, its state and who reviewed it."""
    return {"id": conversation.id,
            "session": session_title(conversation.band, conversation.session_key),
            "academic_year": conversation.academic_year, "year_group": conversation.year_group,
            "started": _when(conversation.started_at), "finished": _when(conversation.finished_at),
            "ended": _ending(conversation.ended), "reviewed": _when(conversation.reviewed_at),
            "reviewed_by": _staff_name(conversation.reviewed_by_id) if conversation.reviewed_at else None,
            "state": engine_state(conversation.state),
            "turns": [{"number": t.number, "prompt": prompt_text(t.line_id), "answer_kind": t.answer_kind,
                       "choice": t.choice_id, "answer": t.redacted_text, "at": _when(t.created_at)}
                      for t in conversation.turns]}


def _packs(pupil: Pupil) -> list[dict[str, Any]]:
    """The transition packs the pupil was in: where they went, and when sent and received."""
    packs = db.session.scalars(select(TransitionPack).join(
        pack_pupils, pack_pupils.c.pack_id == TransitionPack.id).where(pack_pupils.c.pupil_id == pupil.id)
        .order_by(TransitionPack.created_at))
    return [{"destination_dfe": p.destination_dfe, "destination": p.destination_name,
             "academic_year": p.academic_year, "built": _when(p.built_at), "sent": _when(p.sent_at),
             "received": _when(p.received_at), "file_removed": _when(p.purged_at)} for p in packs]


def _audit_trail(pupil: Pupil) -> list[dict[str, Any]]:
    """Audit records about this pupil: who did what with their record, and when."""
    from .audit_log import action_label
    records = db.session.scalars(select(AuditRecord).where(
        AuditRecord.school_id == pupil.school_id, AuditRecord.target == f"pupil:{pupil.id}")
        .order_by(AuditRecord.at, AuditRecord.id))
    return [{"at": _when(r.at), "action": str(action_label(r.action)), "by": _staff_name(r.staff_id)}
            for r in records]


def _staff_name(staff_id: int | None) -> str | None:
    """A member of staff's name, for notes and audit records."""
    from ..models import Staff
    staff = db.session.get(Staff, staff_id) if staff_id else None
    return staff.name if staff else None


def gather(pupil: Pupil) -> dict[str, Any]:
    """Everything held about the pupil, safeguarding records aside, as plain data."""
    school = pupil.school
    return {
        "format": "convo-subject-access", "version": FORMAT_VERSION, "produced": _when(utcnow()),
        "school": {"name": school.name, "urn": school.urn},
        "pupil": pupil_details(pupil),
        "enrolments": [{"academic_year": e.academic_year, "year_group": e.year_group,
                        "class": e.school_class.name if e.school_class else None}
                       for e in pupil.enrolments],
        "conversations": [_conversation(c) for c in reversed(conversations_of(pupil))],
        "aspirations": [{"said": a.said, "title": a.title, "soc2020": a.soc2020, "family": a.family,
                         "likes": a.likes, "knows_someone": a.knows_someone,
                         "academic_year": a.academic_year, "year_group": a.year_group,
                         "at": _when(a.created_at)} for a in _rows(Aspiration, pupil, Aspiration.created_at)],
        "reflections": [{"kind": r.kind, "choice": r.choice_id, "text": r.text, "detail": r.detail,
                         "academic_year": r.academic_year, "year_group": r.year_group,
                         "at": _when(r.created_at)} for r in _rows(Reflection, pupil, Reflection.created_at)],
        "stereotype_events": [{"kind": e.kind, "said": e.redacted_text, "challenge": e.challenge_id,
                               "view_after": e.view_after, "pupil_said_it": e.reactive,
                               "shared_with_secondary": e.shared_with_secondary,
                               "academic_year": e.academic_year, "year_group": e.year_group,
                               "at": _when(e.created_at)}
                              for e in _rows(StereotypeEvent, pupil, StereotypeEvent.created_at)],
        "teacher_notes": [{"text": n.text, "staff_only": n.staff_only, "by": _staff_name(n.staff_id),
                           "at": _when(n.created_at)}
                          for n in _rows(TeacherNote, pupil, TeacherNote.created_at)],
        "transition_packs": _packs(pupil),
        "audit_records": _audit_trail(pupil),
        "safeguarding_records": str(SAFEGUARDING_STATEMENT),
    }


def as_json(export: dict[str, Any]) -> str:
    """The export as indented UTF-8 JSON."""
    return json.dumps(export, ensure_ascii=False, indent=2)


def file_stem(pupil: Pupil) -> str:
    """A file name without the pupil's name in it, e.g. subject-access-pupil-42-2026-12-01."""
    return f"subject-access-pupil-{pupil.id}-{date.today().isoformat()}"


def record_export(pupil: Pupil, how: str, staff_id: int | None = None) -> None:
    """Audit one subject access export, and commit it."""
    audit.record("subject_access_exported", school_id=pupil.school_id, target=f"pupil:{pupil.id}",
                 staff_id=staff_id, how=how)
    db.session.commit()
