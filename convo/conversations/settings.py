"""Each year group's conversation settings, with sensible defaults when a school has set none."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models.review import YearGroupSettings

DEFAULT_MINUTES = 15


def settings_for(school_id: int, year_group: int) -> YearGroupSettings:
    """The saved settings for a year group, or the defaults (not saved) when there are none."""
    found = db.session.scalar(select(YearGroupSettings).where(
        YearGroupSettings.school_id == school_id, YearGroupSettings.year_group == year_group))
    return found or YearGroupSettings(school_id=school_id, year_group=year_group, sessions=[],
                                      minutes=DEFAULT_MINUTES, picture_passwords=False)
