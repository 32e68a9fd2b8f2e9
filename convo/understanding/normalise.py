"""Turn what a pupil typed into clean lowercase tokens that remember where they came from."""
from __future__ import annotations

import html
import re
import unicodedata
from functools import cache, lru_cache
from typing import NamedTuple

from .data import load_yaml

#: Longer answers are cut here; nothing a pupil types in a careers chat needs more,
#: and it keeps every analysis inside its time budget.
MAX_CHARS = 20_000

# Letters and digits (any script), with inner apostrophes ("don't", "children's").
_WORD = re.compile(r"[^\W_]+(?:['’‘`][^\W_]+)*|[.!?;,\n]", re.UNICODE)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_TAG = re.compile(r"<[^>]{0,200}>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")

#: Longer "words" (a key held down, a pasted link, text with no spaces) are left out of word checks.
MAX_WORD = 40

#: Tokens that end a sentence; pattern gaps never cross them.
SENTENCE_END = "."


class Token(NamedTuple):
    """One word (or sentence mark) with its place in the pupil's original text."""

    text: str
    start: int
    end: int


def clean_text(text: object) -> str:
    """Make any input a safe string: no HTML tags, entities or control characters."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = text[:MAX_CHARS]
    # Tags are replaced by spaces of the same length so offsets still point at the pupil's words.
    text = _TAG.sub(lambda m: " " * len(m.group()), text)
    text = _CONTROL.sub(" ", text)
    return text


@cache
def slang_table() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Load the slang and text-speak table: phrase -> replacement words."""
    table: dict[tuple[str, ...], tuple[str, ...]] = {}
    for key, value in load_yaml("slang.yaml")["replace"].items():
        table[tuple(str(key).split())] = tuple(str(value or "").split())
    return table


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Lowercase a word and drop accents and apostrophes ("Don't" -> "dont", "café" -> "cafe")."""
    if word.isascii():
        # The common case, kept fast: plain letters need no Unicode work.
        return _NOT_ALNUM.sub("", word.lower())
    word = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in word if c.isalnum() and not unicodedata.combining(c))


def raw_tokens(text: str) -> list[Token]:
    """Split text into folded word and punctuation tokens with their offsets."""
    tokens: list[Token] = []
    for match in _WORD.finditer(text):
        piece = match.group()
        if piece in "!?;\n":
            piece = "."
        elif piece not in {".", ","}:
            if len(piece) > MAX_WORD:
                continue
            piece = fold(piece)
            if not piece:
                continue
        tokens.append(Token(piece, match.start(), match.end()))
    return tokens


# "havnt", "didint", "cudnt": a short verb with "n't" and no apostrophe becomes verb + "not".
_NOT = re.compile(r"^(have|hav|has|haz|is|was|wer|were|do|dus|does|did|dident|could|cud|would|wud|should|shud|are|must|need)(?:e?n|i?n)t$")


def _split_not(token: Token) -> list[Token]:
    """Split a run-together negative ("havnt" -> "have not"); other tokens are returned as they are."""
    if not token.text.endswith("t"):
        return [token]
    found = _NOT.match(token.text)
    if not found or token.text in slang_table().get((token.text,), ()):
        return [token]
    verb = {"hav": "have", "haz": "has", "wer": "were", "dus": "does", "dident": "did", "cud": "could",
            "wud": "would", "shud": "should"}.get(found.group(1), found.group(1))
    return [Token(verb, token.start, token.end), Token("not", token.start, token.end)]


def tokenise(text: str) -> list[Token]:
    """Tokens with slang and text-speak expanded ("wanna" -> "want to", "ngl" dropped)."""
    tokens = [piece for token in raw_tokens(text) for piece in _split_not(token)]
    table, starts, single = slang_table(), _phrase_starts(), _single_words()
    out: list[Token] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        longest = starts.get(token.text, 0)
        size = 0
        # Only words that begin a slang phrase need the slower, longest-first look-up.
        for size in range(min(longest, n - i), 1, -1):
            key = tuple(t.text for t in tokens[i:i + size])
            if key in table:
                out.extend(Token(word, token.start, tokens[i + size - 1].end) for word in table[key])
                break
        else:
            size = 1
            replacement = single.get(token.text)
            if replacement is None:
                out.append(token)
            else:
                out.extend(Token(word, token.start, token.end) for word in replacement)
        i += size
    return out


@cache
def _phrase_starts() -> dict[str, int]:
    """For each word that starts a slang phrase of two or more words, the longest such phrase."""
    starts: dict[str, int] = {}
    for key in slang_table():
        if len(key) > 1:
            starts[key[0]] = max(starts.get(key[0], 0), len(key))
    return starts


@cache
def _single_words() -> dict[str, tuple[str, ...]]:
    """One-word slang and its replacement."""
    return {key[0]: value for key, value in slang_table().items() if len(key) == 1}


def is_mostly_latin(text: str) -> bool:
    """True when most letters are Latin script, so English word lists make sense."""
    letters = [c for c in text[:400] if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if c < "\u0250")
    return latin / len(letters) >= 0.6


def unescape(text: str) -> str:
    """Decode HTML entities ("&amp;") while keeping the text the same length where possible."""
    if "&" not in text:
        return text
    return re.sub(r"&#?\w{1,8};", lambda m: html.unescape(m.group()).ljust(len(m.group()))[: len(m.group())], text)
