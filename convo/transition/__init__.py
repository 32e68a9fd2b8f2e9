"""Transition to secondary: one pack per destination school, built, sent and received."""
from flask import Flask

from .cli import export_transition_command
from .incoming import bp as incoming_bp
from .views import bp

__all__ = ["export_transition_command", "init_app"]


def init_app(app: Flask) -> None:
    """Register the primary school's and the receiving secondary school's transition pages."""
    app.register_blueprint(bp)
    app.register_blueprint(incoming_bp)
