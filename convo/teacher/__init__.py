"""A teacher's own classes: the class page, its tablet sign-in code and QR code."""
from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    """Register the teacher pages."""
    app.register_blueprint(bp)
