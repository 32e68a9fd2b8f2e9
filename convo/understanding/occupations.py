"""Find job titles (and fantasy roles) in a pupil's words, however they are spelled."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from .lexicon import JOB, Lexicon, Term, everyday_words, lexicon
from .reading import speller
from .spelling import fuzzy_cutoff, sound_key

#: Longest title, in words, looked for.
MAX_WORDS = 5

#: Words that never start or end a misspelled title.
_EDGE_WORDS = frozenset(
    "a an the and or but to of in on at for with my your his her their our be is am are was "
    "i you he she we they it this that so because like then if".split()
)

# Matches by how sure we are: exact beats a sound-alike key beats a fuzzy look-alike.
EXACT, SOUNDS_LIKE, LOOKS_LIKE = 3, 2, 1


@dataclass(frozen=True, slots=True)
class TermHit:
    """A term found at words [start, end) of a clause."""

    start: int
    end: int
    term: Term
    quality: int
    score: float


def _plain_forms(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The words as typed, then with a plural or possessive s dropped ("vets", "childrens")."""
    forms = [words]
    last = words[-1]
    if len(last) > 3 and last.endswith("s") and not last.endswith("ss"):
        forms.append(words[:-1] + (last[:-1],))
    return forms


@lru_cache(maxsize=32768)
def _sounds_like(joined: str, young: bool) -> tuple[Term, float] | None:
    """Best term whose sound-alike key or spelling is close to a run of misspelled words."""
    lex = lexicon()
    best: tuple[Term, float] | None = None
    keys = {sound_key(joined)}
    if joined[-1] in "ck":
        # A silent final e is often left off ("polic", "poleec" for police).
        keys.add(sound_key(joined[:-1] + "ce"))
    for key in keys:
        for candidate, term in lex.by_key.get(key, ()):
            score = fuzz.ratio(joined, candidate)
            # Same sound and about the same length, or a long sound key: letters only swapped
            # or mis-chosen ("poleec", "fyer fiter"). Short keys collide, so need closer spelling.
            enough = 60 if len(key) >= 4 or abs(len(joined) - len(candidate)) <= 1 else 72
            if score >= enough and (best is None or score > best[1]):
                best = (term, score)
    if best is not None:
        return best
    found = process.extractOne(
        joined, lex.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=fuzzy_cutoff(len(joined), young)
    )
    if found is None:
        return None
    return lex.fuzzy_terms[found[2]], -found[1]


def find_terms(words: Sequence[str], known: frozenset[str] | set[str], young: bool = False) -> list[TermHit]:
    """All non-overlapping terms in a clause's words, longest and surest first."""
    lex = lexicon()
    everyday = everyday_words()
    hits: list[TermHit] = []
    n = len(words)
    for start in range(n):
        for end in range(min(n, start + MAX_WORDS), start, -1):
            hit = _match_span(lex, tuple(words[start:end]), start, end, known, everyday, young)
            if hit is not None:
                hits.append(hit)
    return _choose(hits)


def _match_span(
    lex: Lexicon,
    span: tuple[str, ...],
    start: int,
    end: int,
    known: frozenset[str] | set[str],
    everyday: frozenset[str],
    young: bool,
) -> TermHit | None:
    """Match one run of words exactly, or as a misspelling when it holds an unknown word."""
    for form in _plain_forms(span):
        term = lex.exact.get(form)
        if term is None and len(form) > 1:
            term = lex.compact.get("".join(form))
        if term is not None:
            return TermHit(start, end, term, EXACT, 100.0)
    if span[0] in _EDGE_WORDS or span[-1] in _EDGE_WORDS:
        return None
    joined = "".join(span)
    unknown = [w for w in span if w not in known]
    # A misspelled title needs a misspelled word, and one-word spans must not be everyday words.
    if not unknown or len(joined) < 4 or (len(span) == 1 and span[0] in everyday):
        return None
    if not joined.isalpha():
        return None
    if single := (len(span) == 1 and lex.compact.get(joined)):
        return TermHit(start, end, single, EXACT, 100.0)
    found = _sounds_like(joined, young)
    if found is None:
        return None
    term, score = found
    if term.kind == JOB and len(span) == 1 and abs(score) < 75 and _closer_to_a_plain_word(joined, term, abs(score)):
        return None
    if score < 0:
        return TermHit(start, end, term, LOOKS_LIKE, -score)
    return TermHit(start, end, term, SOUNDS_LIKE, score)


def _closer_to_a_plain_word(typed: str, term: Term, score: float) -> bool:
    """True when a misspelling is nearer an ordinary word than the job ("tracter" is a tractor, not a racer)."""
    plain = speller().correct(typed)
    if plain == typed or (plain,) in lexicon().exact:
        return False
    return fuzz.ratio(typed, plain) >= score


def _choose(hits: list[TermHit]) -> list[TermHit]:
    """Keep the best hits that do not overlap, in the order mentioned."""
    ranked = sorted(hits, key=lambda h: (-(h.end - h.start), -h.quality, -h.score, h.start))
    taken: list[TermHit] = []
    used: set[int] = set()
    for hit in ranked:
        cover = set(range(hit.start, hit.end))
        if cover & used:
            continue
        taken.append(hit)
        used |= cover
    return sorted(taken, key=lambda h: h.start)
