"""Voice rules for the app's own lines, from the DfE generative AI product safety standards.

The app must not sound like a person: no "I", no name, no persona; no flattery
("That's a brilliant idea - you should do it!" is the standards' own example); no
pressure or streaks; never "trust me" or "don't tell anyone"; and "ask a grown-up"
nudges. Choice and card labels are the pupil's own answer words ("I think the
same"), so the first-person rule skips them; every other rule applies to them too.

"We", "us" and "our" are allowed on purpose. In a school the app speaks for the
school, the way a worksheet does ("We don't need that here"; "A grown-up at school
will help"). The standards' concern is a persona that implies one individual the
child might bond with; a collective "we" does not, and any secrecy that "we/our"
could carry ("our secret", "between us") is caught by its own rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Line

APOSTROPHE = "['\u2019]"
FIRST_PERSON = re.compile(
    rf"(?<![\w'\u2019])I(?:{APOSTROPHE}(?:m|ll|ve|d))?(?![\w'\u2019])|\b(?:[Mm]e|[Mm]y|[Mm]ine|[Mm]yself)\b"
)


def _phrases(*phrases: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any phrase as whole words."""
    body = "|".join(p.replace("'", APOSTROPHE).replace(" ", r"\s+") for p in phrases)
    return re.compile(rf"\b(?:{body})\b", re.IGNORECASE)


FLATTERY = _phrases(
    "brilliant", "amazing", "awesome", "fantastic", "superb", "perfect", "genius", "incredible",
    "outstanding", "so clever", "so smart", "great idea", "great choice", "good choice", "best idea",
    "well done", "good job", "proud of you", "you should do it", "you'd be great", "you would be great",
    "you will be great", "you'll be great", "you're so", "you are so",
)
PRESSURE = _phrases(
    "you must", "you have to", "you need to", "hurry", "streak", "don't give up",
    "do not give up", "keep going", "come back tomorrow", "don't stop", "last chance", "too late",
    "don't miss", "everyone else",
)
SECRECY = _phrases(
    "trust me", "trust us", "you can trust", "secret", "secrets", "don't tell", "do not tell",
    "no one will know", "nobody will know", "no one needs to know", "between us", "just between",
    "won't tell", "will not tell", "promise not to tell", "keep it to yourself",
)
PERSONA = re.compile(
    r"\b(?:my name|our name|call me|call us|your friend|your buddy|your pal|chatbot|chat bot|bot)\b"
    r"|\bAI\b|\brobot friend\b",
    re.IGNORECASE,
)
GROWN_UP = re.compile(r"\bgrown[- ]ups?\b", re.IGNORECASE)


def voice_problems(line: Line) -> Iterator[tuple[str, str]]:
    """(code, message) for each voice rule this line breaks."""
    text = line.text
    if line.kind == "say":
        match = FIRST_PERSON.search(text)
        if match:
            yield "CP301", (f"'{match.group(0)}' makes the app sound like a person. Say it without first "
                            "person, or as the school ('we').")
    for code, pattern, why in (
        ("CP302", FLATTERY, "is flattery; describe, don't praise the choice"),
        ("CP303", PRESSURE, "puts pressure on the pupil; keep it optional"),
        ("CP304", SECRECY, "asks for trust or secrecy; a grown-up at school can always read this"),
        ("CP305", PERSONA, "gives the app a name or persona"),
    ):
        match = pattern.search(text)
        if match:
            yield code, f"'{match.group(0)}' {why}."


def has_grown_up_nudge(lines: list[Line]) -> bool:
    """Whether any of these lines points the pupil to a grown-up."""
    return any(GROWN_UP.search(line.text) for line in lines if line.kind == "say")
