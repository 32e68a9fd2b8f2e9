"""Year groups and the age bands they belong to."""

from __future__ import annotations

import re
from typing import Any

YEAR_TO_BAND: dict[int, str] = {0: "reception", 1: "ks1", 2: "ks1", 3: "lower_ks2", 4: "lower_ks2",
                                5: "upper_ks2", 6: "upper_ks2"}


def normal_year(year_group: Any) -> int:
    """A year group as a number, Reception being 0: accepts 0-6, "R", "Reception", "Y3", "Year 3"."""
    if isinstance(year_group, bool):
        raise ValueError(f"Not a primary year group: {year_group!r}")
    if isinstance(year_group, int):
        year = year_group
    else:
        text = str(year_group).strip().lower()
        if text in ("r", "yr", "rec", "reception", "year r"):
            return 0
        match = re.fullmatch(r"(?:y|year\s*)?(\d)", text)
        if not match:
            raise ValueError(f"Not a primary year group: {year_group!r}")
        year = int(match.group(1))
    if year not in YEAR_TO_BAND:
        raise ValueError(f"Not a primary year group: {year_group!r}")
    return year


def band_for_year(year_group: Any) -> str:
    """The age band for a year group: R -> reception, Y1-2 -> ks1, Y3-4 -> lower_ks2, Y5-6 -> upper_ks2."""
    return YEAR_TO_BAND[normal_year(year_group)]
