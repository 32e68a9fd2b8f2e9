"""Preparing an engine step for the page: translated lines and card labels, and what to read aloud."""
from __future__ import annotations

from typing import Any

from flask_babel import pgettext

from ..i18n import job_title

#: Placeholders that carry a job title, shown in the page's language.
JOB_PARAMS = {"title", "last_title", "last_said"}

#: Bands that hear every line read aloud as it appears, and answer only by tapping.
READ_ALOUD_BANDS = {"reception", "ks1"}


class _Keep(dict):
    """Leaves an unknown {placeholder} as it is rather than failing."""

    def __missing__(self, key: str) -> str:
        """Return the placeholder unchanged."""
        return "{" + key + "}"


def present(step: dict[str, Any]) -> dict[str, Any]:
    """The step with every line and label in the page's language."""
    lines = []
    for line in step.get("lines", []):
        text = pgettext(line["id"], line["template"])
        params = {key: job_title(value) if key in JOB_PARAMS else value
                  for key, value in (line.get("params") or {}).items()}
        lines.append({**line, "text": text.format_map(_Keep(params))})
    form = dict(step.get("form") or {"kind": "end"})
    if form.get("cards"):
        form["cards"] = [{**card, "label": pgettext(card.get("label_id") or card["id"], card["label"])}
                         for card in form["cards"]]
    if form.get("choices"):
        form["choices"] = [{**choice, "label": pgettext(choice.get("label_id") or choice["id"], choice["label"])}
                           for choice in form["choices"]]
    band = step.get("band", "upper_ks2")
    return {**step, "lines": lines, "form": form, "autoplay": band in READ_ALOUD_BANDS,
            "young": band in READ_ALOUD_BANDS}
