"""The pictures on pupils' name buttons, and the optional two-picture password."""
from __future__ import annotations

import secrets
from collections import Counter

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import Enrolment, Pupil, School, SchoolClass

#: Animals for name buttons, each with the colour of its button; files live in static/img/tablet/.
ANIMALS = {
    "fox": _l("fox"), "owl": _l("owl"), "cat": _l("cat"), "dog": _l("dog"),
    "rabbit": _l("rabbit"), "bear": _l("bear"), "lion": _l("lion"), "tiger": _l("tiger"),
    "panda": _l("panda"), "koala": _l("koala"), "frog": _l("frog"), "turtle": _l("turtle"),
    "penguin": _l("penguin"), "monkey": _l("monkey"), "elephant": _l("elephant"),
    "giraffe": _l("giraffe"), "zebra": _l("zebra"), "hedgehog": _l("hedgehog"),
    "whale": _l("whale"), "dolphin": _l("dolphin"), "octopus": _l("octopus"), "bee": _l("bee"),
    "butterfly": _l("butterfly"), "ladybird": _l("ladybird"),
}
#: Background colours with dark text at WCAG AA contrast, cycled through the animals. Each is a class in
#: static/css/convo.css (.name-colour-0 to .name-colour-5), as the pages allow no inline styles.
COLOURS = ("#ffe08a", "#b8e6c9", "#bfe0ff", "#ffc9c9", "#e3d1ff", "#ffd8a8")

#: The nine pictures a Key Stage 2 pupil picks two of, in the order shown.
PICTURES = {
    "sun": _l("sun"), "moon": _l("moon"), "star": _l("star"), "tree": _l("tree"),
    "sunflower": _l("flower"), "apple": _l("apple"), "car": _l("car"), "boat": _l("boat"),
    "ball": _l("ball"),
}


def animal_colour(animal: str) -> str:
    """The CSS class of the button colour that goes with an animal, e.g. "name-colour-2"."""
    names = list(ANIMALS)
    index = names.index(animal) if animal in names else 0
    return f"name-colour-{index % len(COLOURS)}"


def assign_animal(school_class: SchoolClass | None) -> str:
    """The animal least used so far in a class, so buttons are easy to tell apart."""
    used: Counter[str] = Counter()
    if school_class is not None and school_class.id is not None:
        used.update(db.session.scalars(select(Pupil.animal).join(Enrolment).where(
            Enrolment.class_id == school_class.id)))
    if school_class is not None:
        used.update(p.animal for p in school_class.pupils if p.id is None and p.animal)
    fewest = min(used.get(a, 0) for a in ANIMALS)
    choices = [a for a in ANIMALS if used.get(a, 0) == fewest]
    return secrets.choice(choices)


def new_picture_password() -> str:
    """Two different pictures, stored as "sun,boat" in the order they are shown."""
    first, second = sorted(secrets.SystemRandom().sample(range(len(PICTURES)), 2))
    names = list(PICTURES)
    return f"{names[first]},{names[second]}"


def picture_password_matches(pupil: Pupil, chosen: list[str] | None) -> bool:
    """True if the two chosen pictures are the pupil's two, in any order."""
    if not pupil.picture_password:
        return False
    return sorted(chosen or []) == sorted(pupil.picture_password.split(","))


def needs_picture_password(school: School, pupil: Pupil) -> bool:
    """Key Stage 2 pupils pick pictures when their school, or their year group, has turned it on."""
    from ..conversations.settings import settings_for
    if pupil.year_group < 3:
        return False
    return school.picture_passwords or settings_for(school.id, pupil.year_group).picture_passwords


def ensure_picture_passwords(school: School) -> None:
    """Give every Key Stage 2 pupil of the school a picture password if they lack one."""
    for pupil in db.session.scalars(select(Pupil).where(
            Pupil.school_id == school.id, Pupil.year_group >= 3, Pupil.picture_password.is_(None))):
        pupil.picture_password = new_picture_password()
