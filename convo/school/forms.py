"""Forms the careers leader uses to set up the school."""
from __future__ import annotations

from datetime import date

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DateField, EmailField, HiddenField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length, Regexp, ValidationError

from ..formtools import CheckboxesField, options
from ..i18n import LANGUAGE_NAMES
from ..models import Role

ROLE_LABELS = {
    Role.TEACHER: _l("Class teacher"),
    Role.CAREERS_LEADER: _l("Careers leader"),
    Role.DSL: _l("Designated safeguarding lead"),
    Role.DEPUTY_DSL: _l("Deputy safeguarding lead"),
    Role.TRANSITION_LEADER: _l("Transition leader (secondary school)"),
}


def role_choices() -> list:
    """Roles as form choices."""
    return options((role.value, label) for role, label in ROLE_LABELS.items())


class StaffForm(FlaskForm):
    """Add a member of staff with their roles."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    roles = CheckboxesField(_l("Roles"), choices=role_choices, validators=[DataRequired(
        message=_l("Choose at least one role."))])
    submit = SubmitField(_l("Add"))


class RolesForm(FlaskForm):
    """Change one person's roles in this school."""

    roles = CheckboxesField(_l("Roles"), choices=role_choices, validators=[DataRequired(
        message=_l("Choose at least one role, or remove the person instead."))])
    submit = SubmitField(_l("Save roles"))


class ConfirmForm(FlaskForm):
    """A button that only confirms (the CSRF token is what matters)."""

    submit = SubmitField(_l("Confirm"))


class ClassForm(FlaskForm):
    """A class: its name, year group, academic year and teachers."""

    name = StringField(_l("Class name"), validators=[DataRequired(), Length(max=60)])
    year_group = SelectField(_l("Year group"), coerce=int)
    academic_year = SelectField(_l("Academic year"), coerce=int)
    teachers = CheckboxesField(_l("Teachers"), coerce=int)
    submit = SubmitField(_l("Save class"))


class RosterUploadForm(FlaskForm):
    """The CSV a school's MIS exports."""

    file = FileField(_l("Roster file (CSV)"), validators=[
        FileRequired(message=_l("Choose a file to upload.")),
        FileAllowed(["csv", "txt"], message=_l("Upload a .csv file exported from your MIS.")),
    ])
    academic_year = SelectField(_l("Academic year the roster is for"), coerce=int)
    submit = SubmitField(_l("Check the file"))


class RosterConfirmForm(FlaskForm):
    """Carries the checked file back for import; it is checked again before anything changes."""

    content = HiddenField(validators=[DataRequired()])
    academic_year = HiddenField(validators=[DataRequired(), Regexp(r"^\d{4}$")])
    mark_left = BooleanField(_l("Mark the pupils who are not in this file as having left the school today"),
                             default=True)
    # Asked for when the file leaves out many of the school's pupils (see ImportSummary.many_missing).
    every_pupil = BooleanField(_l("I have checked: this file lists every pupil in the school"))
    submit = SubmitField(_l("Import these pupils"))


class LeftForm(FlaskForm):
    """The day a pupil left the school: not in the future, and not before they joined."""

    left_on = DateField(_l("Left the school on"), default=date.today,
                        validators=[DataRequired(message=_l("Give the day they left, as a date."))])
    submit = SubmitField(_l("Mark as left"))

    def __init__(self, *args, joined: date | None = None, **kwargs):
        """`joined` is the first day the pupil could have been here (their first school year's start)."""
        super().__init__(*args, **kwargs)
        self.joined = joined
        self.left_on.render_kw = {"max": date.today().isoformat(),
                                  **({"min": joined.isoformat()} if joined else {})}

    def validate_left_on(self, field) -> None:
        """Refuse a day still to come, or one before the pupil joined."""
        if field.data > date.today():
            raise ValidationError(_("The day they left cannot be in the future."))
        if self.joined and field.data < self.joined:
            raise ValidationError(_("They cannot have left before they joined (%(day)s).",
                                    day=format_date(self.joined, "d MMMM yyyy")))


class SettingsForm(FlaskForm):
    """School-wide switches."""

    picture_passwords = BooleanField(
        _l("Key Stage 2 pupils also pick two pictures after tapping their name"))
    # Each language named in itself, as on the tablet's switch.
    language = SelectField(_l("The school's language"), choices=lambda: options(LANGUAGE_NAMES.items()),
                           description=_l("What the class tablets speak until a pupil taps the other language, "
                                          "and what parent cards and transition pages are made in. A "
                                          "Welsh-medium school chooses Cymraeg."))
    submit = SubmitField(_l("Save settings"))
