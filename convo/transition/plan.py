"""Which packs a school sends: its Year 6 pupils grouped by their destination secondary school."""
from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import or_, select

from ..extensions import db
from ..models import Enrolment, Pupil, School, Staff, TransitionPack
from ..schoolyear import academic_year_ends

#: The year group that moves on to secondary school.
LEAVING_YEAR = 6


@dataclass
class Destination:
    """One secondary school the school's leavers are going to, with its pupils."""

    dfe: str
    name: str | None
    school: School | None
    pupils: list[Pupil] = field(default_factory=list)


def _year6(school: School, academic_year: int):
    """The school's Year 6 pupils in an academic year, by surname then forename, as a query."""
    return (select(Pupil).join(Enrolment, Enrolment.pupil_id == Pupil.id)
            .where(Pupil.school_id == school.id, Enrolment.academic_year == academic_year,
                   Enrolment.year_group == LEAVING_YEAR)
            .order_by(Pupil.surname, Pupil.preferred_forename, Pupil.id))


def leavers(school: School, academic_year: int) -> list[Pupil]:
    """The school's Year 6 pupils in an academic year who were still here at its end.

    A pupil who left the school during the year (or before it) goes to no secondary school from
    here; one marked as left after the year ended (as the next September's roster marks last
    year's Year 6) still belongs to that year's packs.
    """
    query = _year6(school, academic_year).where(
        or_(Pupil.left_on.is_(None), Pupil.left_on > academic_year_ends(academic_year)))
    return list(db.session.scalars(query))


def left_before_year_end(school: School, academic_year: int) -> list[Pupil]:
    """The year's Year 6 pupils who left the school before it ended, so are in no pack."""
    query = _year6(school, academic_year).where(Pupil.left_on <= academic_year_ends(academic_year))
    return list(db.session.scalars(query))


def schools_by_dfe(numbers: set[str]) -> dict[str, School]:
    """Schools in this deployment known by the given DfE numbers (LA code + establishment number)."""
    found: dict[str, School] = {}
    for school in db.session.scalars(select(School)):
        if school.dfe_number in numbers:
            found[school.dfe_number] = school
    return found


def destinations(school: School, academic_year: int) -> tuple[list[Destination], list[Pupil]]:
    """The destinations of a year's leavers, and the leavers with no destination on the roster yet."""
    grouped: dict[str, list[Pupil]] = defaultdict(list)
    missing: list[Pupil] = []
    for pupil in leavers(school, academic_year):
        (grouped[pupil.destination_dfe] if pupil.destination_dfe else missing).append(pupil)
    known = schools_by_dfe(set(grouped))
    found = [Destination(dfe, known[dfe].name if dfe in known else None, known.get(dfe), pupils)
             for dfe, pupils in grouped.items()]
    found.sort(key=lambda d: (d.name or "~", d.dfe))
    return found, missing


def pending_packs(school: School, academic_year: int) -> list[TransitionPack]:
    """This school's packs for a year that are queued or building, oldest first."""
    return list(db.session.scalars(select(TransitionPack).where(
        TransitionPack.school_id == school.id, TransitionPack.academic_year == academic_year,
        TransitionPack.status.in_(("queued", "building"))).order_by(TransitionPack.id)))


def replace_unsent(school: School, academic_year: int, dfe: str) -> int:
    """Remove earlier packs for one destination that were never sent, with their files.

    Nobody outside the school has seen them, so a new build replaces them instead of piling up
    beside them. Sent packs stay, as the record of what each school was given.
    """
    from .running import is_stalled, last_movement
    from .storage import pack_path
    latest = last_movement()
    earlier = db.session.scalars(select(TransitionPack).where(
        TransitionPack.school_id == school.id, TransitionPack.academic_year == academic_year,
        TransitionPack.destination_dfe == dfe, TransitionPack.sent_at.is_(None))).all()
    removed = 0
    for pack in earlier:
        if pack.status in ("queued", "building") and not is_stalled(pack, latest):
            continue
        path = pack_path(pack)
        if path is not None:
            path.unlink(missing_ok=True)
        db.session.delete(pack)
        removed += 1
    return removed


def plan_packs(school: School, academic_year: int, built_by: Staff | None) -> list[TransitionPack]:
    """Add one queued pack per destination, all in one new batch; the caller commits and builds them.

    Earlier packs for the same destinations that were never sent are replaced.
    """
    batch = secrets.token_hex(8)
    found, _missing = destinations(school, academic_year)
    packs = []
    for destination in found:
        replace_unsent(school, academic_year, destination.dfe)
        pack = TransitionPack(school_id=school.id, destination_dfe=destination.dfe,
                              destination_name=destination.name, academic_year=academic_year,
                              batch=batch, status="queued", pupils_total=len(destination.pupils),
                              built_by_id=built_by.id if built_by else None)
        pack.pupils = list(destination.pupils)
        db.session.add(pack)
        packs.append(pack)
    return packs
