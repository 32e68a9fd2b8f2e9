"""Lean copies of the vendored Noto Sans fonts, so a pack of a thousand one-page PDFs builds fast.

Each pupil's page is its own PDF, and fpdf2 reads and subsets its fonts once per PDF, so the cost
grows with the size of the font. Reading the full Noto Sans (4,500 glyphs and large OpenType layout
tables, which fpdf2 drops anyway) costs about a tenth of a second a page. Two lean copies, without
the layout tables, cut that: a *basic* one (about 450 glyphs: English and Welsh, Western and Central
European letters, punctuation) for the great majority of pages, and a *wide* one (every Latin,
Greek and Cyrillic letter) for a page whose words need more. The copies are made once, on first
use, in the instance folder; nothing is fetched.
"""
from __future__ import annotations

import os
import threading
import unicodedata
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from flask import current_app
from fontTools import subset as ftsubset
from fontTools.ttLib import TTFont

#: Bumped when the ranges or options change, so old copies are not reused.
VERSION = 1
#: Unicode ranges each copy keeps. Basic: ASCII, Latin-1, Latin Extended-A (Welsh ŵ ŷ, Polish,
#: Czech, Turkish…), Welsh ẁ ẃ ẅ ỳ, general punctuation (“ ” – … •) and the euro sign. Wide: all
#: Latin, combining marks, Greek, Cyrillic, punctuation, currency, letter-like symbols and arrows.
RANGES = {
    "basic": ((0x0020, 0x017F), (0x1E80, 0x1E85), (0x1EF2, 0x1EF3), (0x2000, 0x206F), (0x20AC, 0x20AC)),
    "wide": ((0x0020, 0x036F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x1E00, 0x1EFF),
             (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x215F), (0x2190, 0x21FF)),
}
#: Tables a PDF never uses once fpdf2 has the glyphs (it drops the same ones when it subsets).
DROPPED = ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta"]
SOURCES = {"": "NotoSans-Regular.ttf", "B": "NotoSans-Bold.ttf"}

_lock = threading.Lock()


@dataclass(frozen=True)
class FontSets:
    """The basic and wide lean fonts (each by fpdf2 style, "" and "B"), and what basic can show."""

    basic: dict[str, Path]
    wide: dict[str, Path]
    basic_characters: frozenset[str]
    wide_characters: frozenset[str]

    def for_text(self, text: str) -> dict[str, Path]:
        """The smallest fonts that can show every character of the text."""
        return self.basic if set(text) <= self.basic_characters else self.wide

    def printable(self, text: str) -> tuple[str, bool]:
        """The text as the wide fonts can print it, and whether words had to be left out.

        Symbols the fonts lack (emoji, mostly) are dropped quietly; each run of letters in a script
        they lack (Arabic, Chinese…) becomes "[…]", so a name is never silently blank.
        """
        if set(text) <= self.wide_characters:
            return text, False
        out, left_out, in_gap = [], False, False
        for char in text:
            if char in self.wide_characters or char.isspace():
                out.append(char)
                in_gap = False
            elif unicodedata.category(char)[0] in "LNM":
                if not in_gap:
                    out.append("[…]")
                left_out, in_gap = True, True
        return " ".join("".join(out).split()), left_out


def _lean_copy(source: Path, target: Path, ranges: tuple[tuple[int, int], ...]) -> None:
    """Write the lean copy of one font, atomically, so two builds at once never read half a file."""
    font = TTFont(source, recalcTimestamp=False)
    kept = [code for code in font.getBestCmap() if any(lo <= code <= hi for lo, hi in ranges)]
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True, layout_features=[],
                               name_IDs=["*"], name_languages=["*"], glyph_names=True)
    options.drop_tables += DROPPED
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=kept)
    subsetter.subset(font)
    buffer = BytesIO()
    font.save(buffer)
    font.close()
    partial = target.with_name(f"{target.name}.{os.getpid()}.{threading.get_ident()}.part")
    partial.write_bytes(buffer.getvalue())
    os.replace(partial, target)


def _lean_fonts(kind: str) -> dict[str, Path]:
    """One kind of lean regular and bold font by fpdf2 style, made on first use."""
    source_dir = Path(current_app.static_folder or "static") / "fonts"
    cache = Path(current_app.instance_path) / "font-cache"
    found = {}
    for style, name in SOURCES.items():
        source = source_dir / name
        target = cache / f"{source.stem}-{kind}{VERSION}-{source.stat().st_size}.ttf"
        if not target.is_file():
            cache.mkdir(parents=True, exist_ok=True)
            _lean_copy(source, target, RANGES[kind])
        found[style] = target
    return found


def _characters(path: Path) -> frozenset[str]:
    """Every character a font file has a glyph for."""
    font = TTFont(path, lazy=True)
    try:
        return frozenset(map(chr, font.getBestCmap()))
    finally:
        font.close()


def lean_fonts() -> FontSets:
    """The lean fonts, made in the instance folder on first use."""
    with _lock:
        basic, wide = _lean_fonts("basic"), _lean_fonts("wide")
        # Both styles keep the same ranges; the regular one speaks for both.
        return FontSets(basic=basic, wide=wide, basic_characters=_characters(basic[""]),
                        wide_characters=_characters(wide[""]))
