"""Applying a checked roster to the database: all or nothing, never a duplicate pupil."""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..models import Enrolment, Pupil, School, SchoolClass
from ..tablet.pictures import assign_animal, new_picture_password
from .parse import RosterRow

#: An import that would mark more than this share of the school's current pupils as left (and more
#: than MANY_LEFT_FLOOR pupils) looks like part of the school's roster, e.g. one class's file.
MANY_LEFT_SHARE = 0.25
MANY_LEFT_FLOOR = 5

#: Pupil fields a roster row may change.
ROW_FIELDS = ("upn", "legal_forename", "preferred_forename", "surname", "date_of_birth", "sex",
              "destination_dfe")


@dataclass
class ImportSummary:
    """What an import did, or would do."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    classes_created: list[str] = field(default_factory=list)
    not_in_file: int = 0
    # The pupils of the school not in the file, by id and name (marked as left if the import says so).
    missing: list[tuple[int, str]] = field(default_factory=list)
    marked_left: int = 0
    returned: int = 0
    # The school's pupils not marked as left before this import.
    current_pupils: int = 0

    @property
    def many_missing(self) -> bool:
        """True if marking the pupils not in the file as left would mark suspiciously many."""
        return (self.not_in_file > MANY_LEFT_FLOOR
                and self.not_in_file > MANY_LEFT_SHARE * self.current_pupils)

    @property
    def changed(self) -> bool:
        """True if anything in the database changes."""
        return bool(self.created or self.updated or self.moved or self.classes_created or self.marked_left)


class TooManyLeft(Exception):
    """The import would mark many of the school's pupils as left, and nobody confirmed the file is whole."""

    def __init__(self, summary: ImportSummary):
        """Keep the summary, so the caller can say how many."""
        super().__init__(f"{summary.not_in_file} of {summary.current_pupils} pupils are not in the file")
        self.summary = summary


def fold(name: str) -> str:
    """Compare names without case, accents or spacing differences."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join(plain.casefold().split())


def is_temporary_upn(upn: str | None) -> bool:
    """A temporary UPN ends in a letter; a permanent one replaces it later."""
    return bool(upn) and upn[-1].isalpha()


class RosterImport:
    """Matches roster rows to pupils and classes of one school for one academic year."""

    def __init__(self, school: School, academic_year: int):
        """Load the school's pupils and this year's classes once."""
        self.school = school
        self.year = academic_year
        self.summary = ImportSummary()
        pupils = db.session.scalars(select(Pupil).where(Pupil.school_id == school.id)).all()
        self.by_upn = {p.upn: p for p in pupils if p.upn}
        self.by_identity = {(fold(p.legal_forename), fold(p.surname), p.date_of_birth): p
                            for p in pupils}
        # A file for an earlier year than the pupil's newest place says nothing about them leaving.
        later = set(db.session.scalars(select(Enrolment.pupil_id).join(Pupil).where(
            Pupil.school_id == school.id, Enrolment.academic_year > academic_year)))
        self.unseen = {p.id: p for p in pupils if p.left_on is None and p.id not in later}
        self.summary.current_pupils = sum(p.left_on is None for p in pupils)
        self.classes = {fold(c.name): c for c in db.session.scalars(select(SchoolClass).where(
            SchoolClass.school_id == school.id, SchoolClass.academic_year == academic_year))}

    def match(self, row: RosterRow) -> Pupil | None:
        """The existing pupil this row describes: by UPN, else by name and date of birth."""
        if row.upn and row.upn in self.by_upn:
            return self.by_upn[row.upn]
        pupil = self.by_identity.get((fold(row.legal_forename), fold(row.surname), row.date_of_birth))
        if pupil is not None and pupil.upn and row.upn and not is_temporary_upn(pupil.upn):
            return None  # Same name and birthday, different permanent UPN: a different child.
        return pupil

    def class_named(self, name: str | None, year_group: int) -> SchoolClass | None:
        """This year's class of that name, created on first sight."""
        if not name:
            return None
        school_class = self.classes.get(fold(name))
        if school_class is None:
            school_class = SchoolClass(school=self.school, name=name.strip(), year_group=year_group,
                                       academic_year=self.year)
            db.session.add(school_class)
            self.classes[fold(name)] = school_class
            self.summary.classes_created.append(school_class.name)
        school_class.year_group = min(school_class.year_group, year_group)
        return school_class

    def apply(self, row: RosterRow) -> None:
        """Create or update the pupil for one row, and their place for this year."""
        values = {"upn": row.upn, "legal_forename": row.legal_forename,
                  "preferred_forename": row.preferred_forename, "surname": row.surname,
                  "date_of_birth": row.date_of_birth, "sex": row.sex, "destination_dfe": row.destination}
        school_class = self.class_named(row.class_name, row.year_group)
        pupil = self.match(row)
        changed: dict = {}
        if pupil is None:
            pupil = Pupil(school=self.school, year_group=row.year_group, **values)
            db.session.add(pupil)
            self.summary.created += 1
        else:
            self.unseen.pop(pupil.id, None)
            changed = {k: v for k, v in values.items() if getattr(pupil, k) != v}
            for key, value in changed.items():
                setattr(pupil, key, value)
            self.summary.updated += bool(changed)
            if pupil.left_on is not None:
                audit.record("pupil_returned", school_id=self.school.id, target=f"pupil:{pupil.id}",
                             source="roster", had_left_on=pupil.left_on.isoformat())
                pupil.left_on = None
                self.summary.returned += 1
                self.summary.updated += not changed
        moved = self.place(pupil, school_class, row.year_group)
        self.summary.moved += moved
        if pupil.id is not None and not moved and not changed:
            self.summary.unchanged += 1

    def place(self, pupil: Pupil, school_class: SchoolClass | None, year_group: int) -> bool:
        """Record the pupil's class and year group for this academic year; True if it changed."""
        enrolment = next((e for e in pupil.enrolments if e.academic_year == self.year), None)
        if enrolment is None:
            enrolment = Enrolment(academic_year=self.year, year_group=year_group)
            pupil.enrolments.append(enrolment)
        moved = (pupil.id is not None and
                 (enrolment.school_class is not school_class or enrolment.year_group != year_group))
        if enrolment.school_class is not school_class:
            enrolment.school_class = school_class
        if enrolment.year_group != year_group:
            enrolment.year_group = year_group
        # The pupil's "current" class and year follow the newest year imported.
        newest = max(e.academic_year for e in pupil.enrolments) == self.year
        if newest and (pupil.school_class is not school_class or pupil.year_group != year_group):
            pupil.school_class = school_class
            pupil.year_group = year_group
            moved = moved or pupil.id is not None
        if pupil.id is None:
            pupil.animal = assign_animal(school_class)
        if self.school.picture_passwords and not pupil.picture_password:
            pupil.picture_password = new_picture_password()
        return moved

    def mark_missing_left(self, today: date) -> None:
        """Mark every pupil of the school who was not in the file as having left today."""
        for pupil in self.unseen.values():
            pupil.left_on = today
            audit.record("pupil_left", school_id=self.school.id, target=f"pupil:{pupil.id}",
                         source="roster", left_on=today.isoformat())
            self.summary.marked_left += 1


def import_roster(school: School, rows: list[RosterRow], academic_year: int, *,
                  dry_run: bool = False, source: str = "upload", mark_left: bool = False,
                  many_left_confirmed: bool = False, today: date | None = None) -> ImportSummary:
    """Apply every row in one transaction; with dry_run, report and change nothing.

    With mark_left, pupils of the school who are not in the file (and have no place in a later
    year than the file's) are marked as having left on `today`, which starts their retention clock.
    If that would mark many of them (see ImportSummary.many_missing), a real import raises
    TooManyLeft and changes nothing unless many_left_confirmed says the file lists every pupil.
    """
    duplicates = [u for u, n in Counter(r.upn for r in rows if r.upn).items() if n > 1]
    if duplicates:
        raise ValueError("rows must be checked before import (duplicate UPNs)")
    job = RosterImport(school, academic_year)
    try:
        for row in rows:
            job.apply(row)
        db.session.flush()
        job.summary.not_in_file = len(job.unseen)
        job.summary.missing = sorted(((p.id, p.display_name) for p in job.unseen.values()),
                                     key=lambda item: item[1].casefold())
        if mark_left and job.summary.many_missing and not many_left_confirmed and not dry_run:
            raise TooManyLeft(job.summary)
        if mark_left:
            job.mark_missing_left(today or date.today())
        if dry_run:
            db.session.rollback()
            return job.summary
        audit.record("roster_imported", school_id=school.id, source=source,
                     academic_year=academic_year, created=job.summary.created,
                     updated=job.summary.updated, moved=job.summary.moved, rows=len(rows),
                     marked_left=job.summary.marked_left, returned=job.summary.returned)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return job.summary
