"""Forms for signing in and setting a password."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

#: Passwords people commonly choose, refused outright (NCSC advice: block the obvious ones).
COMMON_PASSWORDS = {
    "password", "password1", "password123", "123456789", "1234567890", "qwertyuiop",
    "iloveyou", "welcome1", "letmein123", "teacher123", "school123", "changeme123",
}


class SignInForm(FlaskForm):
    """E-mail and password for staff."""

    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    submit = SubmitField(_l("Sign in"))


class SetPasswordForm(FlaskForm):
    """A new password, typed twice."""

    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=10, max=200, message=_l(
            "Use at least 10 characters. Three random words make a strong password."))],
    )
    confirm = PasswordField(
        _l("Type it again"),
        validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
    )
    submit = SubmitField(_l("Set password"))

    def validate_password(self, field: PasswordField) -> None:
        """Refuse passwords on the common-password list."""
        if field.data.lower() in COMMON_PASSWORDS:
            raise ValidationError(_l("That password is too easy to guess."))
