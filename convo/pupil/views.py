"""The pupil's own pages on the tablet: today's conversation, one step at a time."""
from __future__ import annotations

import secrets

from flask import Blueprint, g, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..conversations import operations as talk_ops
from ..engine import AnswerError, EngineError
from ..safeguarding import school_is_live
from ..school.forms import ConfirmForm
from ..tablet.pictures import ANIMALS, animal_colour
from ..tablet.session import current_pupil
from .answers import reply_from_form
from .steps import present

bp = Blueprint("pupil", __name__, url_prefix="/pupil")


@bp.before_request
def require_pupil():
    """Only a pupil signed in on their class's tablet gets past here."""
    if current_pupil() is None:
        if request.accept_mimetypes.best == "application/json":
            return jsonify(ok=False, signed_in=False), 401
        return redirect(url_for("tablet.start"))
    return None


@bp.get("/")
def home():
    """The pupil's start page: go on with today's talk, or start it."""
    pupil = g.pupil
    if talk_ops.running(pupil) is not None:
        return redirect(url_for("pupil.talk"))
    if not school_is_live(pupil.school):
        # No DSL has confirmed yet, so nobody would hear a worry: no conversations until then.
        return render_template("pupil/not_ready.html", pupil=pupil, form=ConfirmForm())
    return render_template("pupil/home.html", pupil=pupil, animals=ANIMALS,
                           colour=animal_colour(pupil.animal), form=ConfirmForm(),
                           done_today=talk_ops.finished_today(pupil) is not None)


@bp.post("/start")
def begin():
    """Start today's conversation (a second tap does not start another)."""
    pupil = g.pupil
    if not school_is_live(pupil.school):
        return redirect(url_for("pupil.home"))
    if talk_ops.running(pupil) is None and talk_ops.finished_today(pupil) is None:
        talk_ops.start(pupil)
    return redirect(url_for("pupil.talk"))


def _conversation():
    """The conversation to show: the running one, else the one finished today."""
    pupil = g.pupil
    return talk_ops.running(pupil) or talk_ops.finished_today(pupil)


@bp.get("/talk")
def talk():
    """The current step of the conversation; a fragment when the page's script asks for one."""
    conversation = _conversation()
    if conversation is None:
        return redirect(url_for("pupil.home"))
    try:
        step = talk_ops.current_step(conversation)
    except (EngineError, KeyError):
        return redirect(url_for("pupil.home"))
    template = "pupil/_step.html" if request.headers.get("X-Convo-Fragment") else "pupil/talk.html"
    return render_template(template, pupil=g.pupil, step=present(step), answer_key=secrets.token_urlsafe(12),
                           form=ConfirmForm())


@bp.post("/talk")
def answer():
    """Record one answer, exactly once, then show the next step."""
    wants_json = request.accept_mimetypes.best == "application/json"
    conversation = talk_ops.running(g.pupil)
    recorded = False
    if conversation is not None:
        try:
            reply = reply_from_form(request.form)
            recorded = talk_ops.answer(conversation, g.pupil, reply, request.form.get("turn", type=int) or 0,
                                       (request.form.get("key") or "")[:64] or secrets.token_urlsafe(12))
        except AnswerError:
            if wants_json:
                return jsonify(ok=False, message=_("Tap one of the pictures, or type an answer.")), 422
    if wants_json:
        return jsonify(ok=True, recorded=recorded)
    return redirect(url_for("pupil.talk"))


@bp.post("/stop")
def stop():
    """"Stop for now": end calmly; what was said so far is kept."""
    conversation = talk_ops.running(g.pupil)
    if conversation is not None:
        talk_ops.stop(conversation)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(ok=True)
    return redirect(url_for("pupil.talk"))
