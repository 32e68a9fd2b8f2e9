"""Safeguarding: the DSL's concern inbox, immediate alerts with escalation, and the go-live gate."""
from __future__ import annotations

from flask import Flask, has_request_context, request
from flask_login import current_user

from .commands import send_alerts_command, weekly_summary_command
from .contacts import school_is_live
from .labels import kind_label, severity_label, state_label
from .operations import new_concern_count, new_concerns_for, open_concern_count_for_class
from .views import bp

__all__ = ["init_app", "open_concern_count_for_class", "school_is_live", "send_alerts_command",
           "weekly_summary_command"]


def alert_banner() -> dict:
    """Give every page the DSL's or deputy's schools with concerns still new (the in-app alert)."""
    if not has_request_context() or request.blueprint in ("tablet", "pupil") or \
            not getattr(current_user, "is_authenticated", False):
        return {"safeguarding_alerts": []}
    return {"safeguarding_alerts": new_concerns_for(current_user)}


def init_app(app: Flask) -> None:
    """Register the safeguarding pages, the alert banner and the functions other pages call."""
    app.register_blueprint(bp)
    app.context_processor(alert_banner)
    app.add_template_global(school_is_live, "school_is_live")
    app.add_template_global(new_concern_count, "new_concern_count")
    app.add_template_global(open_concern_count_for_class, "open_concern_count_for_class")
    for label in (kind_label, severity_label, state_label):
        app.add_template_global(label)
