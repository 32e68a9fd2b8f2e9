"""Rules applied to each line on its own: voice, reading, sources and translation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .loader import placeholder_where
from .model import Line
from .reading import MAX_WORDS, sentences, words
from .voice import voice_problems

STATISTIC = re.compile(
    r"(?<!Year )(?<!Year\u00a0)\b\d|%|\bper\s?cent\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+)"
    r"\s+(?:in|out\s+of)\s+(?:every\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|a\s+hundred)\b"
    r"|\bhalf\s+of\b|\bmore\s+than\s+half\b|\ba\s+(?:third|quarter)\s+of\b|\btimes\s+(?:as\s+many|more)\b",
    re.IGNORECASE,
)
BAD_PLACEHOLDER = re.compile(r"\{\s*\d*\s*\}|%(?:\(\w+\))?[sd]")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z]|\*\*|__|`|\{\{|\}\}|\[[^\]]*\]\(")
STARTS_WELL = re.compile(r"^[\"'\u201c\u2018(]*[A-Z0-9{\u00c0-\u00de]")
ENDS_WELL = re.compile(r"[.!?\u2026][\"'\u201d\u2019)]*$")


def line_problems(line: Line, sources: set[str]) -> Iterator[tuple[str, str]]:
    """(code, message) for every single-line rule this line breaks."""
    text = line.text.strip()
    if not text:
        yield "CP604", f"Line '{line.id}' has no text."
        return
    yield from voice_problems(line)
    yield from _reading(line)
    yield from _sources(line, sources)
    yield from _translation(line, text)


def _reading(line: Line) -> Iterator[tuple[str, str]]:
    """Sentences longer than the band allows."""
    limit = MAX_WORDS[line.band]
    for sentence in sentences(line.text):
        count = len(words(sentence))
        if count > limit:
            yield "CP401", (f"Sentence has {count} words; {line.band} allows at most {limit}. "
                            f"Split it: \"{sentence}\"")


def _sources(line: Line, sources: set[str]) -> Iterator[tuple[str, str]]:
    """Statistics without a named source, and sources that do not exist."""
    if line.source is not None and line.source not in sources:
        yield "CP502", f"Source '{line.source}' is not in this file's 'sources:' table."
    elif line.source is None and line.kind == "say":
        match = STATISTIC.search(line.text)
        if match:
            yield "CP501", (f"'{match.group(0).strip()}' reads as a statistic but names no source. Add "
                            "'source:' (publisher, title, year, url) or say it without a number.")


def _translation(line: Line, text: str) -> Iterator[tuple[str, str]]:
    """Anything that stops the line being extracted and translated whole."""
    allowed = placeholder_where(line)
    bad = BAD_PLACEHOLDER.search(text)
    unknown = sorted(name for name in line.placeholders if name not in allowed)
    if bad:
        yield "CP601", f"Placeholder '{bad.group(0)}' has no name; use a named one such as {{title}}."
    elif unknown:
        allowed_text = ", ".join(f"{{{name}}}" for name in sorted(allowed)) or "none"
        yield "CP601", f"Placeholder {{{unknown[0]}}} is not filled in here; allowed: {allowed_text}."
    if not STARTS_WELL.match(text) or (line.kind == "say" and not ENDS_WELL.search(text)):
        yield "CP602", ("Write each line as a whole sentence (capital letter at the start, . ? or ! at the "
                        "end); lines built from fragments cannot be translated.")
    markup = MARKUP.search(text)
    if markup:
        yield "CP605", f"'{markup.group(0)}' is markup; lines are plain text so they can be read aloud."
