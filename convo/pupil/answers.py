"""Reading a pupil's answer from the tablet's form."""
from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

from ..engine import AnswerError

#: The longest typed answer kept; the text box says so too.
MAX_TEXT = 500


def reply_from_form(form: MultiDict) -> dict[str, Any]:
    """The engine's answer for what was tapped or typed; AnswerError if nothing was."""
    if form.get("card"):
        return {"card": form["card"][:120]}
    if form.get("choice"):
        return {"choice": form["choice"][:20]}
    if "continue" in form:
        return {"continue": True}
    if "skip" in form:
        return {"skip": True}
    text = (form.get("text") or "").strip()
    if text:
        return {"text": text[:MAX_TEXT]}
    raise AnswerError("nothing was chosen or typed")
