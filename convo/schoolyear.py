"""School years and year groups, the way schools in England name them."""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _

#: Reception is year group 0; Convo covers Reception to Year 6.
YEAR_GROUPS = range(0, 7)


def academic_year_for(day: date) -> int:
    """The academic year a day falls in, named by its starting calendar year (Sept to Aug)."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_starts(year: int) -> date:
    """The first day of an academic year (1 September), named by its starting calendar year."""
    return date(year, 9, 1)


def academic_year_ends(year: int) -> date:
    """The last day of an academic year (31 August of the next calendar year)."""
    return date(year + 1, 8, 31)


def current_academic_year() -> int:
    """The academic year today falls in."""
    return academic_year_for(date.today())


def term_for(day: date) -> str:
    """The school term a day falls in, e.g. "2026-autumn" (Sept–Dec, Jan–Mar spring, Apr–Aug summer)."""
    season = "autumn" if day.month >= 9 else "spring" if day.month <= 3 else "summer"
    return f"{academic_year_for(day)}-{season}"


def current_term() -> str:
    """The school term today falls in."""
    return term_for(date.today())


def academic_year_label(year: int) -> str:
    """Name an academic year as schools write it, e.g. 2026/27."""
    return f"{year}/{(year + 1) % 100:02d}"


def year_label(year_group: int) -> str:
    """Name a year group: Reception, Year 1 … Year 6."""
    if year_group == 0:
        return _("Reception")
    return _("Year %(number)d", number=year_group)


def key_stage_band(year_group: int) -> str:
    """The age band a year group's conversations are written for."""
    if year_group == 0:
        return "reception"
    if year_group <= 2:
        return "ks1"
    if year_group <= 4:
        return "lower_ks2"
    return "upper_ks2"


def init_app(app) -> None:
    """Let templates name year groups, their age bands and academic years."""
    app.jinja_env.globals.update(year_label=year_label, academic_year_label=academic_year_label,
                                 key_stage_band=key_stage_band)
