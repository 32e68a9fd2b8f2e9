"""A secondary school's transition leader: incoming pupils from every feeder primary that has sent a pack."""
from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template
from flask_login import current_user

from .. import audit
from ..access import require_staff, school_for
from ..extensions import db
from ..models import Role
from ..privacy.retention import pack_file_ends
from .operations import incoming_pack, incoming_packs, record_receipt
from .storage import pack_path, zip_download

bp = Blueprint("incoming", __name__, url_prefix="/schools/<int:school_id>/incoming")
bp.before_request(require_staff)
RECEIVER = (Role.TRANSITION_LEADER,)


def _document(pack) -> dict:
    """The JSON document inside a pack's zip."""
    from .files import read_pack_document
    path = pack_path(pack)
    if path is None or not path.exists():
        abort(404)
    return read_pack_document(path)


def _opened(secondary, pack, what: str) -> None:
    """Record receipt on first opening, and audit every opening."""
    record_receipt(pack, current_user, school_id=pack.school_id, opened=True)
    audit.record("transition_pack_opened", school_id=secondary.id, target=f"pack:{pack.id}", what=what,
                 sender=pack.school_id)
    db.session.commit()


@bp.get("/")
def overview(school_id: int):
    """Every pack sent to this school, with its pupils' names, newest first."""
    secondary = school_for(school_id, RECEIVER)
    packs = incoming_packs(secondary)
    return render_template("transition/incoming.html", school=secondary, packs=packs,
                           available_until=pack_file_ends)


@bp.get("/<int:pack_id>/")
def pack(school_id: int, pack_id: int):
    """One primary school's pack: its pupils; opening it records receipt."""
    secondary = school_for(school_id, RECEIVER)
    found = incoming_pack(secondary, pack_id)
    document = _document(found)
    _opened(secondary, found, "list")
    return _private(render_template("transition/incoming_pack.html", school=secondary, pack=found,
                                    document=document, available_until=pack_file_ends(found)))


@bp.get("/<int:pack_id>/pupils/<int:number>")
def pupil(school_id: int, pack_id: int, number: int):
    """One pupil's "My future" page, exactly as the primary school sent it."""
    secondary = school_for(school_id, RECEIVER)
    found = incoming_pack(secondary, pack_id)
    document = _document(found)
    pupils = document.get("pupils", [])
    if not 1 <= number <= len(pupils):
        abort(404)
    _opened(secondary, found, f"pupil:{number}")
    return _private(render_template("transition/incoming_pupil.html", school=secondary, pack=found,
                                    document=document, record=pupils[number - 1], number=number,
                                    count=len(pupils)))


@bp.get("/<int:pack_id>/download")
def download(school_id: int, pack_id: int):
    """The pack's zip: the PDFs, the CSV for the MIS and the JSON file."""
    secondary = school_for(school_id, RECEIVER)
    found = incoming_pack(secondary, pack_id)
    path = pack_path(found)
    if path is None or not path.exists():
        abort(404)
    _opened(secondary, found, "download")
    return zip_download(path, f"transition-{found.school.urn}-{found.academic_year}.zip")


def _private(page: str):
    """A page of pupils' words, kept out of caches."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response
