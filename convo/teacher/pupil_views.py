"""A pupil's careers record for their teacher: aspirations over the years, transcripts and notes."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SubmitField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from .. import audit
from ..access import pupil_for, require_staff, school_for
from ..conversations.content import answer_words, prompt_text, session_title
from ..extensions import db
from ..models import Conversation, Role, StereotypeEvent
from ..models._time import utcnow
from ..models.review import TeacherNote
from ..school.forms import ConfirmForm, LeftForm
from . import records

bp = Blueprint("records", __name__, url_prefix="/schools/<int:school_id>/pupils/<int:pupil_id>")
bp.before_request(require_staff)

RECORD_ROLES = (Role.TEACHER, Role.CAREERS_LEADER)
#: Who may mark a pupil as left (convo/teacher/leaving.py): the same roles as may import the roster.
LEAVING_ROLES = (Role.CAREERS_LEADER,)


class NoteForm(FlaskForm):
    """A note on a pupil's careers record."""

    text = TextAreaField(_l("Add a note"), validators=[DataRequired(), Length(max=2000)])
    staff_only = BooleanField(_l("Staff only (never shared with parents or the next school)"), default=True)
    submit = SubmitField(_l("Save note"))


class ShareForm(FlaskForm):
    """Whether the pupil chose to share a stereotype reflection with their secondary school."""

    shared = HiddenField(validators=[AnyOf(("yes", "no"))])


def share_forms(events: list[StereotypeEvent]) -> dict[int, ShareForm]:
    """A form per stereotype event that sets its sharing the other way from how it is now."""
    return {e.id: ShareForm(formdata=None, shared="no" if e.shared_with_secondary else "yes") for e in events}


def _pupil(school_id: int, pupil_id: int):
    """The school and pupil, if the signed-in person teaches the pupil or leads careers."""
    school = school_for(school_id, RECORD_ROLES)
    return school, pupil_for(school.id, pupil_id)


@bp.get("/")
def pupil_page(school_id: int, pupil_id: int):
    """Aspirations from Reception to Year 6 in the pupil's words, transcripts, stereotypes and notes."""
    school, pupil = _pupil(school_id, pupil_id)
    audit.record("pupil_record_viewed", school_id=school.id, target=f"pupil:{pupil.id}")
    db.session.commit()
    stereotypes = records.stereotype_events_of(pupil)
    may_mark_left = bool(current_user.roles_in(school.id) & set(LEAVING_ROLES))
    return render_template("teacher/pupil.html", school=school, pupil=pupil,
                           left_form=LeftForm(joined=records.joined_on(pupil)) if may_mark_left else None,
                           timeline=records.aspiration_timeline(pupil),
                           conversations=records.conversations_of(pupil),
                           stereotypes=stereotypes, share_forms=share_forms(stereotypes),
                           notes=records.notes_of(pupil),
                           note_form=NoteForm(), confirm=ConfirmForm(), prompt_text=prompt_text,
                           answer_words=answer_words, session_title=session_title)


@bp.post("/notes")
def add_note(school_id: int, pupil_id: int):
    """Add a note to the pupil's record."""
    school, pupil = _pupil(school_id, pupil_id)
    form = NoteForm()
    if form.validate_on_submit():
        db.session.add(TeacherNote(pupil_id=pupil.id, staff_id=current_user.id, text=form.text.data.strip(),
                                   staff_only=form.staff_only.data))
        audit.record("note_added", school_id=school.id, target=f"pupil:{pupil.id}")
        db.session.commit()
        flash(_("Note saved."), "success")
    else:
        flash(_("Write something in the note first."), "error")
    return redirect(url_for("records.pupil_page", school_id=school.id, pupil_id=pupil.id) + "#notes")


@bp.post("/conversations/<int:conversation_id>/reviewed")
def mark_reviewed(school_id: int, pupil_id: int, conversation_id: int):
    """Mark one of the pupil's conversations as reviewed."""
    school, pupil = _pupil(school_id, pupil_id)
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None or conversation.pupil_id != pupil.id or not ConfirmForm().validate_on_submit():
        abort(404)
    conversation.reviewed_at = utcnow()
    conversation.reviewed_by_id = current_user.id
    audit.record("conversation_reviewed", school_id=school.id, target=f"conversation:{conversation.id}")
    db.session.commit()
    flash(_("Marked as reviewed."), "success")
    return redirect(url_for("records.pupil_page", school_id=school.id, pupil_id=pupil.id)
                    + f"#conversation-{conversation.id}")


@bp.post("/stereotypes/<int:stereotype_id>/shared")
def share_stereotype(school_id: int, pupil_id: int, stereotype_id: int):
    """Record whether the pupil chose to share a stereotype reflection with their secondary school."""
    school, pupil = _pupil(school_id, pupil_id)
    event = db.session.get(StereotypeEvent, stereotype_id)
    form = ShareForm()
    if event is None or event.pupil_id != pupil.id or not event.reactive or not form.validate_on_submit():
        abort(404)
    event.shared_with_secondary = form.shared.data == "yes"
    audit.record("stereotype_sharing_changed", school_id=school.id, target=f"stereotype_event:{event.id}",
                 pupil=pupil.id, shared=event.shared_with_secondary)
    db.session.commit()
    flash(_("This will go in the transition pack for their secondary school.") if event.shared_with_secondary
          else _("This will not go to their secondary school."), "success")
    return redirect(url_for("records.pupil_page", school_id=school.id, pupil_id=pupil.id)
                    + f"#stereotype-{event.id}")
