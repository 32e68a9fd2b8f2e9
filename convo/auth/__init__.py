"""Staff sign-in, sign-out, one-time password links and two-step sign-in."""
from flask import Flask

from . import mfa_views  # noqa: F401  (routes register on bp)
from .pending import require_second_step
from .views import bp


def init_app(app: Flask) -> None:
    """Register the staff sign-in pages, and hold every request to the two-step rule."""
    app.register_blueprint(bp)
    app.before_request(require_second_step)
