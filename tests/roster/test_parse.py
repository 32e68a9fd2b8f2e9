"""Tests for reading pupil roster CSVs exported from school MIS products."""
from __future__ import annotations

import codecs
import csv
import io
from dataclasses import FrozenInstanceError
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask
from flask_babel import Babel
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.gb.upn import calc_check_digit

from convo.roster import RosterParse, RosterProblem, RosterRow, parse_roster
from convo.roster.columns import HEADINGS
from convo.roster.parse import MAX_FILE_BYTES, MAX_PUPIL_ROWS

FILES = Path(__file__).parent / "files"
# A fixed "day of import" so ages do not drift as the calendar moves on.
TODAY = date(2025, 9, 15)
HEADER = ["UPN", "Legal Forename", "Preferred Forename", "Legal Surname", "Date of Birth", "Gender",
          "Year", "Reg Group", "Destination"]
FIELD_OF_HEADING = {"UPN": "upn", "Legal Forename": "legal_forename",
                    "Preferred Forename": "preferred_forename", "Legal Surname": "surname",
                    "Date of Birth": "date_of_birth", "Gender": "sex", "Year": "year_group",
                    "Reg Group": "class_name", "Destination": "destination"}


def make_upn(body: str) -> str:
    """Return a valid UPN for the 12 characters after the check letter."""
    return calc_check_digit(body) + body


GOOD_UPN = make_upn("380200116011")
GOOD_ROW = {"UPN": GOOD_UPN, "Legal Forename": "Amelia", "Preferred Forename": "",
            "Legal Surname": "Hussain", "Date of Birth": "14/10/2016", "Gender": "F",
            "Year": "Year 4", "Reg Group": "4W", "Destination": ""}


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8",
              newline: str = "\r\n") -> bytes:
    """Write rows as a CSV file the way a spreadsheet would."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return buffer.getvalue().encode(encoding)


def roster(*rows: dict[str, str], header: list[str] = HEADER, **options) -> bytes:
    """Build a roster file from GOOD_ROW-style dicts keyed by heading."""
    return csv_bytes([header] + [[row.get(heading, "") for heading in header] for row in rows],
                     **options)


def one_row(**changes: str) -> bytes:
    """A roster of one otherwise good pupil, with some cells changed (keys use _ for spaces)."""
    return roster(GOOD_ROW | {key.replace("_", " "): value for key, value in changes.items()})


def parse(data: bytes) -> RosterParse:
    """Parse as if importing on TODAY."""
    return parse_roster(data, today=TODAY)


def messages(result: RosterParse) -> list[str]:
    """Just the problem messages, in order."""
    return [problem.message for problem in result.problems]


# --- Sample exports, end to end -------------------------------------------------------------------

@pytest.mark.parametrize(("name", "encoding", "delimiter", "row_count"), [
    pytest.param("sims_export.csv", "utf-8-sig", ",", 8, id="sims"),
    pytest.param("arbor_export.csv", "utf-8", ",", 5, id="arbor"),
    pytest.param("bromcom_export.csv", "utf-8", ",", 3, id="bromcom"),
    pytest.param("windows1252_semicolon.csv", "cp1252", ";", 3, id="windows-1252-semicolon"),
    pytest.param("excel_unicode_text.txt", "utf-16", "\t", 2, id="excel-unicode-text"),
])
def test_sample_exports_parse_cleanly(name: str, encoding: str, delimiter: str, row_count: int) -> None:
    """Each realistic MIS export reads with no problems."""
    result = parse((FILES / name).read_bytes())
    assert messages(result) == []
    assert result.ok
    assert (result.encoding, result.delimiter, len(result.rows)) == (encoding, delimiter, row_count)
    assert all(isinstance(row, RosterRow) for row in result.rows)


def test_sims_export_details() -> None:
    """SIMS headings, blank rows, quoted commas, temporary UPNs and ignored columns are handled."""
    result = parse((FILES / "sims_export.csv").read_bytes())
    assert result.columns == {"upn": "UPN", "surname": "Legal Surname", "legal_forename": "Legal Forename",
                              "preferred_forename": "Preferred Forename", "sex": "Gender",
                              "date_of_birth": "Date of Birth", "year_group": "Year",
                              "class_name": "Reg Group"}
    assert result.ignored_columns == ["Adno", "Preferred Surname", "Admission Date"]
    first, *_, temporary, no_upn = result.rows
    assert first == RosterRow(line=2, upn=make_upn("380200121004"), legal_forename="Amelia",
                              preferred_forename="Millie", surname="Hussain",
                              date_of_birth=date(2020, 10, 14), sex="F", year_group=0,
                              class_name="RB", destination=None)
    # Line 5 is a row of empty cells: skipped, and the rows after it keep their file line numbers.
    assert [row.line for row in result.rows] == [2, 3, 4, 6, 7, 8, 9, 10]
    assert result.rows[3].class_name == "Rowan, Y3/4"
    assert result.rows[2].legal_forename == "Siobhán" and result.rows[4].legal_forename == "Zoë"
    assert temporary.upn == make_upn("38020012101T")
    assert (no_upn.upn, no_upn.legal_forename, no_upn.preferred_forename) == (None, "D'Arcy", "D'Arcy")


def test_arbor_export_details() -> None:
    """Arbor headings are recognised and destinations become 7-digit DfE numbers."""
    result = parse((FILES / "arbor_export.csv").read_bytes())
    assert result.ignored_columns == ["Enrolment Status"]
    assert [row.destination for row in result.rows] == ["8734001", "8735403", None, None, None]
    assert [row.year_group for row in result.rows] == [6, 6, 6, 5, 2]
    assert result.rows[2].date_of_birth == date(2015, 9, 1)  # written 1/9/2015


def test_windows_1252_semicolon_export_details() -> None:
    """Accents and the curly apostrophe (byte 0x92) survive, and quoted semicolons stay in the cell."""
    result = parse((FILES / "windows1252_semicolon.csv").read_bytes())
    zoe, siobhan, sean = result.rows
    assert (zoe.legal_forename, zoe.class_name, zoe.date_of_birth) == ("Zoë", "Willow; Y5", date(2016, 2, 4))
    assert (siobhan.legal_forename, siobhan.preferred_forename, siobhan.surname) == (
        "Siobhán", "Shiv", "O\u2019Neill")
    assert (sean.legal_forename, sean.year_group, sean.sex) == ("Seán", 0, "M")


def test_excel_unicode_text_details() -> None:
    """UTF-16 tab-separated text keeps letters outside Windows-1252, and 2019 LA numbers validate."""
    result = parse((FILES / "excel_unicode_text.txt").read_bytes())
    assert [(row.legal_forename, row.surname) for row in result.rows] == [
        ("Kacper", "Wiśniewski"), ("Łucja", "Żak")]
    assert all(row.upn[1:4] == "838" for row in result.rows)


def test_bad_rows_file_reports_every_problem_in_order() -> None:
    """All problems are collected, sorted by row then column, and only the good row is returned."""
    result = parse((FILES / "bad_rows.csv").read_bytes())
    assert not result.ok
    assert [row.line for row in result.rows] == [2]
    assert messages(result) == [
        "Row 3, UPN: wrong check letter at character 1 — expected 'H' for this number; "
        "check it against your MIS.",
        "Row 4, UPN: 'A38020011804' has 12 characters, but a UPN has 13 (a check letter, 11 digits, "
        "then a final digit or letter).",
        "Row 5, Legal Forename: this is blank, but every pupil needs one.",
        "Row 5, Date of Birth: '31/02/2016' is not a real date (use dd/mm/yyyy).",
        f"Row 6: UPN {make_upn('380200117050')} appears twice (rows 5 and 6).",
        "Row 6, Legal Surname: '=HYPERLINK(\"x\")' starts with '=', so spreadsheets would treat it "
        "as a formula; correct it in your MIS.",
        "Row 7, Date of Birth: '04/13/2017' is not a real date — it looks like month first; Convo "
        "reads dates as day/month/year (dd/mm/yyyy).",
        "Row 8, Date of Birth: '12/05/16' has a two-digit year; use four digits (dd/mm/yyyy).",
        "Row 9, Date of Birth: '01/01/2001' would make the pupil 24, too old for primary school "
        "(Convo expects ages 3 to 12); check the date (dd/mm/yyyy).",
        "Row 9, Gender: 'X' is not recognised; use Female, Male, F or M, or leave it blank.",
        "Row 9, Year: 'Year 9' is not a primary year group (Convo covers Reception to Year 6).",
        "Row 10, Date of Birth: '01/06/2023' would make the pupil 2, too young for Reception "
        "(Convo expects ages 3 to 12); check the date (dd/mm/yyyy).",
        "Row 10, Year: 'Nursery' is a nursery year, and Convo covers Reception to Year 6; leave "
        "nursery pupils out of the file.",
        "Row 11, Reg Group: '@6K' starts with '@', so spreadsheets would treat it as a formula; "
        "correct it in your MIS.",
        "Row 11, Destination: '137000' looks like a URN; Convo needs the school's 7-digit DfE "
        "number, e.g. 380/4001 (shown on Get Information about Schools).",
        "Row 12, Year: 'Blue' is not a year group Convo recognises (use R or Reception, or 1 to 6).",
        "Row 12, Destination: 'Hollins High' is not a DfE number; use the destination school's "
        "7-digit DfE number, e.g. 380/4001 or 3804001, or leave it blank.",
        "Row 13: this row has more values than there are column headings; check for a comma or "
        "semicolon inside a name that is not in quotes.",
    ]
    assert [(p.line, p.column) for p in result.problems][:2] == [(3, "UPN"), (4, "UPN")]


# --- Headings ------------------------------------------------------------------------------------

HEADING_VARIANTS = [(heading, field) for field, headings in HEADINGS.items() for heading in headings] + [
    ("upn", "upn"), ("UNIQUE_PUPIL_NUMBER", "upn"), ("Firstname", "legal_forename"),
    ("first-name", "legal_forename"), ("  Surname  ", "surname"), ("Last_Name", "surname"),
    ("D.O.B.", "date_of_birth"), ("date_of_birth", "date_of_birth"),
    ("Date of Birth (dd/mm/yyyy)", "date_of_birth"), ("Birthdate", "date_of_birth"),
    ("SEX", "sex"), ("Year group", "year_group"), ("N.C. Year", "year_group"),
    ("Known As", "preferred_forename"), ("Next School DfE Number", "destination"),
]


@pytest.mark.parametrize(("heading", "field"), HEADING_VARIANTS,
                         ids=[f"{field}:{heading.strip()}" for heading, field in HEADING_VARIANTS])
def test_heading_variants_are_recognised(heading: str, field: str) -> None:
    """Every accepted spelling of a heading maps to its field, ignoring case and punctuation."""
    header = [heading if FIELD_OF_HEADING[name] == field else name for name in HEADER]
    result = parse(roster({**GOOD_ROW, heading: GOOD_ROW[HEADER[header.index(heading)]]}, header=header))
    assert messages(result) == []
    assert result.columns[field] == heading.strip()


def test_unknown_columns_are_listed_and_ignored() -> None:
    """Columns Convo does not use are listed for the preview and do not affect the rows."""
    header = ["Ethnicity", *HEADER, "Admission No", ""]
    result = parse(roster(GOOD_ROW | {"Ethnicity": "WBRI", "Admission No": "001"}, header=header))
    assert result.ok
    assert result.ignored_columns == ["Ethnicity", "Admission No"]
    assert result.rows[0].legal_forename == "Amelia"


def test_better_heading_wins_when_two_columns_hold_one_field() -> None:
    """With both 'Forename' and 'Legal Forename', the legal one is used and the other ignored."""
    header = ["Forename", *HEADER]
    result = parse(roster(GOOD_ROW | {"Forename": "Millie"}, header=header))
    assert result.columns["legal_forename"] == "Legal Forename"
    assert result.ignored_columns == ["Forename"]
    assert result.rows[0].legal_forename == "Amelia"


def test_repeated_heading_is_a_problem() -> None:
    """Two columns with the same heading may disagree, so the school is asked to keep one."""
    result = parse(roster(GOOD_ROW, header=[*HEADER, "upn"]))
    assert messages(result) == ["The column 'upn' appears more than once; keep only one."]


@pytest.mark.parametrize(("heading", "message"), [
    ("Legal Surname", "Missing column: no column for the pupil's surname (looked for 'Legal Surname', "
                      "'Legal Last Name', 'Surname', 'Last name', 'Family name')."),
    ("Legal Forename", "Missing column: no column for the pupil's first name (looked for "
                       "'Legal Forename', 'Legal First Name', 'Forename', 'Forenames', 'First name', "
                       "'Given name')."),
    ("Date of Birth", "Missing column: no column for the pupil's date of birth (looked for "
                      "'Date of Birth', 'DOB', 'Birth date')."),
    ("Year", "Missing column: no column for the pupil's year group (looked for 'Year', 'NC Year', "
             "'Year Group', 'National Curriculum Year', 'Curriculum Year', 'NCY')."),
], ids=["surname", "forename", "date-of-birth", "year"])
def test_missing_required_column(heading: str, message: str) -> None:
    """A missing required column is reported once, naming the headings looked for, and no rows are read."""
    result = parse(roster(GOOD_ROW, header=[name for name in HEADER if name != heading]))
    assert result.problems == [RosterProblem(None, None, message, "column_missing")]
    assert result.rows == []


def test_optional_columns_may_be_left_out() -> None:
    """Only first name, surname, date of birth and year are required."""
    header = ["Legal Forename", "Legal Surname", "Date of Birth", "Year"]
    result = parse(roster(GOOD_ROW, header=header))
    assert result.ok
    row = result.rows[0]
    assert (row.upn, row.preferred_forename, row.sex, row.class_name, row.destination) == (
        None, "Amelia", None, None, None)


def test_title_line_above_headings_is_skipped() -> None:
    """Some reports print a title above the headings; row numbers still match the file."""
    data = b"Pupil list printed 01/09/2025\r\n\r\n" + one_row()
    result = parse(data)
    assert result.ok
    assert result.rows[0].line == 4


# --- Encodings, separators and layout ------------------------------------------------------------

NAMES = {"Legal Forename": "Zoë", "Preferred Forename": "Siobhán", "Legal Surname": "O\u2019Neill"}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
@pytest.mark.parametrize("newline", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
def test_encodings_separators_and_line_endings(encoding: str, delimiter: str, newline: str) -> None:
    """Accented names and curly apostrophes survive every supported encoding and separator."""
    data = roster(GOOD_ROW | NAMES, GOOD_ROW | {"UPN": ""}, encoding=encoding, delimiter=delimiter,
                  newline=newline)
    result = parse(data)
    assert messages(result) == []
    assert result.delimiter == delimiter
    first = result.rows[0]
    assert (first.legal_forename, first.preferred_forename, first.surname) == (
        "Zoë", "Siobhán", "O\u2019Neill")
    assert [row.line for row in result.rows] == [2, 3]


def test_utf_16_big_endian_is_read() -> None:
    """UTF-16 written the other way round (byte order mark FE FF) also reads."""
    data = codecs.BOM_UTF16_BE + one_row(Legal_Forename="Łucja").decode().encode("utf-16-be")
    assert parse(data).rows[0].legal_forename == "Łucja"


def test_quoted_fields_keep_separators_and_quotes() -> None:
    """Quoted cells may contain the separator and doubled quote marks."""
    data = (",".join(HEADER) + '\r\n' + f'{GOOD_UPN},"Mary, Jane","""Mj""",O\'Brien,14/10/2016,F,4,'
            '"Oak, Y4",\r\n').encode()
    result = parse(data)
    assert result.ok
    row = result.rows[0]
    assert (row.legal_forename, row.preferred_forename, row.surname, row.class_name) == (
        "Mary, Jane", '"Mj"', "O'Brien", "Oak, Y4")


def test_blank_rows_and_trailing_lines_are_skipped() -> None:
    """Empty lines, rows of empty cells and trailing blank lines are not pupils."""
    second = csv_bytes([[(GOOD_ROW | {"UPN": "", "Legal Forename": "Omar"})[name] for name in HEADER]])
    result = parse(one_row() + b"\r\n,,,,,,,,\r\n  ,\t, \r\n" + second + b"\r\n\r\n\r\n")
    assert result.ok
    assert [row.line for row in result.rows] == [2, 6]


def test_short_rows_are_padded_with_blanks() -> None:
    """A row with fewer cells than headings (trailing cells missing) treats them as blank."""
    data = csv_bytes([HEADER, [GOOD_UPN, "Amelia", "", "Hussain", "14/10/2016", "F", "4"]])
    result = parse(data)
    assert result.ok
    assert (result.rows[0].class_name, result.rows[0].destination) == (None, None)


# --- Cell values: accepted forms -----------------------------------------------------------------

def only_row(data: bytes) -> RosterRow:
    """Parse a one-pupil roster that must have no problems, and return the pupil."""
    result = parse(data)
    assert messages(result) == []
    (row,) = result.rows
    return row


@pytest.mark.parametrize(("value", "expected"), [
    pytest.param(GOOD_UPN, GOOD_UPN, id="permanent"),
    pytest.param(GOOD_UPN.lower(), GOOD_UPN, id="lower-case"),
    pytest.param(f" {GOOD_UPN[:5]} {GOOD_UPN[5:]} ", GOOD_UPN, id="spaces"),
    # DfE temporary UPNs end in a letter; stdnum's check letter sum covers that last letter too.
    pytest.param(make_upn("38020012101T"), make_upn("38020012101T"), id="temporary"),
    pytest.param(make_upn("83820101700A"), make_upn("83820101700A"), id="dorset-2019"),
    pytest.param(make_upn("940200120001"), make_upn("940200120001"), id="north-northants-2021"),
    pytest.param("", None, id="blank"),
])
def test_upn_accepted(value: str, expected: str | None) -> None:
    """Valid UPNs are normalised to capitals; a blank UPN is allowed."""
    assert only_row(one_row(UPN=value)).upn == expected


@pytest.mark.parametrize(("column", "value", "field", "expected"), [
    pytest.param("Legal Forename", "  Mary   Ann ", "legal_forename", "Mary Ann", id="spaces-collapsed"),
    pytest.param("Legal Surname", "Smith-Jones", "surname", "Smith-Jones", id="hyphen"),
    pytest.param("Legal Surname", "D'Arcy", "surname", "D'Arcy", id="apostrophe"),
    pytest.param("Legal Surname", "O\u2019Neill", "surname", "O\u2019Neill", id="curly-apostrophe"),
    pytest.param("Legal Forename", "Zoe\u0308", "legal_forename", "Zoë", id="accent-composed"),
    pytest.param("Legal Forename", "Amelia\u200b", "legal_forename", "Amelia", id="zero-width-space"),
    pytest.param("Preferred Forename", "Millie", "preferred_forename", "Millie", id="preferred"),
    pytest.param("Preferred Forename", "   ", "preferred_forename", "Amelia", id="preferred-blank"),
    pytest.param("Reg Group", "Year 3/4 Willow", "class_name", "Year 3/4 Willow", id="class"),
    pytest.param("Reg Group", "", "class_name", None, id="class-blank"),
])
def test_names_tidied(column: str, value: str, field: str, expected: str | None) -> None:
    """Names keep apostrophes, hyphens and accents; whitespace is tidied."""
    assert getattr(only_row(roster(GOOD_ROW | {column: value})), field) == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("14/10/2016", date(2016, 10, 14)), ("4/7/2016", date(2016, 7, 4)),
    ("14-10-2016", date(2016, 10, 14)), ("14.10.2016", date(2016, 10, 14)),
    ("2016-10-14", date(2016, 10, 14)), ("2016-7-4", date(2016, 7, 4)),
    ("14/10/2016 00:00", date(2016, 10, 14)), ("14/10/2016 00:00:00", date(2016, 10, 14)),
    ("2016-10-14T00:00:00", date(2016, 10, 14)), ("14 Oct 2016", date(2016, 10, 14)),
    ("14 October 2016", date(2016, 10, 14)), ("14-Oct-2016", date(2016, 10, 14)),
    ("03/04/2016", date(2016, 4, 3)),  # always day first, never the US month first
])
def test_dates_accepted(value: str, expected: date) -> None:
    """UK day-first dates in several separators, and ISO dates, are read."""
    assert only_row(one_row(Date_of_Birth=value)).date_of_birth == expected


@pytest.mark.parametrize(("born", "ok"), [
    pytest.param(date(2022, 9, 15), True, id="third-birthday-today"),
    pytest.param(date(2022, 9, 16), False, id="third-birthday-tomorrow"),
    pytest.param(date(2012, 9, 16), True, id="thirteenth-birthday-tomorrow"),
    pytest.param(date(2012, 9, 15), False, id="thirteenth-birthday-today"),
])
def test_age_limits(born: date, ok: bool) -> None:
    """Pupils must be aged 3 to 12 on the day of import."""
    assert parse(one_row(Date_of_Birth=born.strftime("%d/%m/%Y"))).ok is ok


@pytest.mark.parametrize(("value", "expected"), [
    ("F", "F"), ("f", "F"), ("Female", "F"), ("FEMALE", "F"), ("Girl", "F"),
    ("M", "M"), ("m", "M"), ("Male", "M"), ("Boy", "M"), (" boy ", "M"), ("", None),
])
def test_sex_accepted(value: str, expected: str | None) -> None:
    """Sex is F, M or None."""
    assert only_row(one_row(Gender=value)).sex == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("R", 0), ("r", 0), ("Reception", 0), ("Rec", 0), ("YR", 0), ("Year R", 0), ("0", 0),
    ("Year 3", 3), ("Y3", 3), ("3", 3), ("Yr 3", 3), ("Year03", 3), ("NC Year 3", 3),
    ("1", 1), ("Year 6", 6), ("year_2", 2),
])
def test_year_groups_accepted(value: str, expected: int) -> None:
    """Reception is 0 and Years 1 to 6 are 1 to 6, in the spellings MIS products use."""
    date_for_year = {0: "14/10/2020", 1: "14/10/2019", 2: "14/10/2018", 3: "14/10/2017",
                     6: "14/10/2014"}
    assert only_row(one_row(Year=value, Date_of_Birth=date_for_year[expected])).year_group == expected


@pytest.mark.parametrize(("value", "expected"), [
    ("3804001", "3804001"), ("380/4001", "3804001"), ("380 4001", "3804001"),
    ("380-4001", "3804001"), (" 380/4001 ", "3804001"), ("", None),
])
def test_destination_accepted(value: str, expected: str | None) -> None:
    """Destination DfE numbers (LAESTAB) are stored as 7 digits."""
    assert only_row(one_row(Destination=value)).destination == expected


# --- Cell values: problems -----------------------------------------------------------------------

def wrong_check_letter(upn: str) -> str:
    """The same UPN with a different, wrong check letter."""
    return ("A" if upn[0] != "A" else "B") + upn[1:]


CELL_PROBLEMS = [
    # (column, value, code, message after "Row 2, <column>: ")
    ("UPN", wrong_check_letter(GOOD_UPN), "upn_check_letter",
     f"wrong check letter at character 1 — expected '{GOOD_UPN[0]}' for this number; check it "
     "against your MIS."),
    ("UPN", wrong_check_letter(make_upn("83820101700A")), "upn_check_letter",
     f"wrong check letter at character 1 — expected '{make_upn('83820101700A')[0]}' for this "
     "number; check it against your MIS."),
    ("UPN", GOOD_UPN[:-1], "upn_length",
     f"'{GOOD_UPN[:-1]}' has 12 characters, but a UPN has 13 (a check letter, 11 digits, then a "
     "final digit or letter)."),
    ("UPN", GOOD_UPN + "1", "upn_length",
     f"'{GOOD_UPN}1' has 14 characters, but a UPN has 13 (a check letter, 11 digits, then a final "
     "digit or letter)."),
    ("UPN", "H380200O18044", "upn_format",
     "'H380200O18044' has 'O' at character 8, where a UPN has a digit."),
    ("UPN", "H38020011804-", "upn_format",
     "'H38020011804-' ends in '-'; a UPN ends in a digit or a capital letter other than I, O or S."),
    ("UPN", "H38020011804O", "upn_format",
     "'H38020011804O' ends in 'O'; a UPN ends in a digit or a capital letter other than I, O or S."),
    ("UPN", make_upn("999200118044"), "upn_local_authority",
     f"'{make_upn('999200118044')}' has 999 at characters 2 to 4, which is not the number of a local "
     "authority in England; check it against your MIS."),
    ("Legal Forename", "", "blank", "this is blank, but every pupil needs one."),
    ("Legal Surname", "   ", "blank", "this is blank, but every pupil needs one."),
    ("Legal Surname", "=1+2", "formula",
     "'=1+2' starts with '=', so spreadsheets would treat it as a formula; correct it in your MIS."),
    ("Legal Forename", "+44", "formula",
     "'+44' starts with '+', so spreadsheets would treat it as a formula; correct it in your MIS."),
    ("Legal Forename", " -Amy", "formula",
     "'-Amy' starts with '-', so spreadsheets would treat it as a formula; correct it in your MIS."),
    ("Preferred Forename", "@SUM(A1)", "formula",
     "'@SUM(A1)' starts with '@', so spreadsheets would treat it as a formula; correct it in your MIS."),
    ("Legal Surname", "Ali\x07", "control_character",
     "'Ali?' contains a hidden control character; retype it in your MIS."),
    ("Legal Surname", "Ali\nKhan", "line_break",
     "'Ali?Khan' contains a line break; check this row for a stray quote mark (\")."),
    ("Legal Surname", "X" * 101, "too_long",
     f"'{'X' * 39}…' is longer than 100 characters."),
    ("Reg Group", "C" * 61, "too_long", f"'{'C' * 39}…' is longer than 60 characters."),
    ("Date of Birth", "", "blank", "this is blank, but every pupil needs a date of birth."),
    ("Date of Birth", "31/02/2016", "date_not_real", "'31/02/2016' is not a real date (use dd/mm/yyyy)."),
    ("Date of Birth", "29/02/2017", "date_not_real", "'29/02/2017' is not a real date (use dd/mm/yyyy)."),
    ("Date of Birth", "2016-13-01", "date_not_real", "'2016-13-01' is not a real date (use dd/mm/yyyy)."),
    ("Date of Birth", "10/14/2016", "date_month_first",
     "'10/14/2016' is not a real date — it looks like month first; Convo reads dates as "
     "day/month/year (dd/mm/yyyy)."),
    ("Date of Birth", "14/10/16", "date_two_digit_year",
     "'14/10/16' has a two-digit year; use four digits (dd/mm/yyyy)."),
    ("Date of Birth", "42657", "date_serial",
     "'42657' is a spreadsheet date number, not a date; format the column as a date (dd/mm/yyyy) "
     "and export again."),
    ("Date of Birth", "October 2016", "date_format",
     "'October 2016' is not a date Convo can read (use dd/mm/yyyy)."),
    ("Date of Birth", "14 Oct 16", "date_format",
     "'14 Oct 16' is not a date Convo can read (use dd/mm/yyyy)."),
    ("Date of Birth", "14 Foo 2016", "date_format",
     "'14 Foo 2016' is not a date Convo can read (use dd/mm/yyyy)."),
    ("Date of Birth", "01/01/2026", "date_future", "'01/01/2026' is in the future."),
    ("Date of Birth", "14/10/2010", "age_too_old",
     "'14/10/2010' would make the pupil 14, too old for primary school (Convo expects ages 3 to 12); "
     "check the date (dd/mm/yyyy)."),
    ("Date of Birth", "14/10/2023", "age_too_young",
     "'14/10/2023' would make the pupil 1, too young for Reception (Convo expects ages 3 to 12); "
     "check the date (dd/mm/yyyy)."),
    ("Gender", "X", "sex_unknown", "'X' is not recognised; use Female, Male, F or M, or leave it blank."),
    ("Gender", "Not known", "sex_unknown",
     "'Not known' is not recognised; use Female, Male, F or M, or leave it blank."),
    ("Year", "", "blank", "this is blank; use R for Reception, or 1 to 6."),
    ("Year", "Year 9", "year_not_primary",
     "'Year 9' is not a primary year group (Convo covers Reception to Year 6)."),
    ("Year", "7", "year_not_primary", "'7' is not a primary year group (Convo covers Reception to Year 6)."),
    ("Year", "Y13", "year_not_primary",
     "'Y13' is not a primary year group (Convo covers Reception to Year 6)."),
    ("Year", "N", "year_nursery",
     "'N' is a nursery year, and Convo covers Reception to Year 6; leave nursery pupils out of the file."),
    ("Year", "N2", "year_nursery",
     "'N2' is a nursery year, and Convo covers Reception to Year 6; leave nursery pupils out of the file."),
    ("Year", "Nursery", "year_nursery",
     "'Nursery' is a nursery year, and Convo covers Reception to Year 6; leave nursery pupils out of "
     "the file."),
    ("Year", "-1", "year_unknown",
     "'-1' is not a year group Convo recognises (use R or Reception, or 1 to 6)."),
    ("Year", "Year 3/4", "year_unknown",
     "'Year 3/4' is not a year group Convo recognises (use R or Reception, or 1 to 6)."),
    ("Destination", "137000", "destination_urn",
     "'137000' looks like a URN; Convo needs the school's 7-digit DfE number, e.g. 380/4001 (shown on "
     "Get Information about Schools)."),
    ("Destination", "38/4001", "destination_format",
     "'38/4001' is not a DfE number; use the destination school's 7-digit DfE number, e.g. 380/4001 or "
     "3804001, or leave it blank."),
    ("Destination", "0804001", "destination_format",
     "'0804001' is not a DfE number; use the destination school's 7-digit DfE number, e.g. 380/4001 or "
     "3804001, or leave it blank."),
    ("Destination", "TBC", "destination_format",
     "'TBC' is not a DfE number; use the destination school's 7-digit DfE number, e.g. 380/4001 or "
     "3804001, or leave it blank."),
]


@pytest.mark.parametrize(("column", "value", "code", "detail"), CELL_PROBLEMS,
                         ids=[f"{code}:{value[:20]!r}" for _, value, code, _ in CELL_PROBLEMS])
def test_cell_problems(column: str, value: str, code: str, detail: str) -> None:
    """Each bad value gives one plain-English problem naming the row and the column as written."""
    result = parse(roster(GOOD_ROW | {column: value}))
    assert result.problems == [RosterProblem(2, column, f"Row 2, {column}: {detail}", code)]
    assert result.rows == []
    assert not result.ok


def test_one_row_reports_all_its_problems_in_column_order() -> None:
    """Problems do not stop at the first; within a row they follow the file's column order."""
    result = parse(one_row(UPN="X1", Legal_Surname="", Date_of_Birth="31/02/2016", Year="Year 8"))
    assert [(p.line, p.column) for p in result.problems] == [
        (2, "UPN"), (2, "Legal Surname"), (2, "Date of Birth"), (2, "Year")]


# --- Duplicates ----------------------------------------------------------------------------------

def pupil(forename: str, upn: str = "", born: str = "14/10/2016") -> dict[str, str]:
    """A good row for a differently named pupil."""
    return GOOD_ROW | {"Legal Forename": forename, "UPN": upn, "Date of Birth": born}


def test_upn_used_twice_names_both_rows() -> None:
    """A repeated UPN is reported once, on the later row, naming both rows."""
    result = parse(roster(pupil("Amelia", GOOD_UPN), pupil("Omar"), pupil("Ben", GOOD_UPN.lower())))
    assert result.problems == [RosterProblem(
        4, None, f"Row 4: UPN {GOOD_UPN} appears twice (rows 2 and 4).", "upn_repeated")]


def test_upn_used_three_times() -> None:
    """Every row that shares the UPN is listed."""
    result = parse(roster(pupil("Amelia", GOOD_UPN), pupil("Omar", GOOD_UPN), pupil("Ben", GOOD_UPN)))
    assert messages(result) == [f"Row 3: UPN {GOOD_UPN} appears 3 times (rows 2, 3 and 4)."]


def test_repeated_upn_found_even_when_rows_have_other_problems() -> None:
    """A duplicate UPN is still reported when one of the rows is wrong in another way."""
    result = parse(roster(pupil("Amelia", GOOD_UPN), pupil("", GOOD_UPN)))
    # The UPN column comes first in the file, so its problem is listed first.
    assert [(p.line, p.code) for p in result.problems] == [(3, "upn_repeated"), (3, "blank")]


def test_same_pupil_twice_without_upn() -> None:
    """Name and date of birth repeated with no UPN would confuse matching, so it is a problem."""
    result = parse(roster(pupil("Zoë"), pupil("ZOE")))
    assert messages(result) == [
        "Row 3: Zoë Hussain, born 14/10/2016, appears twice without a UPN to tell them apart "
        "(rows 2 and 3)."]


@pytest.mark.parametrize("rows", [
    pytest.param([pupil("Amelia"), pupil("Omar")], id="twins"),
    pytest.param([pupil("Amelia", GOOD_UPN), pupil("Amelia", make_upn("380200116012"))],
                 id="namesakes-with-upns"),
    pytest.param([pupil("Amelia"), pupil("Amelia", born="15/10/2016")], id="different-birthdays"),
])
def test_different_pupils_are_not_duplicates(rows: list[dict[str, str]]) -> None:
    """Twins, or namesakes told apart by UPN or birthday, are fine."""
    assert parse(roster(*rows)).ok


# --- Whole-file problems -------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "code", "message"), [
    pytest.param(b"", "file_empty", "The file is empty.", id="no-bytes"),
    pytest.param(codecs.BOM_UTF8, "file_empty", "The file is empty.", id="bom-only"),
    pytest.param(b"\r\n\r\n  \r\n", "file_empty", "The file is empty.", id="blank-lines"),
    pytest.param(b",,,,\r\n;;\r\n", "file_empty", "The file is empty.", id="empty-cells"),
    pytest.param(codecs.BOM_UTF16_LE, "file_empty", "The file is empty.", id="utf-16-bom-only"),
    pytest.param(b"PK\x03\x04rest-of-zip", "file_xlsx",
                 "This is a spreadsheet or document, not a CSV file; in Excel use File, Save As and "
                 "choose 'CSV UTF-8', then upload that file.", id="xlsx"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "file_xls",
                 "This is a spreadsheet or document, not a CSV file; in Excel use File, Save As and "
                 "choose 'CSV UTF-8', then upload that file.", id="xls"),
    pytest.param(b"%PDF-1.7", "file_pdf",
                 "This is a spreadsheet or document, not a CSV file; in Excel use File, Save As and "
                 "choose 'CSV UTF-8', then upload that file.", id="pdf"),
    pytest.param(b"UPN,Surname\x00,Forename", "file_unreadable",
                 "Convo can't read the text in this file; save it from your MIS or Excel as 'CSV UTF-8' "
                 "and upload it again.", id="nul-bytes"),
    pytest.param("Surname,Forename".encode("utf-16-le"), "file_unreadable",
                 "Convo can't read the text in this file; save it from your MIS or Excel as 'CSV UTF-8' "
                 "and upload it again.", id="utf-16-without-bom"),
    pytest.param(b"Surname,Forename\r\n\x81\x8d\x8f\x90\x9d", "file_unreadable",
                 "Convo can't read the text in this file; save it from your MIS or Excel as 'CSV UTF-8' "
                 "and upload it again.", id="not-any-text-encoding"),
    pytest.param(codecs.BOM_UTF16_LE + b"S\x00u", "file_unreadable",
                 "Convo can't read the text in this file; save it from your MIS or Excel as 'CSV UTF-8' "
                 "and upload it again.", id="truncated-utf-16"),
    pytest.param(b"x" * (MAX_FILE_BYTES + 1), "file_too_big",
                 "The file is larger than 2 MB, far bigger than a primary school roster; check you "
                 "exported the pupil list and not another report.", id="too-big"),
])
def test_whole_file_refused(data: bytes, code: str, message: str) -> None:
    """Files that cannot be a roster get one clear problem and no rows."""
    result = parse(data)
    assert result.problems == [RosterProblem(None, None, message, code)]
    assert result.rows == [] and not result.ok


def test_headings_without_pupils() -> None:
    """A file with only headings is a problem: importing nobody is never intended."""
    assert messages(parse(csv_bytes([HEADER]) + b"\r\n,,,\r\n")) == [
        "The file has column headings but no pupils below them."]


def test_too_many_rows_refused() -> None:
    """More rows than any primary school has is refused outright."""
    rows = [pupil(f"Pupil{number}") for number in range(MAX_PUPIL_ROWS + 1)]
    result = parse(roster(*rows))
    assert result.problems == [RosterProblem(
        None, None, "The file has more than 5,000 pupil rows, more than any primary school; check you "
        "exported only your current pupils.", "file_too_many_rows")]
    assert result.rows == []


def test_largest_allowed_file_is_read() -> None:
    """Exactly the row limit is still read."""
    rows = [pupil(f"Pupil{number}") for number in range(MAX_PUPIL_ROWS)]
    result = parse(roster(*rows))
    assert result.ok and len(result.rows) == MAX_PUPIL_ROWS


def test_stray_quote_mark_is_explained() -> None:
    """An unclosed quote swallows the rows after it; the school is told where to look."""
    good = one_row().decode()
    data = good + '"Unclosed,Amelia,,Hussain,14/10/2016,F,4,,\r\n' + good.splitlines()[1] + "\r\n"
    result = parse(data.encode())
    assert [(p.line, p.code) for p in result.problems][:1] == [(3, "row_unclosed_quote")]
    assert result.problems[0].message == (
        "Row 3: a quote mark (\") in this row is never closed, so the rows after it were read as one "
        "cell; remove the stray quote mark.")


def test_unreadable_headings() -> None:
    """A heading row that the CSV reader cannot finish is refused with a pointer to quote marks."""
    result = parse(b'"' + b"x" * 200_000 + b"\r\n")
    assert messages(result) == [
        "Convo can't read the column headings; check the first row for a stray quote mark (\")."]


def test_unreadable_rows_stop_reading_with_a_problem() -> None:
    """A runaway quoted cell too long to read stops the file at that row, and says so."""
    data = one_row() + b'"' + b"x" * 200_000 + b"\r\n"
    result = parse(data)
    assert [(p.line, p.code) for p in result.problems] == [(3, "file_quoting")]
    assert len(result.rows) == 1


# --- Result shape and translation ----------------------------------------------------------------

def test_result_shape() -> None:
    """Rows and problems are frozen dataclasses; ok reflects whether there are problems."""
    result = parse(one_row())
    assert result.ok and result.problems == []
    with pytest.raises(FrozenInstanceError):
        result.rows[0].surname = "Changed"  # type: ignore[misc]
    assert parse(one_row(Year="Year 9")).ok is False


def test_problems_sorted_by_row_then_column() -> None:
    """File-wide problems come first, then rows in order, then columns in file order."""
    result = parse(roster(pupil("=x", "X"), pupil("Omar", born="31/02/2016"), pupil("Ben", "Y"),
                          header=[*HEADER, "UPN"]))
    assert [(p.line, p.column) for p in result.problems] == [
        (None, "UPN"), (2, "UPN"), (2, "Legal Forename"), (3, "Date of Birth"), (4, "UPN")]


def test_messages_are_plain_strings_outside_flask() -> None:
    """Without a Flask app, Flask-Babel falls back to the untranslated English text."""
    problem = parse(one_row(UPN=wrong_check_letter(GOOD_UPN))).problems[0]
    assert type(problem.message) is str
    assert problem.message.startswith("Row 2, UPN: wrong check letter at character 1")


def write_welsh_catalogue(directory: Path) -> None:
    """Write a tiny Welsh message catalogue covering two roster messages."""
    catalog = Catalog(locale="cy")
    catalog.add("Row %(row)s, %(column)s: %(detail)s", "Rhes %(row)s, %(column)s: %(detail)s")
    catalog.add("'%(value)s' is in the future.", "Mae '%(value)s' yn y dyfodol.")
    (directory / "cy" / "LC_MESSAGES").mkdir(parents=True)
    with open(directory / "cy" / "LC_MESSAGES" / "messages.mo", "wb") as file:
        write_mo(file, catalog)


@pytest.mark.parametrize(("locale", "expected"), [
    ("en_GB", "Row 2, Date of Birth: '01/01/2030' is in the future."),
    ("cy", "Rhes 2, Date of Birth: Mae '01/01/2030' yn y dyfodol."),
])
def test_messages_are_translated_inside_flask(tmp_path: Path, locale: str, expected: str) -> None:
    """Inside a request the message templates go through the app's translations."""
    write_welsh_catalogue(tmp_path)
    app = Flask(__name__)
    Babel(app, locale_selector=lambda: locale, default_translation_directories=str(tmp_path))
    with app.test_request_context():
        assert messages(parse(one_row(Date_of_Birth="01/01/2030"))) == [expected]


# --- Never crashes -------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    """Whatever is uploaded, the result is rows or problems, never an exception."""
    result = parse_roster(data, today=TODAY)
    assert result.ok == (not result.problems)
    assert result.rows or result.problems


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.text(max_size=15), max_size=len(HEADER) + 2), max_size=8),
       st.sampled_from([",", ";", "\t"]), st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_arbitrary_cells_never_raise(cells: list[list[str]], delimiter: str, encoding: str) -> None:
    """Random cell text under real headings gives, for every pupil row, a row or a problem."""
    try:
        data = csv_bytes([HEADER, *cells], delimiter=delimiter, encoding=encoding)
    except UnicodeEncodeError:
        return  # lone surrogates cannot be written to a file at all
    result = parse_roster(data, today=TODAY)
    lines_with_problems = {problem.line for problem in result.problems}
    assert all(row.line not in lines_with_problems for row in result.rows)
    assert result.rows or result.problems
