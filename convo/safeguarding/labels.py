"""Words for concern states, severities and kinds, and links that work outside a request."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

#: The workflow, in order; each state may move only to the next.
STATES = ("new", "acknowledged", "actioned", "closed")
STATE_LABELS = {"new": _l("New"), "acknowledged": _l("Acknowledged"), "actioned": _l("Actioned"),
                "closed": _l("Closed")}
#: The inbox's filters in words.
FILTER_LABELS = {"open": _l("Not closed"), **STATE_LABELS, "all": _l("All")}
SEVERITY_LABELS = {"immediate": _l("immediate danger"), "high": _l("high"), "medium": _l("medium"),
                   "low": _l("low")}
KIND_LABELS = {
    "physical": _l("Physical abuse"), "sexual": _l("Sexual abuse"), "emotional": _l("Emotional abuse"),
    "neglect": _l("Neglect"), "self_harm": _l("Self-harm"), "domestic_violence": _l("Domestic abuse"),
    "online": _l("Online safety"), "bullying": _l("Bullying"), "exploitation": _l("Exploitation"),
    "other": _l("Other"),
}


def state_label(state: str) -> str:
    """A workflow state in words."""
    return str(STATE_LABELS.get(state, state))


def severity_label(severity: str | None) -> str:
    """A severity in words."""
    return str(SEVERITY_LABELS.get(severity or "", severity or ""))


def kind_label(kind: str | None) -> str:
    """A kind of concern in words."""
    return str(KIND_LABELS.get(kind or "other", kind or ""))


def next_state(state: str) -> str | None:
    """The state a concern moves to next, or None once it is closed."""
    index = STATES.index(state) if state in STATES else len(STATES) - 1
    return STATES[index + 1] if index + 1 < len(STATES) else None


def absolute_url(endpoint: str, **values) -> str:
    """A full link to a page, built from the BASE_URL setting so it works from the command line."""
    base = urlsplit(str(current_app.config.get("BASE_URL") or "http://127.0.0.1:5000").rstrip("/"))
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)
