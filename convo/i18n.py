"""Language choice for pages, through Flask-Babel: English or Welsh (Cymraeg).

The order: a language chosen in this browser session (the switch on the tablet, or in the staff
header), then the language of the school the page belongs to (a Welsh-medium school sets Welsh),
then the browser's best supported match, then the deployment's default.
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from flask import (Blueprint, Flask, current_app, g, has_request_context, redirect, request, session,
                   url_for)
from flask_babel import force_locale, get_locale, pgettext
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import SQLAlchemyError
from wtforms import HiddenField, SelectField

from .engine.extract import JOB_TITLE_CONTEXT
from .extensions import babel, db
from .formtools import options
from .paths import resource_dir

#: Each language named in itself, so a child who reads only one can still find it.
LANGUAGE_NAMES = {"en_GB": "English", "cy": "Cymraeg"}

bp = Blueprint("language", __name__)


class LanguageForm(FlaskForm):
    """The switch: which language, and the page to go back to."""

    language = SelectField(choices=lambda: options(LANGUAGE_NAMES.items()))
    next = HiddenField()


def page_school():
    """The school this page belongs to: the tablet's class, the school in a staff page's address, or the
    only school of the person signed in."""
    from .models import School
    from .tablet.session import tablet_class

    if "page_school" in g:
        return g.page_school
    g.page_school = None
    school_class = tablet_class()
    if school_class is not None:
        g.page_school = school_class.school
    else:
        school_id = (request.view_args or {}).get("school_id")
        if current_user.is_authenticated and not isinstance(school_id, int):
            # A page outside any one school (the staff home page): the school, if the person has one only.
            schools = {m.school_id for m in current_user.memberships}
            school_id = schools.pop() if len(schools) == 1 else None
        if isinstance(school_id, int) and current_user.is_authenticated and current_user.roles_in(school_id):
            g.page_school = db.session.get(School, school_id)
    return g.page_school


def select_locale() -> str | None:
    """Use the language chosen in this session, else the school's, else the browser's best match."""
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        # Commands run outside a request speak the deployment's default language.
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    try:
        school = page_school()
    except SQLAlchemyError:
        # The database has gone away (the error page is being shown): the browser's language will do.
        db.session.rollback()
        school = None
    if school is not None and school.language in languages:
        return school.language
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def clear_session_keeping_language() -> None:
    """Empty the session for the next person at this device, keeping the language it was switched to."""
    chosen = session.get("locale")
    session.clear()
    if chosen in LANGUAGE_NAMES:
        session["locale"] = chosen


def school_language(school) -> str:
    """The language a school's printed pages are made in (English if it has none we know)."""
    return school.language if school.language in LANGUAGE_NAMES else current_app.config["BABEL_DEFAULT_LOCALE"]


@contextmanager
def in_language(language: str | None) -> Iterator[None]:
    """Make pages (parent cards, transition PDFs) in `language` whatever the page asking speaks."""
    with force_locale(language if language in LANGUAGE_NAMES else current_app.config["BABEL_DEFAULT_LOCALE"]):
        yield


def job_title(title: str | None) -> str | None:
    """A job title from the understanding data (or a job card's label) in the page's language.

    Titles are lower case ("vet"); a card's label starts with a capital ("Vet"), and keeps it.
    A title the catalogue does not have (one of the ONS index's thousands) stays as it is.
    """
    if not title:
        return title
    translated = pgettext(JOB_TITLE_CONTEXT, title)
    if translated != title or not title[:1].isupper():
        return translated
    lowered = pgettext(JOB_TITLE_CONTEXT, title[:1].lower() + title[1:])
    return lowered[:1].upper() + lowered[1:] if lowered != title[:1].lower() + title[1:] else title


def _safe_next(target: str | None) -> str:
    """Only a path on this site, never another site's address."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("auth.index")


@bp.post("/language")
def choose():
    """Keep the tapped language for the rest of this session, then show the same page again."""
    form = LanguageForm()
    if form.validate_on_submit():
        session["locale"] = form.language.data
    return redirect(_safe_next(form.next.data))


def language_switch_context() -> dict:
    """Give templates the switch's form (for its CSRF token) and the languages it offers.

    The form is never filled from the request: a page showing it may be answering any POST, even one
    whose body was refused for its size.
    """
    return {"language_form": lambda: LanguageForm(formdata=None), "language_names": LANGUAGE_NAMES}


def init_app(app: Flask) -> None:
    """Bind Flask-Babel with Convo's catalogues and locale selector, and add the language switch."""
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(resource_dir("translations")),
    )
    app.register_blueprint(bp)
    app.context_processor(locale_context)
    app.context_processor(language_switch_context)


def locale_context() -> dict:
    """Give templates the page language as an HTML lang code (en-GB, cy)."""
    return {"current_locale_code": lambda: str(get_locale() or "en_GB").replace("_", "-"),
            "current_language": lambda: str(get_locale() or "en_GB")}
