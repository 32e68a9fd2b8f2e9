"""Forms for building, sending and confirming transition packs."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class BuildForm(FlaskForm):
    """Build one pack for every destination secondary school."""

    submit = SubmitField(_l("Build the packs"))


class SendForm(FlaskForm):
    """Let the destination school open a built pack."""

    submit = SubmitField(_l("Send to the school"))


class SendAllForm(FlaskForm):
    """Send every built, unsent pack whose school is in this deployment, in one go."""

    submit = SubmitField(_l("Send every built pack to its school"))


class ReceiptForm(FlaskForm):
    """Record that a secondary school confirmed it has the pack."""

    note = StringField(_l("Who confirmed, and how"), validators=[Length(max=300)],
                       description=_l("For example: Mr Lee, transition lead, by phone."))
    submit = SubmitField(_l("Record receipt"))


class WithdrawForm(FlaskForm):
    """Stop the destination school opening a sent pack."""

    confirm = BooleanField(_l("I understand that the school can no longer open this pack here, and that I "
                              "should ask them to delete any copy they downloaded."),
                           validators=[DataRequired(message=_l("Tick the box to withdraw the pack."))])
    submit = SubmitField(_l("Withdraw the pack"))
