"""Forms for signing in, setting a password and two-step sign-in."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, ValidationError

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


def _code_field(label) -> StringField:
    """A six-digit code field that phones fill in from the authenticator app or a text."""
    return StringField(label, validators=[Optional(), Length(max=10)], render_kw={
        "autocomplete": "one-time-code", "inputmode": "numeric", "autocapitalize": "off",
        "spellcheck": "false"})


class CodeForm(FlaskForm):
    """The second step of signing in: the app's code, or one recovery code."""

    code = _code_field(_l("Six-digit code from your authenticator app"))
    recovery_code = StringField(_l("Recovery code"), validators=[Optional(), Length(max=40)],
                                render_kw={"autocomplete": "off", "autocapitalize": "off",
                                           "spellcheck": "false"})
    submit = SubmitField(_l("Continue"))
    use_recovery = SubmitField(_l("Use recovery code"))


class SetUpForm(FlaskForm):
    """The first code from a newly set-up app, proving it works."""

    code = _code_field(_l("Six-digit code from your authenticator app"))
    submit = SubmitField(_l("Turn on two-step sign-in"))

    def validate_code(self, field: StringField) -> None:
        """A code is needed to finish set-up."""
        if not (field.data or "").strip():
            raise ValidationError(_l("Type the six-digit code your app shows."))


class ConfirmCodeForm(SetUpForm):
    """A current code, asked for before a change to two-step sign-in."""

    submit = SubmitField(_l("Confirm"))
