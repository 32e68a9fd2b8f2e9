"""Split an answer into clauses and work out whose wish each job in it is."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .data import load_yaml
from .lexicon import phrase_words
from .pattern_index import PatternIndex
from .patterns import Pattern, Prepared, Span, compile_many

OWN, SOMEONE_ELSES_JOB, SOMEONE_ELSES_WISH, REJECTED = "own", "someone_elses_job", "someone_elses_wish", "rejected"
CUE_KINDS = (OWN, SOMEONE_ELSES_JOB, SOMEONE_ELSES_WISH, REJECTED)
_CUE_FILE_KEYS = {OWN: "own", SOMEONE_ELSES_JOB: "someone_elses_job", SOMEONE_ELSES_WISH: "someone_elses_wish", REJECTED: "rejects"}

#: Clause kinds that never hold a new aspiration of the pupil's own.
ASIDE = frozenset({"reason", "compare"})


@dataclass(frozen=True, slots=True)
class Clause:
    """Words [start, end) of an utterance, and the word that joined it to the one before."""

    start: int
    end: int
    joined_by: str


@dataclass(frozen=True, slots=True)
class Cue:
    """A phrase that says whose wish follows, at a word position."""

    kind: str
    start: int
    end: int


@cache
def wish_rules() -> dict[str, list[Pattern]]:
    """Compiled cue patterns by kind, plus the "same as my dad" patterns."""
    data = load_yaml("wishes.yaml")
    groups = data["groups"]
    rules = {kind: compile_many(data[key], groups) for kind, key in _CUE_FILE_KEYS.items()}
    rules["same_as"] = compile_many(data["same_as"], groups)
    return rules


@cache
def clause_starts() -> dict[tuple[str, ...], str]:
    """Phrases that start a clause, mapped to the kind of join ("and", "or", "reason"...)."""
    table: dict[tuple[str, ...], str] = {}
    for kind, phrases in load_yaml("wishes.yaml")["clause_starts"].items():
        for phrase in phrases:
            table.setdefault(phrase_words(str(phrase)), kind)
    return table


def split_clauses(words: list[str]) -> list[Clause]:
    """Cut at punctuation and at joining words ("and", "or", "then", "but", "because", "like my")."""
    starts = clause_starts()
    longest = max(len(k) for k in starts)
    clauses: list[Clause] = []
    begin, joined_by, i = 0, "start", 0
    while i < len(words):
        word = words[i]
        if word in {".", ","}:
            if i > begin:
                clauses.append(Clause(begin, i, joined_by))
            joined_by = "sentence" if word == "." else "comma"
            begin = i = i + 1
            continue
        for size in range(min(longest, len(words) - i), 0, -1):
            kind = starts.get(tuple(words[i:i + size]))
            if kind is not None and i > begin:
                clauses.append(Clause(begin, i, joined_by))
                begin, joined_by = i, kind
                i += size - 1
                break
            if kind is not None and i == begin and joined_by in {"start", "sentence", "comma"}:
                joined_by = kind
                break
        i += 1
    if begin < len(words):
        clauses.append(Clause(begin, len(words), joined_by))
    return clauses


@cache
def cue_index() -> PatternIndex[str]:
    """Cue patterns filed by the words they need, with their kind."""
    rules = wish_rules()
    return PatternIndex([(pattern, kind) for kind in CUE_KINDS for pattern in rules[kind]])


def find_cues(prepared: Prepared) -> list[Cue]:
    """Every cue in the utterance, in order."""
    cues = [
        Cue(kind, span.start, span.end)
        for pattern, kind in cue_index().candidates(prepared)
        for span in prepared.search_all(pattern)
    ]
    return sorted(cues, key=lambda c: (c.start, CUE_KINDS.index(c.kind)))


@cache
def interest_words() -> frozenset[str]:
    """Words that show an interest rather than a job ("i love drawing")."""
    return frozenset(str(w) for w in load_yaml("wishes.yaml").get("interests") or ())


def wants_same_as_someone(prepared: Prepared, clause: Clause) -> bool:
    """True when the pupil says they want to do what someone else does ("one too", "same as my dad")."""
    return any(prepared.search(p, Span(clause.start, clause.end)) for p in wish_rules()["same_as"])


def status_at(position: int, clause: Clause, cues: list[Cue], inherited: str) -> str:
    """Whose wish a job at this word position is: the nearest cue before it in its clause."""
    status = inherited
    for cue in cues:
        if cue.start > position:
            break
        if cue.start >= clause.start or (cue.end > clause.start and cue.start < position):
            status = cue.kind
    if status == REJECTED and clause.joined_by == "condition":
        # "if i cant be a footballer then a coach": a hoped-for job, not a rejected one.
        return OWN
    return status


def status_after(clause: Clause, cues: list[Cue], inherited: str) -> str:
    """The status a clause hands on to the next one."""
    return status_at(clause.end - 1, clause, cues, inherited) if clause.end > clause.start else inherited
