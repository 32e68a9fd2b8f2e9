"""Which class a shared tablet shows, and which pupil is using it now."""
from __future__ import annotations

from typing import Any

from flask import Response, current_app, g, request, session
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..i18n import clear_session_keeping_language
from ..models import Enrolment, Pupil, School, SchoolClass
from ..models._time import utcnow
from ..signing import signing_keys

TABLET_COOKIE = "convo_tablet"
# The class code's own expiry is what really ends a tablet's access; this is an upper bound.
TABLET_MAX_AGE = 90 * 24 * 3600


def _serializer() -> URLSafeTimedSerializer:
    """Signs the tablet cookie with the app's secret key; one signed with an earlier key still reads."""
    return URLSafeTimedSerializer(signing_keys(), salt="convo-tablet-class")


def remember_class(response: Response, school_class: SchoolClass) -> Response:
    """Set the long-lived cookie that keeps this tablet on one class's name list."""
    value = _serializer().dumps({"class": school_class.id, "code": school_class.sign_in_code})
    response.set_cookie(TABLET_COOKIE, value, max_age=TABLET_MAX_AGE, httponly=True,
                        secure=current_app.config["SESSION_COOKIE_SECURE"], samesite="Lax")
    return response


def forget_class(response: Response) -> Response:
    """Take this tablet off its class."""
    response.delete_cookie(TABLET_COOKIE, httponly=True,
                           secure=current_app.config["SESSION_COOKIE_SECURE"], samesite="Lax")
    return response


def _tablet_cookie() -> dict[str, Any]:
    """The class id and code this tablet's signed cookie holds (empty if none or tampered with)."""
    raw = request.cookies.get(TABLET_COOKIE)
    if not raw:
        return {}
    try:
        data = _serializer().loads(raw, max_age=TABLET_MAX_AGE)
    except BadSignature:
        return {}
    return data if isinstance(data, dict) else {}


def _code_still_current(data: dict[str, Any]):
    """Conditions for a class whose current, unexpired code is the one in the tablet's cookie."""
    return (SchoolClass.id == data.get("class", 0), SchoolClass.sign_in_code == data.get("code"),
            SchoolClass.sign_in_code_expires_at > utcnow())


def tablet_class() -> SchoolClass | None:
    """The class this tablet was given, while its code is still the class's current one."""
    if "tablet_class" in g:
        return g.tablet_class
    if session.get("pupil_id") and current_pupil() is not None:
        # A pupil's page: the one query for the pupil brought the class and school too.
        return g.tablet_class
    data = _tablet_cookie()
    g.tablet_class = db.session.scalar(
        select(SchoolClass).options(joinedload(SchoolClass.school)).where(*_code_still_current(data))
    ) if data else None
    return g.tablet_class


def class_pupils(school_class: SchoolClass) -> list[Pupil]:
    """The pupils in a class this year, by first name."""
    return list(db.session.scalars(select(Pupil).join(Enrolment).where(
        Enrolment.class_id == school_class.id, Pupil.left_on.is_(None)
    ).order_by(Pupil.preferred_forename, Pupil.surname)))


def button_names(pupils: list[Pupil]) -> dict[int, str]:
    """First names, with as much of the surname as it takes to tell two pupils apart."""
    names = {}
    for pupil in pupils:
        twins = [p for p in pupils if p.preferred_forename.casefold() == pupil.preferred_forename.casefold()]
        if len(twins) == 1:
            names[pupil.id] = pupil.preferred_forename
            continue
        length = 1
        while length < len(pupil.surname) and sum(
                p.surname[:length].casefold() == pupil.surname[:length].casefold() for p in twins) > 1:
            length += 1
        names[pupil.id] = f"{pupil.preferred_forename} {pupil.surname[:length]}."
    return names


def sign_in_pupil(pupil: Pupil) -> None:
    """Start a pupil's turn on the tablet, in a fresh session."""
    clear_session_keeping_language()
    session["pupil_id"] = pupil.id


def current_pupil() -> Pupil | None:
    """The pupil using the tablet now, if they still belong to the tablet's class."""
    if "pupil" in g:
        return g.pupil
    g.pupil = None
    pupil_id = session.get("pupil_id")
    data = _tablet_cookie() if pupil_id else {}
    if data:
        # One query on every page a pupil sees: the pupil, still here, enrolled in the tablet's class,
        # whose code is still current.
        # The school comes too (its language picks the page's), so class.school needs no query of its own.
        row = db.session.execute(
            select(Pupil, SchoolClass, School).join(Enrolment, Enrolment.pupil_id == Pupil.id)
            .join(SchoolClass, SchoolClass.id == Enrolment.class_id)
            .join(School, School.id == SchoolClass.school_id)
            .where(Pupil.id == pupil_id, Pupil.left_on.is_(None), *_code_still_current(data)).limit(1)
        ).first()
        if row is not None:
            # Held in g too: the session keeps loaded rows only while something refers to them.
            g.pupil, g.tablet_class, g.tablet_school = row
    return g.pupil


def finish_pupil() -> None:
    """End a pupil's turn; the tablet stays on its class."""
    session.pop("pupil_id", None)
    session.pop("pending_pupil_id", None)
    g.pop("pupil", None)
