"""Lean copies of the vendored Noto Sans fonts, so a pack of a thousand one-page PDFs builds fast.

Each pupil's page is its own PDF, and fpdf2 reads and subsets its fonts once per PDF. Reading the
full Noto Sans (4,500 glyphs and large OpenType layout tables, which fpdf2 drops anyway) costs
about a tenth of a second a page; the lean copy keeps every Latin, Greek and Cyrillic letter,
punctuation and currency sign, without the layout tables, and costs a third of that. The copies
are made once, on first use, in the instance folder; nothing is fetched.
"""
from __future__ import annotations

import os
import threading
from io import BytesIO
from pathlib import Path

from flask import current_app
from fontTools import subset as ftsubset
from fontTools.ttLib import TTFont

#: Bumped when the ranges or options change, so old copies are not reused.
VERSION = 1
#: Unicode ranges kept: Latin (with Welsh ŵ ŷ ẁ ẃ ẅ ỳ), combining marks, Greek, Cyrillic, punctuation,
#: currency, letter-like symbols and arrows.
RANGES = ((0x0020, 0x036F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x1E00, 0x1EFF),
          (0x2000, 0x206F), (0x20A0, 0x20CF), (0x2100, 0x215F), (0x2190, 0x21FF))
#: Tables a PDF never uses once fpdf2 has the glyphs (it drops the same ones when it subsets).
DROPPED = ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta"]
SOURCES = {"": "NotoSans-Regular.ttf", "B": "NotoSans-Bold.ttf"}

_lock = threading.Lock()


def _lean_copy(source: Path, target: Path) -> None:
    """Write the lean copy of one font, atomically, so two builds at once never read half a file."""
    font = TTFont(source, recalcTimestamp=False)
    kept = [code for code in font.getBestCmap() if any(lo <= code <= hi for lo, hi in RANGES)]
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


def lean_fonts() -> dict[str, Path]:
    """The lean regular and bold fonts by fpdf2 style ("" and "B"), made on first use."""
    source_dir = Path(current_app.static_folder or "static") / "fonts"
    cache = Path(current_app.instance_path) / "font-cache"
    found = {}
    with _lock:
        for style, name in SOURCES.items():
            source = source_dir / name
            target = cache / f"{source.stem}-lean{VERSION}-{source.stat().st_size}.ttf"
            if not target.is_file():
                cache.mkdir(parents=True, exist_ok=True)
                _lean_copy(source, target)
            found[style] = target
    return found
