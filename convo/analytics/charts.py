"""Small SVG charts drawn on the server: no script, no outside service, readable when printed."""
from __future__ import annotations

from markupsafe import Markup, escape

ROW = 30
LABEL_WIDTH = 300
BAR_WIDTH = 420
GIRLS, BOYS, OTHER = "#7b3294", "#1d5c63", "#9e9e9e"
OUTCOME_COLOURS = {"changed": "#1e6b3a", "same": "#b58100", "unsure": "#6d6d6d", None: "#c9c9c9"}


def _svg(height: int, title: str, body: list[str], width: int = LABEL_WIDTH + BAR_WIDTH + 80) -> Markup:
    """Wrap chart parts in an accessible SVG element."""
    # Every label and title below goes through escape(); numbers are formatted by Python.
    return Markup(  # nosec B704
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'{"".join(body)}</svg>')


def _label(y: int, text: str) -> str:
    """A row label at the left."""
    return f'<text x="{LABEL_WIDTH - 8}" y="{y + ROW * 0.62:.0f}" text-anchor="end" font-size="14">{escape(text)}</text>'


def percent_bars(rows: list[tuple[str, float, str]], title: str) -> Markup:
    """One horizontal bar per row, 0–100%, with its figure written beside it."""
    body = []
    for i, (label, share, figure) in enumerate(rows):
        y = 10 + i * ROW
        width = max(0.0, min(1.0, share)) * BAR_WIDTH
        body += [_label(y, label),
                 f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{BAR_WIDTH}" height="{ROW - 10}" fill="#eee8dc"/>',
                 f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width:.1f}" height="{ROW - 10}" fill="{BOYS}"/>',
                 f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + ROW * 0.62:.0f}" font-size="14">{escape(figure)}</text>']
    return _svg(20 + len(rows) * ROW, title, body)


def girls_and_boys(rows: dict[str, dict], title: str, labels: tuple[str, str, str]) -> Markup:
    """A bar per job family split into girls, boys and not recorded; suppressed cells are left out."""
    # A family whose every cell is suppressed would be an empty bar: leave it to the table.
    rows = {family: cells for family, cells in rows.items() if any(v is not None for v in cells.values())}
    totals = [sum(v or 0 for v in cells.values()) for cells in rows.values()]
    biggest = max(totals, default=0) or 1
    body = []
    for i, (family, cells) in enumerate(rows.items()):
        y = 30 + i * ROW
        x = LABEL_WIDTH
        body.append(_label(y, family))
        for sex, colour in (("F", GIRLS), ("M", BOYS), (None, OTHER)):
            width = (cells.get(sex) or 0) / biggest * BAR_WIDTH
            if width:
                body.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 10}" fill="{colour}"/>')
                body.append(f'<text x="{x + 4:.1f}" y="{y + ROW * 0.62:.0f}" font-size="12" fill="#fff">{cells[sex]}</text>')
                x += width
    body += _legend([(labels[0], GIRLS), (labels[1], BOYS), (labels[2], OTHER)])
    return _svg(40 + len(rows) * ROW, title, body)


def outcomes(rows: dict[str, dict], title: str, labels: dict) -> Markup:
    """A stacked bar per stereotype kind: how many changed their view, kept it, or were unsure."""
    biggest = max((sum(cells.values()) for cells in rows.values()), default=0) or 1
    body = []
    for i, (kind, cells) in enumerate(rows.items()):
        y = 30 + i * ROW
        x = LABEL_WIDTH
        body.append(_label(y, labels.get(kind, kind)))
        for outcome, colour in OUTCOME_COLOURS.items():
            width = cells.get(outcome, 0) / biggest * BAR_WIDTH
            if width:
                body.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{width:.1f}" height="{ROW - 10}" fill="{colour}"/>')
                body.append(f'<text x="{x + 4:.1f}" y="{y + ROW * 0.62:.0f}" font-size="12" fill="#fff">{cells[outcome]}</text>')
                x += width
    body += _legend([(labels[o], OUTCOME_COLOURS[o]) for o in OUTCOME_COLOURS])
    return _svg(40 + len(rows) * ROW, title, body)


def _legend(items: list[tuple[str, str]]) -> list[str]:
    """A key along the top of a chart."""
    parts, x = [], LABEL_WIDTH
    for text, colour in items:
        parts.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{colour}"/>')
        parts.append(f'<text x="{x + 20}" y="18" font-size="13">{escape(text)}</text>')
        x += 30 + 8 * len(str(text))
    return parts
