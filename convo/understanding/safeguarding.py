"""Safeguarding concerns a designated safeguarding lead must see, with their kind and severity."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .data import load_yaml
from .patterns import Pattern, Prepared, compile_many, first_match
from .risk import model as risk_model
from .risk import score as risk_score
from .rules import SEVERITIES, Hit, expand_groups, fire
from .welsh import welsh_concern

KINDS = (
    "physical", "sexual", "emotional", "neglect", "self_harm",
    "domestic_violence", "online", "bullying", "exploitation",
)


@dataclass(frozen=True)
class Safeguarding:
    """Whether the words raise a concern, what kind, how urgent, and the rule that fired."""

    concern: bool = False
    kind: str | None = None
    severity: str | None = None
    rule: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The JSON shape the conversation engine reads, with the id of the rule that fired."""
        return {"concern": self.concern, "kind": self.kind, "severity": self.severity, "rule": self.rule}


NO_CONCERN = Safeguarding()

#: Rule files, in order of precedence on a tie: specific phrases, then the general layer
#: (who + harm + to whom, unmet needs, fear of home, and the low-severity back-off), then the
#: indirect signs (cover stories, covering the body, secrets kept for a grown-up, lookouts).
RULE_FILES = ("safeguarding.yaml", "safeguarding_general.yaml", "safeguarding_indirect.yaml")


@cache
def _immediate_signs() -> list[Pattern]:
    """Phrases that make any concern immediate ("right now", "tonight", "help me")."""
    return compile_many(load_yaml("safeguarding.yaml").get("immediate_if") or [], {})


@cache
def _model_vetoes() -> list[Pattern]:
    """Harmless frames (play, sport, pets, jokes, surprises) that silence a hunch of the model alone."""
    data = load_yaml("safeguarding_general.yaml")
    return compile_many(data.get("model_unless") or [], expand_groups(data.get("groups") or {}))


@cache
def _bare_replies() -> frozenset[str]:
    """Whole answers that are only a reply ("no", "i think so"), on which the model alone stays quiet."""
    data = load_yaml("model_replies.yaml")
    return frozenset(" ".join(str(r).lower().split()) for r in data.get("model_skips_replies") or [])


def bare_reply(prepared: Prepared) -> bool:
    """True when the whole answer, as corrected, is a bare reply such as "no" or "i think so"."""
    return " ".join(w for w in prepared.words if w not in {".", ","}) in _bare_replies()


def model_vetoed(prepared: Prepared) -> bool:
    """True when the words sit in a harmless frame, so an alert from the model alone is not raised."""
    return first_match(prepared, _model_vetoes()) is not None


def _rank(ranked: tuple[int, Hit]) -> tuple[int, int, int]:
    """Most severe first; on a tie, the earlier file, then the rule higher in it."""
    file_number, hit = ranked
    return (-SEVERITIES.index(hit.rule.severity), file_number, hit.rule.order)


def rule_check(prepared: Prepared) -> Safeguarding:
    """The most serious concern the rule files find in an utterance, or no concern."""
    hits = [(number, hit) for number, name in enumerate(RULE_FILES) for hit in fire(prepared, name)]
    if not hits:
        return NO_CONCERN
    best = min(hits, key=_rank)[1]
    severity = best.rule.severity
    if severity in {"medium", "high"} and first_match(prepared, _immediate_signs()) is not None:
        severity = "immediate"
    return Safeguarding(True, best.rule.kind, severity, best.rule.rule_id)


def check(prepared: Prepared) -> Safeguarding:
    """The rules' verdict if they fire; otherwise the learned model's, when it sees a likely concern."""
    found = rule_check(prepared)
    if found.concern:
        # The rules name what they found and how urgent it is; the model never overrides them.
        return found
    welsh = welsh_concern(prepared)
    if welsh is not None:
        return Safeguarding(True, welsh[0], welsh[1], f"welsh.{welsh[0]}")
    risk = risk_score(prepared)
    thresholds = risk_model()
    if (risk.kind is None or risk.concern_probability < thresholds.threshold or model_vetoed(prepared)
            or bare_reply(prepared)):
        return NO_CONCERN
    # A model-only alert is a hunch, so it is low unless the model is very sure; the DSL decides.
    severity = "medium" if risk.concern_probability >= thresholds.medium_threshold else "low"
    if severity == "medium" and first_match(prepared, _immediate_signs()) is not None:
        severity = "immediate"
    return Safeguarding(True, risk.kind, severity, "model")
