"""analyse(): one pupil utterance in, everything the conversation needs to know out."""
from __future__ import annotations

from dataclasses import dataclass, field

from .aspirations import Aspiration, find_aspirations
from .personal_details import find_details, kinds_in_order, redact
from .reading import read
from .safeguarding import NO_CONCERN, Safeguarding, check
from .stereotypes import find_stereotype
from .unsure import is_unsure


@dataclass(frozen=True)
class Analysis:
    """What one utterance says: aspirations, fantasy/unsure, stereotype, safeguarding, personal details."""

    aspirations: tuple[Aspiration, ...] = ()
    fantasy: bool = False
    unsure: bool = False
    stereotype: str | None = None
    safeguarding: Safeguarding = field(default=NO_CONCERN)
    personal_details: tuple[str, ...] = ()
    redacted: str = ""

    def to_dict(self) -> dict[str, object]:
        """The JSON shape the conversation engine and `convo analyse` use."""
        return {
            "aspirations": [a.to_dict() for a in self.aspirations],
            "fantasy": self.fantasy,
            "unsure": self.unsure,
            "stereotype": self.stereotype,
            "safeguarding": self.safeguarding.to_dict(),
            "personal_details": list(self.personal_details),
            "redacted": self.redacted,
        }


def analyse(text: object, year_group: object = None) -> Analysis:
    """Understand one utterance. Never raises for any text; pure, offline and fast."""
    reading = read(text, year_group)
    details = find_details(reading.text)
    redacted = redact(reading.text, details)
    if not reading.tokens:
        return Analysis(redacted=redacted)
    found = find_aspirations(reading)
    if details and found.aspirations:
        # Jobs found beside a personal detail are read again from the redacted words, so a name,
        # e-mail or address never comes back as an aspiration's "said" ("my name is Tom Farmer" is
        # not a wish to farm). Redaction only takes words away, so it cannot add a job.
        found = find_aspirations(read(redacted, year_group))
    stereotype = find_stereotype(reading.prepared)
    # "only boys can be builders" voices a belief; it is not the pupil's own wish.
    aspirations = () if stereotype and not found.wished else found.aspirations
    return Analysis(
        aspirations=aspirations,
        fantasy=found.fantasy,
        unsure=is_unsure(reading.prepared, len(found.aspirations)),
        stereotype=stereotype,
        safeguarding=check(reading.prepared),
        personal_details=tuple(kinds_in_order(details)),
        redacted=redacted,
    )
