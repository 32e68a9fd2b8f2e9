"""The understanding result the engine receives, checked and filled in defensively.

The engine never imports the understanding package; the web layer passes in a
callable `analyse(text, year_group) -> dict`. Whatever comes back is normalised
here so a missing key can never leak a pupil's verbatim words: if `redacted` is
missing, nothing of the text is stored outside a safeguarding concern.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import STEREOTYPE_KINDS

Analyse = Callable[[str, Any], dict]
PERSONAL_DETAILS: tuple[str, ...] = ("full_name", "address", "phone", "email", "handle", "date_of_birth")
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "immediate")
#: Severities after which the session ends calmly rather than carrying on.
ENDING_SEVERITIES: frozenset[str] = frozenset({"medium", "high", "immediate"})


def _text(value: Any) -> str:
    """A string, or empty."""
    return value if isinstance(value, str) else ""


def normalise(raw: Any) -> dict:
    """A complete, well-typed analysis dict from whatever the analyser returned."""
    raw = raw if isinstance(raw, dict) else {}
    aspirations = []
    for item in raw.get("aspirations") or []:
        if isinstance(item, dict) and _text(item.get("title")):
            aspirations.append({
                "said": _text(item.get("said")),
                "soc2020": _text(item.get("soc2020")),
                "title": _text(item.get("title")),
                "family": _text(item.get("family")),
                "needs_follow_up": bool(item.get("needs_follow_up", False)),
            })
    guard = raw.get("safeguarding") if isinstance(raw.get("safeguarding"), dict) else {}
    concern = bool(guard.get("concern", False))
    severity = guard.get("severity")
    if concern and severity not in SEVERITIES:
        severity = "high"  # an unclear severity is treated as serious, never as nothing
    stereotype = raw.get("stereotype")
    return {
        "aspirations": aspirations,
        "fantasy": bool(raw.get("fantasy", False)),
        "unsure": bool(raw.get("unsure", False)),
        "stereotype": stereotype if stereotype in STEREOTYPE_KINDS else None,
        "safeguarding": {
            "concern": concern,
            "kind": _text(guard.get("kind")) or None if concern else None,
            "severity": severity if concern else None,
            # Which rule fired, so the DSL can see why; kept only with the concern.
            "rule": _text(guard.get("rule")) or None if concern else None,
        },
        "personal_details": [k for k in raw.get("personal_details") or [] if k in PERSONAL_DETAILS],
        "redacted": _text(raw.get("redacted")),
    }
