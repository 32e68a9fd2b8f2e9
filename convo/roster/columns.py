"""Recognising roster columns from the headings different MIS products write."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from itertools import islice

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# A title line ("Pupil list, printed 01/09/2025") may sit above the headings in some exports.
HEADING_SEARCH_LINES = 5
DELIMITERS = (",", ";", "\t")

# Field name -> accepted headings, best first. When a file has two headings for one field
# (e.g. "Legal Forename" and "Forename"), the earlier one in this list is used.
HEADINGS: dict[str, tuple[str, ...]] = {
    "upn": ("UPN", "Unique Pupil Number", "Pupil UPN"),
    "legal_forename": ("Legal Forename", "Legal First Name", "Forename", "Forenames", "First name",
                       "Given name"),
    "preferred_forename": ("Preferred Forename", "Preferred First Name", "Known as"),
    "surname": ("Legal Surname", "Legal Last Name", "Surname", "Last name", "Family name"),
    "date_of_birth": ("Date of Birth", "DOB", "Birth date"),
    "sex": ("Gender", "Sex"),
    "year_group": ("Year", "NC Year", "Year Group", "National Curriculum Year", "Curriculum Year",
                   "NCY"),
    "class_name": ("Reg Group", "Registration Group", "Registration Form", "Reg Form", "Class",
                   "Class Name", "Form", "Tutor Group"),
    "destination": ("Destination", "Destination School", "Destination DfE", "Destination DfE number",
                    "Destination LAESTAB", "Destination School DfE", "Next School DfE number",
                    "Next School DfE", "Secondary school DfE", "Secondary school DfE number"),
}

# Without these a pupil cannot be identified or placed in a year; the rest may be left out.
REQUIRED = ("legal_forename", "surname", "date_of_birth", "year_group")

# How each required field is described when its column is missing.
DESCRIPTIONS: dict[str, LazyString] = {
    "legal_forename": _l("the pupil's first name"),
    "surname": _l("the pupil's surname"),
    "date_of_birth": _l("the pupil's date of birth"),
    "year_group": _l("the pupil's year group"),
}


def heading_key(heading: str) -> str:
    """Reduce a heading to lower-case letters and digits, so 'Date_of_Birth' matches 'date of birth'."""
    # A bracketed note such as "(dd/mm/yyyy)" is dropped: templates often add one to a heading.
    without_note = re.sub(r"\([^)]*\)", "", heading)
    return re.sub(r"[\W_]+", "", without_note.casefold())


_LOOKUP: dict[str, tuple[str, int]] = {
    heading_key(heading): (field_name, rank)
    for field_name, headings in HEADINGS.items()
    for rank, heading in enumerate(headings)
}


@dataclass
class ColumnProblem:
    """A problem with the heading row itself, before any pupil is read."""

    code: str
    detail: LazyString
    column: str | None = None


@dataclass
class ColumnMatch:
    """Which column of the file holds which field, and which columns Convo will not read."""

    positions: dict[str, int] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    problems: list[ColumnProblem] = field(default_factory=list)


def match_columns(header: list[str]) -> ColumnMatch:
    """Work out which field each heading holds; report missing and repeated required columns."""
    result = ColumnMatch()
    ranks: dict[str, int] = {}
    for position, heading in enumerate(header):
        shown = heading.strip()
        found = _LOOKUP.get(heading_key(heading))
        if found is None:
            if shown:
                result.ignored.append(shown)
            continue
        field_name, rank = found
        if field_name in ranks and rank == ranks[field_name]:
            # Two columns with the same heading may disagree, and Convo cannot tell which is right.
            result.problems.append(ColumnProblem("column_repeated", _l(
                "The column '%(column)s' appears more than once; keep only one.",
                column=shown), column=shown))
            continue
        if field_name in ranks and rank > ranks[field_name]:
            result.ignored.append(shown)
            continue
        if field_name in ranks:
            result.ignored.append(result.headings[field_name])
        ranks[field_name] = rank
        result.positions[field_name] = position
        result.headings[field_name] = shown
    for field_name in REQUIRED:
        if field_name not in result.positions:
            looked_for = ", ".join(f"'{heading}'" for heading in HEADINGS[field_name])
            result.problems.append(ColumnProblem("column_missing", _l(
                "Missing column: no column for %(what)s (looked for %(headings)s).",
                what=DESCRIPTIONS[field_name], headings=looked_for)))
    return result


def recognised_count(header: list[str]) -> int:
    """Count how many cells of a line are known headings, to tell a heading row from a title line."""
    return len({_LOOKUP[key][0] for key in map(heading_key, header) if key in _LOOKUP})


def sniff_delimiter(line: str) -> str:
    """Pick comma, semicolon or tab, whichever the heading line uses most (comma on a tie)."""
    return max(DELIMITERS, key=line.count)


def find_heading_line(text: str) -> tuple[int, str]:
    """Return the 1-based line number and delimiter of the heading row."""
    first: tuple[int, str] | None = None
    lines = islice(io.StringIO(text, newline=""), HEADING_SEARCH_LINES)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        delimiter = sniff_delimiter(line)
        first = first or (number, delimiter)
        try:
            cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
        except csv.Error:
            continue
        if recognised_count(cells) >= 2:
            return number, delimiter
    # No line looks like headings: treat the first as the heading row so the missing columns get named.
    return first or (1, ",")
