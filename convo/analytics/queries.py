"""School-wide aggregates. No pupil is named, and cells of fewer than 5 pupils are suppressed.

Safeguarding concerns are never read here.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from ..extensions import db
from ..models import Aspiration, Conversation, Enrolment, Pupil, SchoolClass, StereotypeEvent

#: Cells counting fewer pupils than this are shown as "fewer than 5", so no child can be picked out.
SMALLEST_CELL = 5
SEXES = ("F", "M", None)
OUTCOMES = ("changed", "same", "unsure", None)


def suppress(count: int) -> int | None:
    """The count, or None when it is too small to show."""
    return count if count >= SMALLEST_CELL else None


def families_by_year_and_sex(school_id: int, academic_year: int) -> Counter:
    """Pupils per (job family, year group, sex) for aspirations said this academic year, unsuppressed."""
    rows = db.session.execute(
        select(Aspiration.family, Aspiration.year_group, Pupil.sex,
               func.count(distinct(Aspiration.pupil_id)))
        .join(Pupil, Pupil.id == Aspiration.pupil_id)
        .where(Pupil.school_id == school_id, Aspiration.academic_year == academic_year)
        .group_by(Aspiration.family, Aspiration.year_group, Pupil.sex))
    return Counter({(family or "Not coded", year_group, sex): n for family, year_group, sex, n in rows})


def family_totals(cells: Counter) -> dict[str, int]:
    """Pupils per job family across every year group and sex, largest first."""
    totals: Counter = Counter()
    for (family, _year, _sex), n in cells.items():
        totals[family] += n
    return dict(totals.most_common())


def by_family_and_sex(cells: Counter) -> dict[str, dict[str | None, int | None]]:
    """Pupils per job family split by sex, suppressed: the gender picture."""
    grid: dict[str, Counter] = {}
    for (family, _year, sex), n in cells.items():
        grid.setdefault(family, Counter())[sex] += n
    return {family: {sex: suppress(counts[sex]) for sex in SEXES} for family, counts in grid.items()}


def by_family_and_year(cells: Counter) -> dict[str, dict[int, int | None]]:
    """Pupils per job family and year group, suppressed."""
    grid: dict[str, Counter] = {}
    for (family, year_group, _sex), n in cells.items():
        grid.setdefault(family, Counter())[year_group] += n
    return {family: {year: suppress(counts[year]) for year in range(7)} for family, counts in grid.items()}


def stereotypes_by_outcome(school_id: int, academic_year: int) -> dict[str, dict[str | None, int]]:
    """Stereotypes pupils voiced this year, by kind and by what they thought after the challenge."""
    rows = db.session.execute(
        select(StereotypeEvent.kind, StereotypeEvent.view_after, func.count())
        .join(Pupil, Pupil.id == StereotypeEvent.pupil_id)
        .where(Pupil.school_id == school_id, StereotypeEvent.academic_year == academic_year,
               StereotypeEvent.reactive.is_(True))
        .group_by(StereotypeEvent.kind, StereotypeEvent.view_after))
    table: dict[str, dict[str | None, int]] = {}
    for kind, outcome, n in rows:
        table.setdefault(kind, dict.fromkeys(OUTCOMES, 0))[outcome] = n
    return table


@dataclass
class Coverage:
    """Benchmark 8 for one class: how many pupils have had a conversation this year."""

    class_name: str
    year_group: int
    pupils: int
    talked: int

    @property
    def share(self) -> float:
        """The fraction of the class who have had a conversation."""
        return self.talked / self.pupils if self.pupils else 0.0


def coverage_by_class(school_id: int, academic_year: int) -> list[Coverage]:
    """Each class this year: its pupils, and how many have had a conversation this year."""
    talked = select(Conversation.pupil_id).where(Conversation.academic_year == academic_year).distinct()
    rows = db.session.execute(
        select(SchoolClass.name, SchoolClass.year_group, func.count(Enrolment.pupil_id),
               func.count(Enrolment.pupil_id).filter(Enrolment.pupil_id.in_(talked)))
        .join(Enrolment, Enrolment.class_id == SchoolClass.id)
        .join(Pupil, Pupil.id == Enrolment.pupil_id)
        .where(SchoolClass.school_id == school_id, SchoolClass.academic_year == academic_year,
               Pupil.left_on.is_(None))
        .group_by(SchoolClass.id, SchoolClass.name, SchoolClass.year_group)
        .order_by(SchoolClass.year_group, SchoolClass.name))
    return [Coverage(name, year_group, pupils, done) for name, year_group, pupils, done in rows]
