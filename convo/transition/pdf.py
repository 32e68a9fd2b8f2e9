"""A pupil's "My future" page for their secondary school: one A4 PDF page, drawn with fpdf2.

The page carries the pupil's name and primary school, never their UPN or date of birth (those are
only in the pack's machine-readable files). However much a pupil said, it fits on one page: the
text shrinks, then the oldest items give way to "…and more".
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from flask_babel import get_locale
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..pdf_fonts import close_fonts
from . import wording
from .fonts import FontSets

FONT = "NotoSans"
INK = (27, 27, 27)
MUTED = (74, 74, 74)
BRAND = (29, 92, 99)
WHITE = (255, 255, 255)
PAGE_WIDTH, MARGIN = 210, 16
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CONTENT_TOP, CONTENT_BOTTOM, FOOTER_TOP = 46, 270, 275
#: Sizes tried in turn until a page fits.
SCALES = (1.0, 0.9, 0.8, 0.72)
#: The most of each kind of item a page starts from, before it is fitted.
MOST = {"aspirations": 8, "interests": 6, "skills": 6, "subjects": 6, "find_out": 4, "stereotypes": 3}


@dataclass
class Page:
    """What one page shows: the record's lists, cut to fit, and which lists were cut."""

    record: dict[str, Any]
    aspirations: list[dict[str, Any]]
    interests: list[str]
    skills: list[str]
    subjects: list[str]
    find_out: list[str]
    stereotypes: list[dict[str, Any]]
    cut: frozenset[str] = field(default_factory=frozenset)

    def trimmed(self) -> Page | None:
        """The page with one item fewer in its longest list (the oldest goes), or None if empty."""
        longest = max(MOST, key=lambda name: len(getattr(self, name)))
        items = getattr(self, longest)
        if not items:
            return None
        return replace(self, **{longest: items[1:]}, cut=self.cut | {longest})


def page_for(record: dict[str, Any]) -> Page:
    """A record's page, each list cut to its most recent items (the newest are kept)."""
    def texts(key: str) -> list[str]:
        """The words of one list of reflections, each cut to fit a line."""
        return [wording.short(item["text"]) for item in record[key]]
    lists = {"aspirations": record["aspirations"], "interests": texts("interests"),
             "skills": texts("skills"), "subjects": texts("subjects"),
             "find_out": texts("find_out_at_secondary"), "stereotypes": record["stereotype_reflections"]}
    cut = frozenset(name for name, items in lists.items() if len(items) > MOST[name])
    return Page(record, **{name: items[-MOST[name]:] for name, items in lists.items()}, cut=cut)


class MyFuturePDF(FPDF):
    """One pupil's page; with `measuring` set, text only moves the cursor, so a layout can be tried."""

    def __init__(self, fonts: dict[str, Path], title: str, built_at: datetime) -> None:
        """Set up the page, the lean fonts and the document's details."""
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        for style, path in fonts.items():
            self.add_font(FONT, style, str(path))
        self.set_creator("Convo")
        self.set_title(title)
        self.set_lang(str(get_locale() or "en_GB").replace("_", "-"))
        self.set_creation_date(built_at)
        self.scale = 1.0
        self.measuring = False
        #: Where the last drawn or measured body ended.
        self.body_bottom = 0.0

    def close_fonts(self) -> None:
        """Close the font files fpdf2 keeps open while it reads glyphs."""
        close_fonts(self)

    def write_text(self, text: str, size: float, *, bold: bool = False, colour=INK,
                   width: float = TEXT_WIDTH, x: float | None = None, gap: float = 1.2) -> None:
        """Write wrapped text at the current position, at the page's scale, and move below it."""
        size, gap = size * self.scale, gap * self.scale
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        if x is not None:
            self.set_x(x)
        if self.measuring:
            height = self.multi_cell(width, size * 0.48, text, align="L", dry_run=True, output="HEIGHT")
            self.set_xy(self.l_margin, self.get_y() + height)
        else:
            self.multi_cell(width, size * 0.48, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(self.get_y() + gap)

    def heading(self, text: str) -> None:
        """A section heading in the brand colour."""
        self.set_y(self.get_y() + 2 * self.scale)
        self.write_text(text, 14, bold=True, colour=BRAND, gap=1.5)

    def header_band(self, title: str, name: str, school: str) -> None:
        """The coloured band at the top: the title, the pupil's name and their primary school."""
        self.set_fill_color(*BRAND)
        self.rect(0, 0, PAGE_WIDTH, 38, style="F")
        self.set_xy(MARGIN, 7)
        self.write_text(title, 24, bold=True, colour=WHITE, gap=0.5)
        self.write_text(self.fitted_name(name), self.name_size(name), bold=True, colour=WHITE, gap=0.5)
        self.write_text(wording.short(school, 80), 11, colour=WHITE)

    def name_size(self, name: str) -> float:
        """The largest size, from 16 pt down to 11 pt, at which the whole name fits on one line."""
        for size in (16, 15, 14, 13, 12, 11):
            self.set_font(FONT, "B", size)
            if self.get_string_width(name) <= TEXT_WIDTH:
                return size
        return 11

    def fitted_name(self, name: str) -> str:
        """The name, cut with "…" only if it is too long for one line even at the smallest size."""
        self.set_font(FONT, "B", 11)
        longest = len(name)
        while longest > 20 and self.get_string_width(wording.short(name, longest)) > TEXT_WIDTH:
            longest -= 5
        return wording.short(name, longest)

    def footer_note(self, text: str) -> None:
        """The note at the foot of the page: who made it, and where the rest of the record is."""
        self.set_draw_color(*BRAND)
        self.set_line_width(0.4)
        self.line(MARGIN, FOOTER_TOP - 2, PAGE_WIDTH - MARGIN, FOOTER_TOP - 2)
        self.set_y(FOOTER_TOP)
        self.write_text(text, 8.5, colour=MUTED, gap=0)


def draw_aspirations(pdf: MyFuturePDF, page: Page, words: dict[str, str]) -> None:
    """Each aspiration with when it was said, its title and SOC code, their words and what they like."""
    pdf.heading(words["aspirations"])
    if not page.aspirations:
        pdf.write_text(words["no_aspirations"], 11, colour=MUTED)
    label_width = 34 * pdf.scale
    text_x, text_width = MARGIN + label_width, TEXT_WIDTH - label_width
    if "aspirations" in page.cut:
        pdf.write_text(words["and_more"], 10, colour=MUTED, gap=1)
    for aspiration in page.aspirations:
        top = pdf.get_y()
        pdf.write_text(wording.when(aspiration), 9.5, colour=MUTED, width=label_width - 2, gap=0)
        below_label = pdf.get_y()
        pdf.set_y(top)
        title = " · ".join(part for part in (wording.heading_title(aspiration["title"]),
                                             wording.soc_code(aspiration)) if part)
        pdf.write_text(title, 12, bold=True, width=text_width, x=text_x, gap=0.4)
        for line in (wording.in_their_words(aspiration), wording.likes(aspiration)):
            if line:
                pdf.write_text(line, 10.5, width=text_width, x=text_x, gap=0.4)
        pdf.set_y(max(pdf.get_y(), below_label) + 1.6 * pdf.scale)


def draw_lists(pdf: MyFuturePDF, page: Page, words: dict[str, str]) -> None:
    """Interests, skills and subjects side by side."""
    lists = [(words[name], getattr(page, name), name in page.cut)
             for name in ("interests", "skills", "subjects") if getattr(page, name)]
    if not lists:
        return
    top, gap = pdf.get_y() + 2 * pdf.scale, 6
    column = (TEXT_WIDTH - gap * (len(lists) - 1)) / len(lists)
    bottoms = []
    for index, (heading, items, cut) in enumerate(lists):
        x = MARGIN + index * (column + gap)
        pdf.set_xy(x, top)
        pdf.write_text(heading, 14, bold=True, colour=BRAND, width=column, x=x, gap=1.5)
        for item in items + ([words["and_more"]] if cut else []):
            pdf.write_text(f"•  {item}", 10.5, width=column, x=x, gap=0.6)
        bottoms.append(pdf.get_y())
    pdf.set_y(max(bottoms))


def draw_bullets(pdf: MyFuturePDF, heading: str, items: list[str], cut: bool, words: dict[str, str]) -> None:
    """A heading and a bulleted list, left out when the list is empty."""
    if not items:
        return
    pdf.heading(heading)
    for item in items + ([words["and_more"]] if cut else []):
        pdf.write_text(f"•  {item}", 10.5, gap=0.6)


def draw_body(pdf: MyFuturePDF, page: Page, words: dict[str, str]) -> None:
    """Everything between the band and the foot of the page."""
    pdf.set_y(CONTENT_TOP)
    draw_aspirations(pdf, page, words)
    draw_lists(pdf, page, words)
    draw_bullets(pdf, words["find_out"], page.find_out, "find_out" in page.cut, words)
    draw_bullets(pdf, words["stereotypes"], [wording.stereotype_line(s) for s in page.stereotypes],
                 "stereotypes" in page.cut, words)
    pdf.body_bottom = pdf.get_y()


def fitted(pdf: MyFuturePDF, page: Page, words: dict[str, str]) -> tuple[Page, float]:
    """The largest scale the page fits at, trimming the longest lists when even the smallest is too big."""
    pdf.measuring = True
    try:
        while True:
            for scale in SCALES:
                pdf.scale = scale
                draw_body(pdf, page, words)
                if pdf.get_y() <= CONTENT_BOTTOM:
                    return page, scale
            smaller = page.trimmed()
            if smaller is None:
                return page, SCALES[-1]
            page = smaller
    finally:
        pdf.measuring = False


def _drawn(record: dict[str, Any], fonts: dict[str, Path], built_at: datetime, fit: bool,
           left_out: bool = False) -> MyFuturePDF:
    """A pupil's page drawn at full size, or (with `fit`) at the size and length that fits."""
    words = wording.headings(record)
    name = wording.full_name(record)
    pdf = MyFuturePDF(fonts, f"{words['title']} – {name}", built_at)
    pdf.add_page()
    pdf.header_band(words["title"], name, record["primary_school"]["name"])
    page = page_for(record)
    if fit:
        page, pdf.scale = fitted(pdf, page, words)
    draw_body(pdf, page, words)
    pdf.scale = 1.0
    pdf.footer_note(f"{words['made_from']} {words['left_out']}" if left_out else words["made_from"])
    return pdf


def _strings(value: Any) -> Iterator[str]:
    """Every string inside a record, however deep."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _printable(value: Any, font_sets: FontSets, left_out: list[bool]) -> Any:
    """A copy of a record with every string as the fonts can print it; notes in `left_out` if any
    words had to be left out."""
    if isinstance(value, str):
        text, missing = font_sets.printable(value)
        if missing:
            left_out.append(True)
        return text
    if isinstance(value, dict):
        return {key: _printable(item, font_sets, left_out) for key, item in value.items()}
    if isinstance(value, list):
        return [_printable(item, font_sets, left_out) for item in value]
    return value


def pupil_pdf(record: dict[str, Any], font_sets: FontSets, built_at: datetime) -> bytes:
    """One pupil's "My future" page as a one-page PDF."""
    left_out: list[bool] = []
    record = _printable(record, font_sets, left_out)
    words = wording.headings(record)
    fonts = font_sets.for_text("".join((*_strings(record), *words.values(), "•·–“”…[]")))
    # Most pages fit at full size, so draw once and only fit (measuring first) the pages that overflow.
    pdf = _drawn(record, fonts, built_at, fit=False, left_out=bool(left_out))
    try:
        if pdf.body_bottom > CONTENT_BOTTOM:
            pdf.close_fonts()
            pdf = _drawn(record, fonts, built_at, fit=True, left_out=bool(left_out))
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()
