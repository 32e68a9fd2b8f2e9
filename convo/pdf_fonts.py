"""What every PDF Convo draws with fpdf2 shares: closing the font files it keeps open."""
from __future__ import annotations

from typing import Any


def close_fonts(pdf: Any) -> None:
    """Close the font files fpdf2 keeps open while it reads glyphs."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()
