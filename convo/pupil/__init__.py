"""Pages a signed-in pupil can reach, and nothing else."""
from flask import Flask

from .views import bp


def init_app(app: Flask) -> None:
    """Register the pupil pages."""
    app.register_blueprint(bp)
