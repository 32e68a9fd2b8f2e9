"""The pupil's own job aspirations, in the order mentioned, coded to SOC 2020."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .clauses import (
    ASIDE, OWN, SOMEONE_ELSES_JOB, Clause, find_cues, interest_words, split_clauses, status_after, status_at,
    wants_same_as_someone,
)
from .data import load_yaml
from .follow_ups import specialise
from .lexicon import FANTASY, FANTASY_AS_ROLE, JOB, Term, lexicon
from .occupations import TermHit, find_terms
from .pattern_index import PatternIndex
from .patterns import Pattern, Span, compile_many
from .reading import Reading, speller

#: Only the start of a very long answer is searched for jobs (keeps every answer fast).
MAX_WORDS = 300

#: Words that may sit between "be" and the role itself ("be a really famous ...").
_ROLE_FILLERS = frozenset(
    "a an the some kind sort of real really proper big little famous professional pro good best "
    "top great amazing cool magic evil pink super very".split()
)
_ROLE_VERBS = frozenset("be become becoming being am as into is".split())


@dataclass(frozen=True)
class Aspiration:
    """One job the pupil would like to do."""

    said: str
    soc2020: str
    title: str
    family: str
    needs_follow_up: bool

    def to_dict(self) -> dict[str, object]:
        """The JSON shape the conversation engine reads."""
        return {
            "said": self.said,
            "soc2020": self.soc2020,
            "title": self.title,
            "family": self.family,
            "needs_follow_up": self.needs_follow_up,
        }


@dataclass(frozen=True)
class Found:
    """What the pupil would like to be: real jobs, whether a fantasy role was named, and whether
    they said "I want" (or similar) anywhere."""

    aspirations: tuple[Aspiration, ...]
    fantasy: bool
    wished: bool = False


@cache
def description_index() -> PatternIndex[Term]:
    """Description patterns filed by the words they need."""
    return PatternIndex(description_rules())


@cache
def description_rules() -> list[tuple[Pattern, Term]]:
    """Compiled "describes the work" patterns with the job each one means."""
    data = load_yaml("descriptions.yaml")
    by_title = lexicon().by_title
    rules: list[tuple[Pattern, Term]] = []
    for entry in data["descriptions"]:
        term = by_title[entry["title"].lower()]
        rules.extend((p, term) for p in compile_many(entry["said"], data["groups"]))
    return rules


def in_role_position(words: list[str], start: int, clause: Clause) -> bool:
    """True when the word at start is what the pupil wants to BE ("be a dog", or the whole answer)."""
    i = start - 1
    while i >= clause.start and words[i] in _ROLE_FILLERS:
        i -= 1
    return i < clause.start or words[i] in _ROLE_VERBS


def _index_word_out_of_place(words: list[str], hit: TermHit, clause: Clause) -> bool:
    """An ONS index title that is one word or everyday words ("help", "reader") only counts as the role."""
    term = hit.term
    if not term.from_index or (hit.end - hit.start > 1 and not term.everyday):
        return False
    start, end = hit.start + clause.start, hit.end + clause.start
    if not in_role_position(words, start, clause):
        return True
    # Everyday words ("help") must follow "be"/"as", or be the whole answer.
    before = start - 1
    while before >= clause.start and words[before] in _ROLE_FILLERS:
        before -= 1
    return term.everyday and before < clause.start and end < clause.end


def _interest_only(reading: Reading, clause: Clause, start: int) -> bool:
    """True for "i love drawing": an interest, unless the pupil also says "i want" in the clause."""
    before = set(reading.words[clause.start:start])
    if not before & interest_words():
        return False
    return not {"want", "would", "wish", "hope", "be", "become", "going", "will"} & before


def _describe(
    reading: Reading, clause: Clause, taken: set[int], candidates: list[tuple[Pattern, Term]]
) -> list[TermHit]:
    """Jobs described rather than named in one clause ("fix cars", "look after babies")."""
    best: dict[int, TermHit] = {}
    within = Span(clause.start, clause.end)
    for pattern, term in candidates:
        span = reading.prepared.search(pattern, within)
        if span is None or taken & set(range(span.start, span.end)):
            continue
        if _interest_only(reading, clause, span.start):
            continue
        hit = TermHit(span.start, span.end, term, 0, float(span.end - span.start))
        current = best.get(span.start)
        if current is None or hit.score > current.score:
            best[span.start] = hit
    chosen: list[TermHit] = []
    for start in sorted(best):
        if not chosen or start >= chosen[-1].end:
            chosen.append(best[start])
    return chosen


def find_aspirations(reading: Reading) -> Found:
    """The pupil's own aspirations and whether they named a fantasy role."""
    words = reading.words[:MAX_WORDS]
    clauses = split_clauses(words)
    cues = [c for c in find_cues(reading.prepared) if c.start < MAX_WORDS]
    candidates = description_index().candidates(reading.prepared)
    known = speller().known
    own: list[tuple[TermHit, bool]] = []
    others: list[TermHit] = []
    fantasy = False
    status = OWN
    titled_before = False
    copy_someone = False
    for number, clause in enumerate(clauses):
        window = Span(clause.start, _group_end(clauses, number))
        if clause.joined_by in {"but", "sentence", "start"}:
            status = OWN
        if clause.joined_by in ASIDE:
            continue
        hits = find_terms(words[clause.start:clause.end], known, reading.young)
        hits = [
            TermHit(h.start + clause.start, h.end + clause.start, h.term, h.quality, h.score)
            for h in hits
            if not _index_word_out_of_place(words, h, clause)
            # "to cook" is a verb; the descriptions decide what it means.
            and not (h.end - h.start == 1 and h.start > 0 and words[clause.start + h.start - 1] == "to")
        ]
        jobs_here = [h for h in hits if h.term.kind == JOB]
        taken = {i for h in jobs_here for i in range(h.start, h.end)}
        described: list[TermHit] = []
        if not jobs_here and not (clause.joined_by == "and" and titled_before):
            described = _describe(reading, clause, taken, candidates)
        # "make robots" is a job described, not a wish to be a robot.
        covered = {i for h in described for i in range(h.start, h.end)}
        hits = [h for h in hits if h.term.kind == JOB or not covered & set(range(h.start, h.end))]
        for hit in sorted(hits + described, key=lambda h: h.start):
            whose = status_at(hit.start, clause, cues, status)
            if hit.term.kind == FANTASY or hit.term.kind == FANTASY_AS_ROLE:
                if whose == OWN and (hit.term.kind == FANTASY or in_role_position(words, hit.start, clause)):
                    fantasy = True
                continue
            if whose == OWN:
                special = specialise(hit.term, reading.prepared, window, hit.start, hit.end)
                if special is not hit.term:
                    hit = TermHit(hit.start, hit.end, special, hit.quality, hit.score)
                own.append((hit, hit.quality == 0))
            elif whose == SOMEONE_ELSES_JOB:
                others.append(hit)
        if jobs_here and status_at(jobs_here[-1].start, clause, cues, status) == OWN:
            titled_before = True
        if wants_same_as_someone(reading.prepared, clause):
            copy_someone = True
        status = status_after(clause, cues, status)
    if not own and copy_someone:
        own = [(h, False) for h in others]
    return Found(_unique(reading, own), fantasy, any(c.kind == OWN for c in cues))


def _group_end(clauses: list[Clause], number: int) -> int:
    """Where a clause's words end, counting the "because..." or "like my..." clauses that follow it."""
    end = clauses[number].end
    for clause in clauses[number + 1:]:
        if clause.joined_by not in ASIDE:
            break
        end = clause.end
    return end


def _unique(reading: Reading, hits: list[tuple[TermHit, bool]]) -> tuple[Aspiration, ...]:
    """One aspiration per job: a repeated title, or a description of a job already named, is dropped."""
    out: list[Aspiration] = []
    titles: set[str] = set()
    codes: set[str] = set()
    for hit, described in hits:
        term = hit.term
        if term.title in titles or (described and term.soc2020 in codes):
            continue
        titles.add(term.title)
        codes.add(term.soc2020)
        out.append(
            Aspiration(reading.said(hit.start, hit.end), term.soc2020, term.title, term.family, term.needs_follow_up)
        )
    return tuple(out)
