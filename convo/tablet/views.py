"""The shared class tablet: join a class, show its names, and sign a pupil in by a tap."""
from __future__ import annotations

from flask import (Blueprint, abort, current_app, flash, make_response, redirect, render_template,
                   session, url_for)
from flask_babel import gettext as _
from flask_login import logout_user

from ..extensions import db, limiter
from ..i18n import clear_session_keeping_language
from ..models import Pupil
from ..school.class_ops import class_by_code
from ..school.forms import ConfirmForm
from . import session as tablet
from .forms import ClassCodeForm, PicturesForm
from .pictures import ANIMALS, PICTURES, animal_colour, needs_picture_password, picture_password_matches

bp = Blueprint("tablet", __name__, url_prefix="/tablet")


def _code_limit() -> str:
    """The configured limit on class-code attempts."""
    return current_app.config["CLASS_CODE_RATE_LIMIT"]


def _join(code: str):
    """Put this tablet on the class with `code`, signing out whoever was using it."""
    school_class = class_by_code(code)
    if school_class is None:
        return None
    logout_user()
    session.clear()
    return tablet.remember_class(make_response(redirect(url_for("tablet.names"))), school_class)


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(_code_limit, methods=["POST"])
def start():
    """Ask for the class code, unless the tablet already shows a class."""
    if tablet.tablet_class() is not None:
        return redirect(url_for("tablet.names"))
    form = ClassCodeForm()
    if form.validate_on_submit():
        joined = _join(form.code.data)
        if joined is not None:
            return joined
        form.code.errors.append(_("That code does not match a class. Check it on the class page."))
    return render_template("tablet/start.html", form=form)


@bp.get("/join/<code>")
@limiter.limit(_code_limit)
def join(code: str):
    """The address inside a class's QR code."""
    joined = _join(code)
    if joined is None:
        flash(_("That code has expired. Ask for the new one on the class page."), "error")
        return redirect(url_for("tablet.start"))
    return joined


@bp.get("/names")
def names():
    """The class's names as big buttons."""
    school_class = tablet.tablet_class()
    if school_class is None:
        return redirect(url_for("tablet.start"))
    if tablet.current_pupil() is not None:
        return redirect(url_for("pupil.home"))
    pupils = tablet.class_pupils(school_class)
    return render_template("tablet/names.html", school_class=school_class, pupils=pupils,
                           labels=tablet.button_names(pupils), animals=ANIMALS, colour=animal_colour,
                           form=ConfirmForm())


def _class_pupil(pupil_id: int) -> Pupil:
    """A pupil in this tablet's class; 404 for anyone else."""
    school_class = tablet.tablet_class()
    pupil = db.session.get(Pupil, pupil_id)
    if school_class is None or pupil is None or pupil not in tablet.class_pupils(school_class):
        abort(404)
    return pupil


@bp.post("/names/<int:pupil_id>")
def tap_name(pupil_id: int):
    """Sign in the pupil whose name was tapped, or ask for their pictures first."""
    pupil = _class_pupil(pupil_id)
    if needs_picture_password(pupil.school, pupil):
        clear_session_keeping_language()
        session["pending_pupil_id"] = pupil.id
        return redirect(url_for("tablet.pictures"))
    tablet.sign_in_pupil(pupil)
    return redirect(url_for("pupil.home"))


def _pending_key() -> str:
    """Rate-limit picture guesses per pupil, not per tablet."""
    return f"pictures:{session.get('pending_pupil_id')}"


@bp.route("/pictures", methods=["GET", "POST"])
@limiter.limit("6 per 5 minutes", key_func=_pending_key, methods=["POST"])
def pictures():
    """A Key Stage 2 pupil picks their two pictures."""
    pupil_id = session.get("pending_pupil_id")
    if not pupil_id:
        return redirect(url_for("tablet.names"))
    pupil = _class_pupil(pupil_id)
    form = PicturesForm()
    if form.validate_on_submit():
        if picture_password_matches(pupil, form.pictures.data):
            tablet.sign_in_pupil(pupil)
            return redirect(url_for("pupil.home"))
        flash(_("Those are not your pictures. Try again, or ask a grown-up."), "error")
        return redirect(url_for("tablet.pictures"))
    return render_template("tablet/pictures.html", pupil=pupil, form=form, pictures=PICTURES)


@bp.post("/finished")
def finished():
    """The pupil is done: back to the names for the next one."""
    tablet.finish_pupil()
    return redirect(url_for("tablet.names"))


@bp.post("/leave")
def leave():
    """Take the tablet off its class, e.g. at the end of the day."""
    tablet.finish_pupil()
    session.clear()
    return tablet.forget_class(make_response(redirect(url_for("tablet.start"))))


@bp.errorhandler(429)
def too_many(error):
    """Too many tries: a calm message instead of an error page."""
    return render_template("tablet/slow_down.html"), 429
