"""The pupil's own pages on the tablet."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, url_for

from ..school.forms import ConfirmForm
from ..tablet.pictures import ANIMALS, animal_colour
from ..tablet.session import current_pupil

bp = Blueprint("pupil", __name__, url_prefix="/pupil")


@bp.before_request
def require_pupil():
    """Only a pupil signed in on their class's tablet gets past here."""
    if current_pupil() is None:
        return redirect(url_for("tablet.start"))
    return None


@bp.get("/")
def home():
    """The pupil's start page."""
    pupil = g.pupil
    return render_template("pupil/home.html", pupil=pupil, animals=ANIMALS,
                           colour=animal_colour(pupil.animal), form=ConfirmForm())
