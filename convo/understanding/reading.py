"""Read an utterance once: clean it, split it into words, fix spellings, prepare for patterns."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .data import DATA_DIR
from .lexicon import everyday_words, lexicon
from .normalise import Token, clean_text, is_mostly_latin, tokenise, unescape
from .patterns import Prepared
from .spelling import Speller

#: Files whose words the speller corrects towards (children's misspellings of keywords).
PATTERN_FILES = ("descriptions.yaml", "safeguarding.yaml", "safeguarding_general.yaml", "stereotypes.yaml", "wishes.yaml", "fantasy.yaml")

#: Year groups whose spelling is mostly by sound (Reception to Year 2).
YOUNGER_YEARS = frozenset({"R", "Y1", "Y2", "RECEPTION", "YR", "1", "2"})


@dataclass(frozen=True)
class Reading:
    """One utterance, read: its words as typed (slang expanded) and as corrected."""

    text: str
    tokens: list[Token]
    words: list[str]
    prepared: Prepared
    young: bool
    english: bool

    def said(self, start: int, end: int) -> str:
        """The pupil's own words for tokens [start, end), as they typed them."""
        if start >= end or start >= len(self.tokens):
            return ""
        return self.text[self.tokens[start].start:self.tokens[end - 1].end]


@cache
def pattern_vocabulary() -> frozenset[str]:
    """Every word used in the pattern files (comments left out)."""
    words: set[str] = set()
    for name in PATTERN_FILES:
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#", 1)[0]
            words.update(w for w in re.findall(r"[a-z]+", line.lower()) if len(w) > 2)
    return frozenset(words)


@cache
def speller() -> Speller:
    """The shared speller: corrects towards keywords and children's job words."""
    lex = lexicon()
    children_words = {w for words in lex.compact for w in [words] if w.isalpha()}
    targets = pattern_vocabulary() | {w for phrase in lex.exact if not lex.exact[phrase].from_index for w in phrase}
    known = everyday_words() | frozenset(lex.words) | children_words
    return Speller(targets, known)


def read(text: object, year_group: object = None) -> Reading:
    """Clean, split and correct one utterance, ready for every check."""
    clean = unescape(clean_text(text))
    tokens = tokenise(clean)
    words = [t.text for t in tokens]
    english = is_mostly_latin(clean)
    fix = speller().correct
    corrected = [fix(w) if english else w for w in words]
    young = str(year_group or "").strip().upper() in YOUNGER_YEARS
    return Reading(clean, tokens, words, Prepared(tokens, corrected), young, english)
