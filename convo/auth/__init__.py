"""Staff sign-in, sign-out and one-time password links."""
from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    """Register the staff sign-in pages."""
    app.register_blueprint(bp)
