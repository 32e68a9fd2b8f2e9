"""The careers leader's view of the whole school: aspirations, stereotypes and Benchmark 8 coverage."""
from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    """Register the analytics pages."""
    app.register_blueprint(bp)
