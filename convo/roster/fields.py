"""Checking one roster cell at a time: UPNs, names, dates, sex, year groups and destinations."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidFormat,
    InvalidLength,
    ValidationError,
)
from stdnum.gb import upn as stdnum_upn

# Local authorities created after python-stdnum's list (taken from the DfE's 2011 codes) was written.
# Their schools issue UPNs with these numbers, so without them real pupils would be rejected.
NEWER_LA_NUMBERS = frozenset({
    838,  # Dorset (2019)
    839,  # Bournemouth, Christchurch and Poole (2019)
    940,  # North Northamptonshire (2021)
    941,  # West Northamptonshire (2021)
    942,  # Cumberland (2023)
    943,  # Westmorland and Furness (2023)
})

# Spreadsheets run a cell starting with one of these as a formula when a CSV is opened.
FORMULA_STARTS = ("=", "+", "-", "@")
MAX_NAME_LENGTH = 100
MAX_CLASS_LENGTH = 60
YOUNGEST_AGE = 3
OLDEST_AGE = 12

# Invisible characters that creep in when names are copied from web pages or Word.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u2060\ufeff"))
_SEX = {"f": "F", "female": "F", "girl": "F", "m": "M", "male": "M", "boy": "M"}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_UK_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})")
_WORDY_DATE = re.compile(r"(\d{1,2})[ -]([a-z]{3,9})[ -](\d{4})", re.IGNORECASE)
# Excel adds a midnight time when a date column is saved as date-and-time.
_MIDNIGHT = re.compile(r"[ T]00:00(:00(\.0+)?)?$")
_YEAR_GROUP = re.compile(r"(?:nc)?(?:year|yr|y)?(r|rec|reception|\d{1,2})")
_NURSERY = re.compile(r"(?:year|yr|y)?(?:n|nur|nursery|pn|prenursery)[12]?")
_LAESTAB = re.compile(r"(\d{3})\s*[/\-\s]?\s*(\d{4})")


class CellProblem(Exception):
    """A cell that cannot be imported, with a translatable reason a school office can act on."""

    def __init__(self, code: str, detail: LazyString) -> None:
        """Keep a stable code for programs and the plain-English detail for people."""
        super().__init__(code)
        self.code = code
        self.detail = detail


def shown(value: str, limit: int = 40) -> str:
    """Return a cell value safe and short enough to quote back in a message."""
    visible = "".join("?" if unicodedata.category(char) == "Cc" else char for char in value.strip())
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"


def clean_upn(raw: str) -> str | None:
    """Return the UPN in capitals, None when blank, or raise CellProblem explaining what is wrong."""
    number = stdnum_upn.compact(raw)
    if not number:
        return None
    value = shown(raw)
    if len(number) != 13:
        raise CellProblem("upn_length", _l(
            "'%(value)s' has %(count)s characters, but a UPN has 13 (a check letter, 11 digits, "
            "then a final digit or letter).", value=value, count=len(number)))
    # Checked here because stdnum's digit test lets a trailing line break through to a crash.
    for position, char in enumerate(number[1:12], start=2):
        if char not in "0123456789":
            raise CellProblem("upn_format", _l(
                "'%(value)s' has '%(char)s' at character %(position)s, where a UPN has a digit.",
                value=value, char=char, position=position))
    try:
        return stdnum_upn.validate(number)
    except InvalidFormat:
        # Only the last character is left: temporary UPNs end in a letter, but never I, O or S.
        raise CellProblem("upn_format", _l(
            "'%(value)s' ends in '%(char)s'; a UPN ends in a digit or a capital letter other than "
            "I, O or S.", value=value, char=number[12])) from None
    except InvalidChecksum:
        raise _wrong_check_letter(number) from None
    except InvalidComponent:
        if int(number[1:4]) not in NEWER_LA_NUMBERS:
            raise CellProblem("upn_local_authority", _l(
                "'%(value)s' has %(la)s at characters 2 to 4, which is not the number of a local "
                "authority in England; check it against your MIS.",
                value=value, la=number[1:4])) from None
        if stdnum_upn.calc_check_digit(number[1:]) != number[0]:
            raise _wrong_check_letter(number) from None
        return number
    except (InvalidLength, ValidationError):
        raise CellProblem("upn_format", _l(
            "'%(value)s' is not a valid UPN; check it against your MIS.", value=value)) from None


def _wrong_check_letter(number: str) -> CellProblem:
    """Build the DfE-worded problem for a UPN whose first letter does not match the rest."""
    return CellProblem("upn_check_letter", _l(
        "wrong check letter at character 1 — expected '%(expected)s' for this number; "
        "check it against your MIS.", expected=stdnum_upn.calc_check_digit(number[1:])))


def clean_name(raw: str, *, required: bool, max_length: int = MAX_NAME_LENGTH) -> str | None:
    """Return a tidied name (or class), None when blank and optional, or raise CellProblem."""
    if "\n" in raw or "\r" in raw:
        # A line break inside a cell almost always means an unmatched quote mark swallowed rows.
        raise CellProblem("line_break", _l(
            "'%(value)s' contains a line break; check this row for a stray quote mark (\").",
            value=shown(raw)))
    value = unicodedata.normalize("NFC", " ".join(raw.translate(_INVISIBLE).split()))
    if not value:
        if required:
            raise CellProblem("blank", _l("this is blank, but every pupil needs one."))
        return None
    if any(unicodedata.category(char) == "Cc" for char in value):
        raise CellProblem("control_character", _l(
            "'%(value)s' contains a hidden control character; retype it in your MIS.",
            value=shown(value)))
    if value.startswith(FORMULA_STARTS):
        raise CellProblem("formula", _l(
            "'%(value)s' starts with '%(char)s', so spreadsheets would treat it as a formula; "
            "correct it in your MIS.", value=shown(value), char=value[0]))
    if len(value) > max_length:
        raise CellProblem("too_long", _l(
            "'%(value)s' is longer than %(limit)s characters.", value=shown(value), limit=max_length))
    return value


def clean_date_of_birth(raw: str) -> date:
    """Read a UK-style (day first) or ISO date of birth, or raise CellProblem; never month first."""
    text = _MIDNIGHT.sub("", raw.strip())
    value = shown(raw)
    if not text:
        raise CellProblem("blank", _l("this is blank, but every pupil needs a date of birth."))
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _UK_DATE.fullmatch(text):
        day, month, year = int(match[1]), int(match[3]), match[4]
        if len(year) == 2:
            raise CellProblem("date_two_digit_year", _l(
                "'%(value)s' has a two-digit year; use four digits (dd/mm/yyyy).", value=value))
        year = int(year)
    elif (match := _WORDY_DATE.fullmatch(text)) and match[2].lower() in _MONTHS:
        day, month, year = int(match[1]), _MONTHS[match[2].lower()], int(match[3])
    elif text.isdigit() and len(text) == 5:
        raise CellProblem("date_serial", _l(
            "'%(value)s' is a spreadsheet date number, not a date; format the column as a date "
            "(dd/mm/yyyy) and export again.", value=value))
    else:
        raise CellProblem("date_format", _l(
            "'%(value)s' is not a date Convo can read (use dd/mm/yyyy).", value=value))
    try:
        return date(year, month, day)
    except ValueError:
        # Only a day-first date can be a US month-first date in disguise.
        if month > 12 and day <= 12 and not _ISO_DATE.fullmatch(text):
            raise CellProblem("date_month_first", _l(
                "'%(value)s' is not a real date — it looks like month first; Convo reads dates as "
                "day/month/year (dd/mm/yyyy).", value=value)) from None
        raise CellProblem("date_not_real", _l(
            "'%(value)s' is not a real date (use dd/mm/yyyy).", value=value)) from None


def check_primary_age(born: date, raw: str, *, today: date) -> None:
    """Raise CellProblem unless a pupil born on this date is aged 3 to 12 today."""
    value = shown(raw)
    if born > today:
        raise CellProblem("date_future", _l("'%(value)s' is in the future.", value=value))
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if age < YOUNGEST_AGE:
        raise CellProblem("age_too_young", _l(
            "'%(value)s' would make the pupil %(age)s, too young for Reception (Convo expects ages "
            "3 to 12); check the date (dd/mm/yyyy).", value=value, age=age))
    if age > OLDEST_AGE:
        raise CellProblem("age_too_old", _l(
            "'%(value)s' would make the pupil %(age)s, too old for primary school (Convo expects "
            "ages 3 to 12); check the date (dd/mm/yyyy).", value=value, age=age))


def clean_sex(raw: str) -> str | None:
    """Return "F", "M" or None (blank), or raise CellProblem for anything else."""
    text = raw.strip()
    if not text:
        return None
    if (sex := _SEX.get(text.lower())) is None:
        raise CellProblem("sex_unknown", _l(
            "'%(value)s' is not recognised; use Female, Male, F or M, or leave it blank.",
            value=shown(raw)))
    return sex


def clean_year_group(raw: str) -> int:
    """Return 0 for Reception or 1 to 6, or raise CellProblem for nursery, secondary or unknown years."""
    # Spaces, dots and underscores vary between MIS exports ("Year 3", "Yr.3", "Y_3"); a minus does not.
    key = re.sub(r"[\s._]", "", raw.lower())
    value = shown(raw)
    if not key:
        raise CellProblem("blank", _l("this is blank; use R for Reception, or 1 to 6."))
    if match := _YEAR_GROUP.fullmatch(key):
        if match[1] in ("r", "rec", "reception"):
            return 0
        if int(match[1]) <= 6:
            return int(match[1])
        raise CellProblem("year_not_primary", _l(
            "'%(value)s' is not a primary year group (Convo covers Reception to Year 6).",
            value=value))
    if _NURSERY.fullmatch(key):
        raise CellProblem("year_nursery", _l(
            "'%(value)s' is a nursery year, and Convo covers Reception to Year 6; leave nursery "
            "pupils out of the file.", value=value))
    raise CellProblem("year_unknown", _l(
        "'%(value)s' is not a year group Convo recognises (use R or Reception, or 1 to 6).",
        value=value))


def clean_destination(raw: str) -> str | None:
    """Return the destination school's 7-digit DfE number (LAESTAB), None when blank, or raise."""
    text = raw.strip()
    if not text:
        return None
    value = shown(raw)
    # LA numbers run from 201 upwards, so a DfE number never starts with 0.
    if (match := _LAESTAB.fullmatch(text)) and not text.startswith("0"):
        return match[1] + match[2]
    if text.isdigit() and len(text) == 6:
        raise CellProblem("destination_urn", _l(
            "'%(value)s' looks like a URN; Convo needs the school's 7-digit DfE number, "
            "e.g. 380/4001 (shown on Get Information about Schools).", value=value))
    raise CellProblem("destination_format", _l(
        "'%(value)s' is not a DfE number; use the destination school's 7-digit DfE number, "
        "e.g. 380/4001 or 3804001, or leave it blank.", value=value))
