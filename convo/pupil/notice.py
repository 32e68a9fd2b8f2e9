"""The pupil privacy notice: what is kept, why, and who sees it, heard once each school term.

Each thing kept comes with a short "why" a child can follow, from the purposes in the record of
processing: so a teacher can help them find out about jobs, so their secondary school knows what
they hope to do, and so a grown-up can help if something worries the school. The wording is kept
true to the code: answers are stored redacted (convo/conversations/records.py),
a pupil's record is open to their teacher and the careers leader (convo/access.py), a worry goes to
the designated safeguarding lead with the pupil's own words (convo/safeguarding/), and the careers
record is deleted after the pupil leaves, while a safeguarding record is kept for longer.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, update

from ..extensions import db
from ..models import Pupil
from ..schoolyear import current_term, key_stage_band
from .steps import READ_ALOUD_BANDS


@dataclass(frozen=True)
class Screen:
    """One screen of the notice: a picture and a few short lines read aloud."""

    picture: str
    lines: tuple[str, ...]


#: Reception and Key Stage 1: one idea a line, pictures first, heard rather than read.
YOUNG = (
    Screen("speech-balloon", (
        _l("Before you start, here is what happens to your answers."),
        _l("Your school keeps what you say about jobs you like."),
        _l("It keeps what you say you are good at, too."),
        _l("That is so your teacher can help you find out about jobs you like."),
    )),
    Screen("eye", (
        _l("Your teacher can see your answers."),
        _l("So can the grown-up who helps with jobs at your school."),
        _l("If something you say sounds worrying, a grown-up who keeps children safe will see it and help you."),
    )),
    Screen("school", (
        _l("When you go to secondary school, your new school gets a page about your job ideas."),
        _l("That is so your new school knows what you hope to do."),
        _l("Your answers about jobs are deleted after you leave this school."),
    )),
)

#: Key Stage 2: a little fuller, the same facts.
OLDER = (
    Screen("spiral-notepad", (
        _l("Before you start, here is what happens to your answers."),
        _l("Your school keeps what you say about jobs you like and what you are good at, in your own words."),
        _l("This is so your teacher can help you find out about jobs you like, and see how your ideas grow."),
        _l("If you type your full name, your address or a phone number, they are hidden in your answers."),
    )),
    Screen("eye", (
        _l("Your teacher and the careers leader at your school can see your answers."),
        _l("When you move to secondary school, your new school gets a page about your job ideas."),
        _l("That is so your new school knows what you hope to do and can help you get there."),
    )),
    Screen("people-holding-hands", (
        _l("If you write something that worries the school, the safeguarding lead will see exactly what "
           "you wrote, and a grown-up will help you."),
        _l("Your answers about jobs are deleted after you leave this school. Anything about keeping you safe "
           "is kept for longer, because schools must keep it."),
        _l("You can tap Stop for now at any time."),
    )),
)


def band_of(pupil: Pupil) -> str:
    """The age band whose wording the pupil hears."""
    return key_stage_band(pupil.year_group)


def screens_for(pupil: Pupil) -> tuple[Screen, ...]:
    """The tap-only version for Reception and KS1, the fuller one for KS2."""
    return YOUNG if band_of(pupil) in READ_ALOUD_BANDS else OLDER


def needs_notice(pupil: Pupil, term: str | None = None) -> bool:
    """True until the pupil has heard the notice this term."""
    return pupil.privacy_notice_term != (term or current_term())


def record_notice(pupil: Pupil, term: str | None = None) -> bool:
    """Note that the pupil heard the notice this term; True only the first time (a double tap changes nothing)."""
    term = term or current_term()
    # One conditional UPDATE, so two taps arriving together still record it once.
    result = db.session.execute(update(Pupil).where(
        Pupil.id == pupil.id,
        or_(Pupil.privacy_notice_term.is_(None), Pupil.privacy_notice_term != term),
    ).values(privacy_notice_term=term).execution_options(synchronize_session=False))
    db.session.commit()
    db.session.refresh(pupil)
    return result.rowcount == 1
