"""The documents in docs/ stay true to the code wherever a fact can be checked mechanically."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from wtforms.validators import NumberRange

from convo.analytics.queries import SMALLEST_CELL
from convo.config import Defaults
from convo.models import SafeguardingSettings, School
from convo.safeguarding.contacts import DEFAULT_ESCALATION_MINUTES
from convo.safeguarding.forms import EscalationForm
from convo.safeguarding.labels import KIND_LABELS
from convo.safeguarding.mail import MAX_BACKOFF
from convo.understanding.rules import SEVERITIES
from convo.understanding.safeguarding import KINDS, RULE_FILES

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RULES = ROOT / "convo" / "understanding" / "data"
PROMPTS = ROOT / "prompts"
BANDS = ("reception", "ks1", "lower_ks2", "upper_ks2")



def read(name: str) -> str:
    """One document's text."""
    return (DOCS / name).read_text(encoding="utf-8")


def column_default(column) -> int:
    """The Python-side default of a model column."""
    return column.default.arg


def numbers(pattern: str, text: str) -> list[int]:
    """Every number the pattern's first group captures."""
    return [int(found) for found in re.findall(pattern, text)]


def test_careers_retention_default_matches_the_model():
    """The careers period the documents give is the model's default, wherever it is stated."""
    default = column_default(School.__table__.c.careers_retention_months)
    assert School.__table__.c.careers_retention_months.server_default.arg == str(default)
    schedule = read("retention-schedule.md")
    row = next(line for line in schedule.splitlines() if line.startswith("| Careers record, after"))
    assert numbers(r"\*\*(\d+) months\*\*", row) == [default]
    stated = numbers(r"\*\*(\d+) months\*\*", schedule)
    stated += numbers(r"until (\d+) months", read("record-of-processing.md") + read("dpia.md"))
    assert len(stated) >= 4 and set(stated) == {default}


def test_concern_retention_default_matches_the_model():
    """The safeguarding retention age the documents give is the model's default, everywhere."""
    default = column_default(School.__table__.c.concern_retention_age)
    assert School.__table__.c.concern_retention_age.server_default.arg == str(default)
    schedule = read("retention-schedule.md")
    row = next(line for line in schedule.splitlines() if line.startswith("| Safeguarding concerns, until"))
    assert numbers(r"\*\*(\d+)(?:st|nd|rd|th) birthday\*\*", row) == [default]
    everything = "".join(read(name) for name in ("retention-schedule.md", "record-of-processing.md",
                                                 "dpia.md", "safeguarding-protocol.md"))
    # The range a DSL may choose ("18th to 30th birthday") is not the default.
    everything = re.sub(r"\d+(?:st|nd|rd|th) to \d+(?:st|nd|rd|th) birthday", "", everything)
    stated = numbers(r"(\d+)(?:st|nd|rd|th) birthday", everything)
    assert len(stated) >= 5 and set(stated) == {default}


def test_escalation_minutes_match_the_settings():
    """The default and the range of the escalation time are the code's."""
    default = column_default(SafeguardingSettings.__table__.c.escalation_minutes)
    assert default == DEFAULT_ESCALATION_MINUTES
    protocol = read("safeguarding-protocol.md")
    assert numbers(r"default\s+\*\*(\d+) minutes\*\*", protocol) == [default]
    assert numbers(r"default (\d+) minutes", read("dpia.md")) == [default]
    limits = next(v for v in EscalationForm.escalation_minutes.kwargs["validators"]
                  if isinstance(v, NumberRange))
    assert re.search(rf"may set {limits.min} to {limits.max} minutes", protocol)


def test_kinds_listed_are_the_kinds_detected():
    """The protocol's table lists exactly the kinds the rules and the model use, with the DSL's labels."""
    table = re.findall(r"^\| `(\w+)` \| ([^|]+?) \|$", read("safeguarding-protocol.md"), flags=re.MULTILINE)
    listed = {kind: label for kind, label in table}
    in_rules = set()
    for name in RULE_FILES:
        data = yaml.safe_load((RULES / name).read_text(encoding="utf-8"))
        in_rules |= {rule["kind"] for rule in data["rules"]}
    assert list(listed) == list(KINDS)
    assert in_rules == set(KINDS)
    assert set(KIND_LABELS) - {"other"} == set(KINDS)
    assert all(listed[kind] == str(KIND_LABELS[kind]) for kind in KINDS)


def test_severities_listed_in_order():
    """The protocol names the severities in the rules' order, lowest first."""
    found = re.search(r"Severities, from lowest: (.+?)\. ", read("safeguarding-protocol.md").replace("\n", " "))
    assert found is not None
    assert re.findall(r"`(\w+)`", found.group(1)) == list(SEVERITIES)


@pytest.mark.parametrize("band", BANDS)
def test_pupil_reply_quoted_is_the_reply_given(band):
    """The words the protocol says a pupil sees after a concern are the content's, for every band."""
    lines = yaml.safe_load((PROMPTS / band / "replies.yaml").read_text(encoding="utf-8"))["lines"]
    quotes = re.findall(r"^> (.+)$", read("safeguarding-protocol.md"), flags=re.MULTILINE)
    assert quotes[0] == lines["concern"]
    if band == "ks1":
        assert f'Key Stage 1\'s version of this line says "{lines["concern_end"]}"' in \
            read("safeguarding-protocol.md").replace("\n", " ")
    else:
        assert quotes[1] == lines["concern_end"]
    assert "secret" not in lines["concern"].lower() and "secret" not in lines["concern_end"].lower()


def test_other_figures_match_the_code():
    """Small figures the documents quote: suppression, link and session lifetimes, e-mail retry."""
    suppressed = numbers(r"under (\d+) pupils", read("dpia.md"))
    assert len(suppressed) == 2 and set(suppressed) == {SMALLEST_CELL}
    staff = read("staff-privacy-notice.md")
    assert numbers(r"expires after (\d+) days", staff) == [Defaults.PASSWORD_LINK_LIFETIME.days]
    assert numbers(r"(\d+) hours after it was last renewed", staff.replace("\n", " ")) == \
        [Defaults.PERMANENT_SESSION_LIFETIME.total_seconds() // 3600]
    assert numbers(r"never more than (\d+) minutes apart", read("safeguarding-protocol.md")) == \
        [MAX_BACKOFF.total_seconds() // 60]


def test_every_command_named_exists(app):
    """Each `convo …` command the documents tell a school to run is one the app has."""
    from convo.cli import main
    named = set()
    for path in DOCS.glob("*.md"):
        named |= set(re.findall(r"`convo ([a-z][a-z-]+)", path.read_text(encoding="utf-8")))
    registered = set(app.cli.commands) | set(main.commands)
    assert {"send-alerts", "send-weekly-summary", "purge"} <= named
    assert not named - registered, "commands the documents name but the app lacks"


def test_links_resolve_and_every_document_is_indexed():
    """Every relative link in docs/ points at a file that exists, and docs/README.md lists every document."""
    for path in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", path.read_text(encoding="utf-8")):
            if "://" in target:
                continue
            assert (path.parent / target).resolve().exists(), f"{path.name} links to missing {target}"
    index = set(re.findall(r"\]\(([\w-]+\.md)\)", read("README.md")))
    assert index == {p.name for p in DOCS.glob("*.md")} - {"README.md"}


def test_nothing_points_outside_the_repository():
    """The documents link only into the repository, never to a local path of one machine."""
    for path in DOCS.glob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\]\(/", text), path.name
        assert "file://" not in text, path.name
