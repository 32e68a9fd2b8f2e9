"""Parent/carer cards: one page per pupil of what they would like to do, to print or send home."""
from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    """Register the card pages."""
    app.register_blueprint(bp)
