"""The school blueprint; every route below it is for signed-in staff only."""
from flask import Blueprint

from ..access import require_staff

bp = Blueprint("school", __name__, url_prefix="/schools")
bp.before_request(require_staff)
