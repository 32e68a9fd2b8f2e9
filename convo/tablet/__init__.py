"""The shared class tablet: pupils sign in by tapping their name."""
from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    """Register the tablet pages."""
    app.register_blueprint(bp)
