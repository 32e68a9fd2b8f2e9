"""A teacher's own classes and pupils: class page, tablet code and QR code, pupil records."""
from flask import Flask

from . import leaving  # noqa: F401  (its routes register on the records blueprint)
from .pupil_views import bp as records_bp
from .views import bp


def init_app(app: Flask) -> None:
    """Register the class and pupil-record pages."""
    app.register_blueprint(bp)
    app.register_blueprint(records_bp)
