"""The deployment administrator's pages: the schools a trust or local authority runs."""
from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    """Register the administrator pages."""
    app.register_blueprint(bp)
