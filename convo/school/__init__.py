"""The school's own pages: the staff home, and the careers leader's set-up of staff, classes and roster."""
from flask import Flask

from . import class_views, roster_views, staff_views, views, yeargroups  # noqa: F401  (routes register on bp)
from .blueprint import bp


def init_app(app: Flask) -> None:
    """Register the school pages."""
    app.register_blueprint(bp)
