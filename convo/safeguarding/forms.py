"""Forms for the DSL: confirming go-live, the escalation time, and moving a concern on."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .labels import STATES
from .operations import NEEDS_REASONS

TEXT_LIMIT = 4000


class ConfirmDslForm(FlaskForm):
    """The DSL's own confirmation that alerts reach them; pupils can start only after it."""

    confirm = BooleanField(
        _l("I am the designated safeguarding lead and I will receive these alerts"),
        validators=[DataRequired(message=_l("Tick the box to confirm."))])
    submit = SubmitField(_l("Confirm and let pupils start"))


class EscalationForm(FlaskForm):
    """How long a new concern may wait for acknowledgement before it goes to the next contact."""

    escalation_minutes = IntegerField(
        _l("Minutes before an unacknowledged concern escalates"),
        validators=[InputRequired(), NumberRange(min=5, max=240, message=_l(
            "Choose between 5 and 240 minutes."))])
    submit = SubmitField(_l("Save"))


class MoveForm(FlaskForm):
    """Move a concern to its next state, saying what was done, what was decided and why."""

    to_state = HiddenField(validators=[DataRequired()])
    action = TextAreaField(_l("Action taken"), validators=[Optional(), Length(max=TEXT_LIMIT)])
    decision = TextAreaField(_l("Decision"), validators=[Optional(), Length(max=TEXT_LIMIT)])
    reason = TextAreaField(_l("Reason"), validators=[Optional(), Length(max=TEXT_LIMIT)])
    submit = SubmitField(_l("Save"))

    def validate(self, extra_validators=None) -> bool:
        """Require the action, decision and reason when a concern is actioned or closed."""
        ok = super().validate(extra_validators)
        if self.to_state.data not in STATES:
            self.to_state.errors.append(_l("Choose a state."))
            return False
        if self.to_state.data in NEEDS_REASONS:
            for field in (self.action, self.decision, self.reason):
                if not (field.data or "").strip():
                    field.errors.append(_l("Write this down: it is part of the safeguarding record."))
                    ok = False
        return ok
