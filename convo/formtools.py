"""Small pieces shared by Convo's forms."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget


def options(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """Turn (value, label) pairs into the choices WTForms expects."""
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    """A list of checkboxes, easier to tap than a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()
