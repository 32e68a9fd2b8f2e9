"""Forms used on a shared class tablet."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from ..formtools import CheckboxesField, options
from .pictures import PICTURES


class ClassCodeForm(FlaskForm):
    """The class code a teacher types (or scans) to put a tablet on a class."""

    code = StringField(_l("Class code"), validators=[DataRequired(), Length(max=16)])
    submit = SubmitField(_l("Show the class"))


class PicturesForm(FlaskForm):
    """A pupil's two pictures."""

    pictures = CheckboxesField(_l("Pick your two pictures"),
                               choices=lambda: options(PICTURES.items()))
    submit = SubmitField(_l("Go"))
