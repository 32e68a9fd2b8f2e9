"""Parent/carer cards as a PDF, one A4 page per pupil, drawn with fpdf2 in a vendored Unicode font.

The font (Noto Sans, under the SIL Open Font License) lives in static/fonts/, so Welsh letters such
as ŵ and ŷ print, and nothing is fetched while a PDF is made.
"""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from ..pdf_fonts import close_fonts
from .content import Card
from .wording import CardWords, because, in_their_words, words_for

FONT = "NotoSans"
INK = (27, 27, 27)
MUTED = (74, 74, 74)
BRAND = (29, 92, 99)
ACCENT_WASH = (253, 240, 212)
ACCENT = (242, 179, 61)
WHITE = (255, 255, 255)
PAGE_WIDTH, MARGIN = 210, 18
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
PICTURE = 24
#: Where a card's content must end, above the note at the foot of the page.
CONTENT_BOTTOM = 254
#: Sizes tried in turn until a pupil's card fits on its page.
SCALES = (1.0, 0.88, 0.76, 0.66, 0.58)


def _static(*parts: str) -> Path:
    """A file in the app's static folder."""
    return Path(current_app.static_folder or "static", *parts)


class CardsPDF(FPDF):
    """An A4 document of parent/carer cards in Convo's colours and font."""

    def __init__(self) -> None:
        """Set up the page, the fonts and the document's details."""
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.add_font(FONT, "", str(_static("fonts", "NotoSans-Regular.ttf")))
        self.add_font(FONT, "B", str(_static("fonts", "NotoSans-Bold.ttf")))
        self.set_creator("Convo")
        self.set_title(_("My future"))
        self.set_lang(str(get_locale() or "en_GB").replace("_", "-"))
        self.scale = 1.0

    def close_fonts(self) -> None:
        """Close the font files fpdf2 keeps open while it reads glyphs."""
        close_fonts(self)

    def write_text(self, text: str, size: float, *, bold: bool = False, colour=INK,
                   width: float = TEXT_WIDTH, x: float | None = None, gap: float = 1.5) -> None:
        """Write wrapped text at the current position and move below it, at the card's scale."""
        size, gap = size * self.scale, gap * self.scale
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*colour)
        if x is not None:
            self.set_x(x)
        self.multi_cell(width, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(self.get_y() + gap)

    def header_band(self, title: str, from_school: str) -> None:
        """The coloured band at the top of a card, with the title and the school."""
        self.set_fill_color(*BRAND)
        self.rect(0, 0, PAGE_WIDTH, 42, style="F")
        self.set_xy(MARGIN, 10)
        self.write_text(title, 30, bold=True, colour=WHITE, gap=1)
        self.write_text(from_school, 14, colour=WHITE)
        self.set_y(54)

    def picture(self, name: str, x: float, y: float) -> None:
        """Draw a job family's picture at the card's scale; a missing picture is left out."""
        path = _static("icons", "openmoji", f"{name}.svg")
        if path.is_file():
            self.image(str(path), x=x, y=y, w=PICTURE * self.scale, h=PICTURE * self.scale)

    def question_box(self, heading: str, question: str) -> None:
        """The question for home, in a soft box."""
        self.set_font(FONT, "", 16 * self.scale)
        lines = len(self.multi_cell(TEXT_WIDTH - 14, 8 * self.scale, question, dry_run=True,
                                    output="LINES"))
        top, height = self.get_y() + 2, (24 + 8 * lines) * self.scale
        self.set_fill_color(*ACCENT_WASH)
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.8)
        self.rect(MARGIN, top, TEXT_WIDTH, height, style="DF", round_corners=True, corner_radius=4)
        self.set_xy(MARGIN + 7, top + 6)
        self.write_text(heading, 14, bold=True, colour=BRAND, width=TEXT_WIDTH - 14, gap=2)
        self.write_text(question, 16, width=TEXT_WIDTH - 14, x=MARGIN + 7)
        self.set_y(top + height + 8 * self.scale)

    def lists(self, *lists: tuple[str, list[str]]) -> None:
        """Short lists side by side, such as what the pupil is good at and what they enjoy."""
        lists = tuple((heading, items) for heading, items in lists if items)
        if not lists:
            return
        top, column = self.get_y() + 2, (TEXT_WIDTH - 8) / 2
        bottoms = []
        for index, (heading, items) in enumerate(lists):
            x = MARGIN + index * (column + 8)
            self.set_xy(x, top)
            self.write_text(heading, 16, bold=True, colour=BRAND, width=column, x=x, gap=2)
            for item in items:
                self.write_text(f"•  {item}", 14, width=column, x=x, gap=1)
            bottoms.append(self.get_y())
        self.set_y(max(bottoms) + 4)

    def footer_note(self, lines: list[str]) -> None:
        """The note at the foot of the page: what Convo is, and where the words came from."""
        self.set_y(264)
        self.set_draw_color(*BRAND)
        self.set_line_width(0.4)
        self.line(MARGIN, 260, PAGE_WIDTH - MARGIN, 260)
        for line in lines:
            if line:
                self.write_text(line, 10.5, colour=MUTED, gap=0.5)


def draw_body(pdf: CardsPDF, card: Card, words: CardWords) -> None:
    """Draw the card's content below the band: name, hopes, lists and the question for home."""
    pdf.write_text(card.first_name, 40, bold=True, gap=4)
    if not card.talked:
        pdf.write_text(words.not_yet, 18, gap=3)
        pdf.write_text(words.not_yet_more, 14, colour=MUTED, gap=10)
    elif card.hopes:
        pdf.write_text(words.would_like, 18, bold=True, colour=BRAND, gap=4)
        picture = PICTURE * pdf.scale
        text_x, text_width = MARGIN + picture + 6, TEXT_WIDTH - picture - 6
        for hope in card.hopes:
            top = pdf.get_y()
            pdf.picture(hope.picture, MARGIN, top)
            pdf.set_xy(text_x, top)
            pdf.write_text(hope.job, 22, bold=True, width=text_width, x=text_x, gap=1)
            for line in (in_their_words(hope), because(hope)):
                if line:
                    pdf.write_text(line, 14, width=text_width, x=text_x, gap=1)
            pdf.set_y(max(pdf.get_y(), top + picture) + 6 * pdf.scale)
    if card.talked:
        pdf.lists((words.good_at, card.good_at), (words.enjoys, card.enjoys))
    pdf.question_box(words.question_heading, card.question)


def fitting_scale(scratch: CardsPDF, card: Card, words: CardWords) -> float:
    """The largest scale at which the card's content fits above the note at the foot of the page."""
    for scale in SCALES:
        scratch.scale = scale
        scratch.add_page()
        scratch.set_y(54)
        draw_body(scratch, card, words)
        if scratch.get_y() <= CONTENT_BOTTOM:
            return scale
    return SCALES[-1]


def draw_card(pdf: CardsPDF, card: Card, scratch: CardsPDF) -> None:
    """Add one pupil's card as a page, as large as fits."""
    words = words_for(card)
    pdf.scale = 1.0
    pdf.add_page()
    pdf.header_band(words.title, words.from_school)
    pdf.scale = fitting_scale(scratch, card, words)
    draw_body(pdf, card, words)
    pdf.scale = 1.0
    if card.talked:
        pdf.footer_note([f"{words.about} {words.made_from}", "" if card.this_year else words.earlier_year])
    else:
        pdf.footer_note([words.about])


def cards_pdf(cards: list[Card]) -> bytes:
    """A PDF with one page for each card."""
    pdf, scratch = CardsPDF(), CardsPDF()
    try:
        for card in cards:
            draw_card(pdf, card, scratch)
        return bytes(pdf.output())
    finally:
        pdf.close_fonts()
        scratch.close_fonts()
