"""Reading a pupil roster CSV exported from a school's MIS into checked rows or plain-English problems.

Row numbers in messages are the file's line numbers, which match the row numbers a school sees when
it opens the CSV in Excel (the heading row is row 1). Nothing here touches the database: the caller
matches pupils by UPN and imports all rows only when ``RosterParse.ok`` is true.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any, Callable

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

from convo.roster import fields
from convo.roster.columns import ColumnMatch, find_heading_line, match_columns
from convo.roster.fields import CellProblem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_PUPIL_ROWS = 5000
# Signatures of files that are often uploaded by mistake instead of a CSV.
_NOT_CSV = (
    (b"PK\x03\x04", "file_xlsx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "file_xls"),
    (b"%PDF", "file_pdf"),
)


@dataclass(frozen=True)
class RosterProblem:
    """One thing the school must fix before the roster can be imported."""

    line: int | None
    column: str | None
    message: str
    code: str = ""


@dataclass(frozen=True)
class RosterRow:
    """One pupil, checked and tidied, ready to be matched against Convo's records."""

    line: int
    upn: str | None
    legal_forename: str
    preferred_forename: str
    surname: str
    date_of_birth: date
    sex: str | None
    year_group: int
    class_name: str | None
    destination: str | None


@dataclass
class RosterParse:
    """Everything learnt from one roster file: good rows, problems, and how the columns were read."""

    rows: list[RosterRow] = field(default_factory=list)
    problems: list[RosterProblem] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)
    ignored_columns: list[str] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def ok(self) -> bool:
        """True when there is nothing to fix, so every row may be imported."""
        return not self.problems


class _FileRefused(Exception):
    """The whole file is unusable; carries the one problem to report."""

    def __init__(self, code: str, detail: LazyString) -> None:
        """Keep the code and detail for the single file-level problem."""
        super().__init__(code)
        self.code = code
        self.detail = detail


def parse_roster(data: bytes, *, today: date | None = None) -> RosterParse:
    """Read a roster CSV and return its checked rows and every problem found, sorted by row."""
    result = RosterParse()
    try:
        text, result.encoding = _decode(data)
        _read_text(text, result, today or date.today())
    except _FileRefused as refused:
        result.rows = []
        result.problems = [RosterProblem(None, None, str(refused.detail), refused.code)]
    return result


def _decode(data: bytes) -> tuple[str, str]:
    """Turn the uploaded bytes into text, trying the encodings MIS exports and Excel use."""
    if len(data) > MAX_FILE_BYTES:
        raise _FileRefused("file_too_big", _l(
            "The file is larger than %(limit)s MB, far bigger than a primary school roster; check you "
            "exported the pupil list and not another report.", limit=MAX_FILE_BYTES // (1024 * 1024)))
    for signature, code in _NOT_CSV:
        if data.startswith(signature):
            raise _FileRefused(code, _l(
                "This is a spreadsheet or document, not a CSV file; in Excel use File, Save As and "
                "choose 'CSV UTF-8', then upload that file."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = ("utf-16",)  # Excel's "Unicode text"; the byte order mark says which way round.
    else:
        # Windows-1252 is what older Excel and SIMS write; a UTF-8 reading of such a file fails fast.
        attempts = ("utf-8-sig", "cp1252")
    for encoding in attempts:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        if not text.strip(" \t\r\n,;"):
            raise _FileRefused("file_empty", _l("The file is empty."))
        # Report plain "utf-8" when there was no byte order mark, as the school's software would.
        return text, ("utf-8" if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf")
                      else encoding)
    raise _FileRefused("file_unreadable", _l(
        "Convo can't read the text in this file; save it from your MIS or Excel as 'CSV UTF-8' "
        "and upload it again."))


def _read_text(text: str, result: RosterParse, today: date) -> None:
    """Read the heading row, then every pupil row, filling in the result."""
    heading_line, result.delimiter = find_heading_line(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.delimiter)
    header: list[str] = []
    try:
        for record in reader:
            if reader.line_num >= heading_line:
                header = record
                break
    except csv.Error:
        raise _FileRefused("file_quoting", _l(
            "Convo can't read the column headings; check the first row for a stray quote mark (\")."
        )) from None
    columns = match_columns(header)
    result.columns = dict(columns.headings)
    result.ignored_columns = columns.ignored
    problems = _Problems()
    for problem in columns.problems:
        problems.add(None, problem.column, -1, problem.code, problem.detail)
    if any(problem.code == "column_missing" for problem in columns.problems):
        # Every row would repeat the same complaint, so stop at the headings.
        result.problems = problems.sorted()
        return
    pupil_rows = 0
    upn_lines: dict[str, list[int]] = defaultdict(list)
    line = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:
            problems.add(line, None, -1, "file_quoting", _l(
                "Convo can't read the file from this row on; check it for a stray quote mark (\")."))
            pupil_rows = max(pupil_rows, 1)  # Rows are unreadable rather than absent.
            break
        if any(cell.strip() for cell in record):
            pupil_rows += 1
            if pupil_rows > MAX_PUPIL_ROWS:
                raise _FileRefused("file_too_many_rows", _l(
                    "The file has more than %(limit)s pupil rows, more than any primary school; check "
                    "you exported only your current pupils.", limit=f"{MAX_PUPIL_ROWS:,}"))
            row = _read_row(line, record, header, columns, result.delimiter, problems, today,
                            upn_lines)
            if row is not None:
                result.rows.append(row)
        line = reader.line_num + 1
    if pupil_rows == 0:
        problems.add(None, None, -1, "file_no_pupils", _l(
            "The file has column headings but no pupils below them."))
    _check_duplicates(result.rows, upn_lines, columns, problems)
    result.problems = problems.sorted()


def _read_row(line: int, record: list[str], header: list[str], columns: ColumnMatch, delimiter: str,
              problems: _Problems, today: date, upn_lines: dict[str, list[int]]) -> RosterRow | None:
    """Check every cell of one pupil row; return the row, or None if any cell has a problem."""
    found_before = problems.count
    extra = record[len(header):]
    if any(cell.strip() for cell in extra):
        problems.add(line, None, -1, "row_extra_values", _l(
            "this row has more values than there are column headings; check for a comma or "
            "semicolon inside a name that is not in quotes."))
    for cell in record:
        if any(inner.count(delimiter) >= max(2, len(header) - 1) for inner in cell.splitlines()[1:]):
            problems.add(line, None, -1, "row_unclosed_quote", _l(
                "a quote mark (\") in this row is never closed, so the rows after it were read as "
                "one cell; remove the stray quote mark."))
            break

    def check(field_name: str, cleaner: Callable[[str], Any]) -> Any:
        """Run one field's cleaner on its cell, recording any problem against that column."""
        position = columns.positions.get(field_name)
        raw = record[position] if position is not None and position < len(record) else ""
        try:
            return cleaner(raw)
        except CellProblem as problem:
            problems.add(line, columns.headings.get(field_name), position, problem.code, problem.detail)
            return None

    upn = check("upn", fields.clean_upn)
    if upn:
        # Noted even if the row has other problems, so a repeated UPN is reported in the same pass.
        upn_lines[upn].append(line)
    legal_forename = check("legal_forename", partial(fields.clean_name, required=True))
    preferred_forename = check("preferred_forename", partial(fields.clean_name, required=False))
    surname = check("surname", partial(fields.clean_name, required=True))
    born = check("date_of_birth", fields.clean_date_of_birth)
    if born is not None:
        check("date_of_birth", partial(fields.check_primary_age, born, today=today))
    sex = check("sex", fields.clean_sex)
    year_group = check("year_group", fields.clean_year_group)
    class_name = check("class_name", partial(fields.clean_name, required=False,
                                             max_length=fields.MAX_CLASS_LENGTH))
    destination = check("destination", fields.clean_destination)
    if problems.count > found_before:
        return None
    return RosterRow(line=line, upn=upn, legal_forename=legal_forename,
                     preferred_forename=preferred_forename or legal_forename, surname=surname,
                     date_of_birth=born, sex=sex, year_group=year_group, class_name=class_name,
                     destination=destination)


def _check_duplicates(rows: list[RosterRow], upn_lines: dict[str, list[int]], columns: ColumnMatch,
                      problems: _Problems) -> None:
    """Report a UPN used twice, and a pupil listed twice without a UPN to tell them apart."""
    by_person: dict[tuple[str, str, date], list[RosterRow]] = defaultdict(list)
    for row in rows:
        by_person[(_fold(row.legal_forename), _fold(row.surname), row.date_of_birth)].append(row)
    for upn, lines in upn_lines.items():
        if len(lines) > 1:
            problems.add(lines[1], None, columns.positions["upn"], "upn_repeated", _l(
                "UPN %(upn)s appears %(times)s (rows %(rows)s).",
                upn=upn, times=_times(len(lines)), rows=_join_rows(lines)))
    for same in by_person.values():
        # Matching falls back to name and date of birth when a UPN is missing, so these would collide.
        if len(same) > 1 and any(row.upn is None for row in same):
            first = same[0]
            problems.add(same[1].line, None, -1, "pupil_repeated", _l(
                "%(name)s, born %(born)s, appears %(times)s without a UPN to tell them apart "
                "(rows %(rows)s).", name=f"{first.legal_forename} {first.surname}",
                born=first.date_of_birth.strftime("%d/%m/%Y"), times=_times(len(same)),
                rows=_join_rows([row.line for row in same])))


def _fold(name: str) -> str:
    """Compare names ignoring case and accents, as matching pupils without a UPN does."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def _times(count: int) -> LazyString:
    """Say 'twice' or 'N times'."""
    return _l("twice") if count == 2 else _l("%(count)s times", count=count)


def _join_rows(lines: list[int]) -> LazyString:
    """List row numbers as '3, 9 and 12'."""
    return _l("%(rows)s and %(last)s", rows=", ".join(map(str, lines[:-1])), last=lines[-1])


class _Problems:
    """Collects problems with their column position, so they can be sorted by row then column."""

    def __init__(self) -> None:
        """Start with no problems."""
        self._found: list[tuple[int, int, int, RosterProblem]] = []

    @property
    def count(self) -> int:
        """How many problems have been found so far."""
        return len(self._found)

    def add(self, line: int | None, column: str | None, position: int | None, code: str,
            detail: LazyString) -> None:
        """Record one problem, saying where it is in words the school office will recognise."""
        if line is not None and column is not None:
            message = _l("Row %(row)s, %(column)s: %(detail)s", row=line, column=column, detail=detail)
        elif line is not None:
            message = _l("Row %(row)s: %(detail)s", row=line, detail=detail)
        else:
            message = detail
        order = -1 if position is None else position
        problem = RosterProblem(line, column, str(message), code)
        self._found.append((line or 0, order, len(self._found), problem))

    def sorted(self) -> list[RosterProblem]:
        """Return the problems in row order, then column order (file-wide problems first)."""
        return [problem for *_, problem in sorted(self._found, key=lambda found: found[:3])]
