"""The content model: what the loader builds from `prompts/` and the runtime reads.

Everything here is plain, immutable-by-convention data. Line ids are composed from
the stable keys writers choose in the YAML (band, session, node, local id), so a
translation keyed by line id survives rewording of neighbouring lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: The four age bands, youngest first.
BANDS: tuple[str, ...] = ("reception", "ks1", "lower_ks2", "upper_ks2")
#: Bands whose pupils answer only by tapping picture cards and yes/no faces.
TAPPING_BANDS: frozenset[str] = frozenset({"reception", "ks1"})
#: The six kinds of stereotype the understanding layer can report.
STEREOTYPE_KINDS: tuple[str, ...] = (
    "gender", "ability", "social_class", "ethnicity_or_religion", "disability", "age",
)
#: What a typed answer is about, which decides what gets recorded from it.
LISTEN_FOR: tuple[str, ...] = ("job", "interest", "skill", "find_out_at_secondary", "anything")
#: What choosing a card records ("known_job" only on job cards: a job the pupil knows, not wants).
CARD_RECORDS: tuple[str, ...] = ("interest", "skill", "subject", "find_out_at_secondary", "known_job")
#: Context a node may branch on or show.
CONTEXT_KEYS: tuple[str, ...] = ("last_aspiration",)
#: The three answers to "What do you think now?" after a stereotype challenge.
VIEW_CHOICES: tuple[str, ...] = ("changed", "same", "unsure")
#: Reply lines every band must provide (the engine says them on its own).
REPLY_LINES: tuple[str, ...] = (
    "concern", "concern_end", "personal_details", "not_understood", "confirm_job",
    "confirm_other_job", "job_not_right", "likes", "knows_someone", "view_question",
    "follow_up", "stopped",
)
#: Word-button choices every band must label.
REPLY_CHOICES: tuple[str, ...] = ("yes", "no", "changed", "same", "unsure", "not_sure")
#: Placeholders a line may use, by where the line lives.
PLACEHOLDERS: dict[str, frozenset[str]] = {
    "session": frozenset({"last_title", "last_said"}),
    "replies": frozenset({"title"}),
    "jobs": frozenset(),
    "challenges": frozenset(),
}


@dataclass(frozen=True)
class Source:
    """Where a statistic shown to a pupil comes from."""

    key: str
    publisher: str
    title: str
    year: int
    url: str


@dataclass(frozen=True)
class Line:
    """One pupil-facing line: something said, a word choice, or a card label."""

    id: str
    band: str
    text: str
    kind: str  # "say", "choice" or "card"
    file: str
    lineno: int
    source: str | None = None  # key into the file's sources table
    placeholders: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Card:
    """A picture card (or word choice) the pupil can tap."""

    id: str
    label: Line | None  # None for a job card: the band's jobs file supplies it
    icon: str | None
    next: str | None = None
    job: str | None = None
    records: str | None = None
    subjects: tuple[str, ...] = ()
    stereotype: str | None = None
    fantasy: str | None = None
    lineno: int = 0


@dataclass(frozen=True)
class Node:
    """One point in a session graph: lines to say, then a way on."""

    id: str
    lineno: int
    say: tuple[Line, ...] = ()
    cards: tuple[Card, ...] | None = None
    yes_no: dict[str, str] | None = None  # {"yes": node, "no": node}
    records: str | None = None  # what a yes/no answer records ("then_and_now")
    text: str | None = None  # listen_for, when the pupil may type
    next: str | None = None
    end: bool = False
    when: str | None = None
    then: str | None = None
    otherwise: str | None = None
    show: str | None = None
    revisit: str | None = None

    def targets(self) -> list[str]:
        """Every node this node can lead to."""
        found = [t for t in (self.next, self.then, self.otherwise) if t]
        found += list((self.yes_no or {}).values())
        found += [c.next for c in self.cards or () if c.next]
        return found

    @property
    def form(self) -> str | None:
        """The kind of answer this node asks for, if any."""
        if self.text is not None:
            return "text"
        if self.cards is not None:
            return "cards"
        if self.yes_no is not None:
            return "yes_no"
        return None


@dataclass(frozen=True)
class Session:
    """One conversation for one age band."""

    id: str
    band: str
    title: str
    minutes: int
    start: str
    nodes: dict[str, Node]
    file: str
    lineno: int
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Job:
    """A job a band can show as a picture card and describe in a line."""

    id: str
    soc2020: str
    title: str
    family: str
    icon: str
    label: Line
    says: Line
    lineno: int


@dataclass(frozen=True)
class Bridge:
    """Lines plus job cards that lead from a fantasy or "not sure" answer to real jobs."""

    key: str
    say: tuple[Line, ...]
    jobs: tuple[str, ...]
    lineno: int


@dataclass(frozen=True)
class Replies:
    """A band's own words for everything the engine says outside a session graph."""

    band: str
    file: str
    lines: dict[str, Line]
    choices: dict[str, Card]
    likes_cards: tuple[Card, ...]
    follow_up: dict[str, Line]
    unsure: Bridge
    fantasy: dict[str, Bridge]
    stereotypes: dict[str, tuple[Line, ...]]


@dataclass(frozen=True)
class Challenge:
    """A proactive "did you know" for a job strongly skewed in the workforce."""

    key: str
    soc2020: tuple[str, ...]
    lines: dict[str, Line]  # by band
    lineno: int


@dataclass
class Content:
    """Everything loaded from a prompts directory."""

    root: str
    sessions: dict[tuple[str, str], Session] = field(default_factory=dict)
    jobs: dict[str, dict[str, Job]] = field(default_factory=dict)  # band -> id -> job
    replies: dict[str, Replies] = field(default_factory=dict)
    challenges: dict[str, Challenge] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)

    def session(self, band: str, session_id: str) -> Session:
        """The session with this id in this band."""
        return self.sessions[(band, session_id)]

    def challenge_for(self, soc2020: str) -> Challenge | None:
        """The proactive challenge keyed by this SOC 2020 unit group, if any."""
        for challenge in self.challenges.values():
            if soc2020 in challenge.soc2020:
                return challenge
        return None

    def job_for(self, band: str, soc2020: str, title: str = "") -> Job | None:
        """The band's job card with this title, else (when no title is given) this SOC 2020 code."""
        jobs = self.jobs.get(band, {}).values()
        # Title first: "astronaut" shares a unit group with pilots, and must not be shown a pilot.
        if title:
            return next((job for job in jobs if job.title == title.lower()), None)
        return next((job for job in jobs if job.soc2020 == soc2020), None)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, with a stable code and where to fix it."""

    code: str
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        """The `file:line CODE message` form the command prints."""
        return f"{self.file}:{self.line} {self.code} {self.message}"
