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
from . import notice
from .answers import reply_from_form
from .steps import READ_ALOUD_BANDS, present

bp = Blueprint("pupil", __name__, url_prefix="/pupil")


@bp.before_request
def require_pupil():
    """Only a pupil signed in on their class's tablet gets past here."""
    if current_pupil() is None:
        if request.accept_mimetypes.best == "application/json":
            return jsonify(ok=False, signed_in=False), 401
        return redirect(url_for("tablet.start"))
    if notice.needs_notice(g.pupil) and not _notice_can_wait():
        return redirect(url_for("pupil.privacy"))
    return None


def _notice_can_wait() -> bool:
    """The notice's own pages, and answers the tablet had queued for a talk already running.

    A conversation can only be started once the notice is heard, so a queued answer belongs to
    one begun earlier (before a new term began); turning it away would lose what the pupil said.
    """
    if request.endpoint in ("pupil.privacy", "pupil.heard_privacy"):
        return True
    return request.endpoint in ("pupil.answer", "pupil.stop") and \
        request.accept_mimetypes.best == "application/json"


@bp.get("/privacy")
def privacy():
    """The privacy notice, one short screen at a time, read aloud as the conversation is."""
    pupil = g.pupil
    screens = notice.screens_for(pupil)
    number = min(max(request.args.get("screen", 1, type=int), 1), len(screens))
    band = notice.band_of(pupil)
    template = "pupil/_notice.html" if request.headers.get("X-Convo-Fragment") else "pupil/notice.html"
    return render_template(template, pupil=pupil, screen=screens[number - 1], number=number,
                           count=len(screens), band=band, young=band in READ_ALOUD_BANDS,
                           form=ConfirmForm())


@bp.post("/privacy")
def heard_privacy():
    """"Let's start": the notice is heard for this term (a second tap changes nothing)."""
    notice.record_notice(g.pupil)
    return redirect(url_for("pupil.home"))


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
