"""Forms for the school's data duties: retention periods, erasure, and the audit log's filters."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .retention import CAREERS_MONTHS, CONCERN_AGE


class CareersRetentionForm(FlaskForm):
    """The careers leader's choice: months the careers record is kept after transition or leaving."""

    careers_retention_months = IntegerField(
        _l("Months to keep a pupil's careers record after their transition pack is sent or they leave"),
        validators=[InputRequired(), NumberRange(*CAREERS_MONTHS, message=_l(
            "Choose between 1 and 36 months."))])
    submit = SubmitField(_l("Save"))


class ConcernRetentionForm(FlaskForm):
    """The DSL's choice: the age until which a pupil's safeguarding concerns are kept."""

    concern_retention_age = IntegerField(
        _l("Keep safeguarding concerns until the pupil is this age"),
        validators=[InputRequired(), NumberRange(*CONCERN_AGE, message=_l(
            "Choose an age between 18 and 30."))])
    submit = SubmitField(_l("Save"))


class EraseForm(FlaskForm):
    """The careers leader types the pupil's full name to confirm the erasure."""

    full_name = StringField(_l("Type the pupil's full name (forename and surname) to confirm"),
                            validators=[DataRequired(), Length(max=220)])
    submit = SubmitField(_l("Erase this pupil"))


class AuditFilterForm(FlaskForm):
    """The audit log's filters; read from the address, so no CSRF token is needed."""

    class Meta:
        """A GET form: nothing changes, and the filters stay in the address to share or bookmark."""

        csrf = False

    school = SelectField(_l("School"), validators=[Optional()], coerce=str)
    action = SelectField(_l("Action"), validators=[Optional()], coerce=str)
    who = SelectField(_l("Who"), validators=[Optional()], coerce=str)
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    submit = SubmitField(_l("Show"))
