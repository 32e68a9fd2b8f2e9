"""The school's data duties under UK GDPR: retention and purge, erasure, subject access, the audit log."""
from __future__ import annotations

from flask import Flask

from .audit_log import when_text
from .cli import erase_pupil_command, purge_command, subject_access_command
from .views import admin_bp, bp

__all__ = ["erase_pupil_command", "init_app", "purge_command", "subject_access_command"]


def init_app(app: Flask) -> None:
    """Register the data duty pages (the school's own, the administrator's audit log) and a date filter."""
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
    app.add_template_filter(when_text, "when_text")
