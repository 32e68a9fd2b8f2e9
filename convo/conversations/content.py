"""The conversation content and engine, loaded once per process."""
from __future__ import annotations

from functools import cache
from typing import Any

from ..engine import Engine, load_content


def analyse_for_engine(text: str, year_group: Any) -> dict:
    """Run the understanding layer and hand the engine its plain-dict result."""
    from ..understanding import analyse
    return analyse(text, year_group).to_dict()


@cache
def engine() -> Engine:
    """The engine over the checked content in prompts/; loaded on first use, then shared."""
    return Engine(load_content(), analyse=analyse_for_engine)


#: The order sessions run in through a school year, until the school chooses its own.
SCHOOL_YEAR_ORDER = ("things_i_love", "jobs_i_know", "jobs_in_my_community", "skills_and_subjects",
                     "never_thought_of", "then_and_now", "moving_to_secondary")
