"""The data files hang together: codes exist, titles resolve, patterns compile, nothing impure."""
from __future__ import annotations

import re
from pathlib import Path

import convo.understanding as understanding
from convo.understanding.aspirations import description_rules
from convo.understanding.clauses import wish_rules
from convo.understanding.data import DATA_DIR, load_yaml
from convo.understanding.follow_ups import _specialisms, follow_ups
from convo.understanding.lexicon import job_families, lexicon, unit_groups
from convo.understanding.rules import load_rules
from convo.understanding.safeguarding import KINDS as CONCERN_KINDS
from convo.understanding.stereotypes import KINDS as STEREOTYPE_KINDS
from convo.understanding.unsure import unsure_rules

PACKAGE = Path(understanding.__file__).resolve().parent


def test_every_children_job_has_a_real_code_and_family() -> None:
    """Each job in occupations.yaml codes to a published unit group and an NCS job family."""
    groups, families = unit_groups(), set(job_families())
    for entry in load_yaml("occupations.yaml")["occupations"]:
        assert entry["soc"] in groups, entry
        assert (entry.get("family") or groups[entry["soc"]]["family"]) in families, entry


def test_every_unit_group_has_a_family() -> None:
    """All 412 unit groups map to an NCS job category."""
    groups, families = unit_groups(), set(job_families())
    assert len(groups) == 412 and all(g["family"] in families for g in groups.values())


def test_descriptions_and_follow_ups_name_known_jobs() -> None:
    """Every description and specialism points at a job title in occupations.yaml."""
    assert description_rules()
    for title in follow_ups():
        assert title in lexicon().by_title
        _specialisms(title)


def test_rule_files_compile_with_known_kinds() -> None:
    """Safeguarding and stereotype rules compile and use only the documented kinds and severities."""
    for rule in load_rules("safeguarding.yaml"):
        assert rule.kind in CONCERN_KINDS and rule.severity in {"low", "medium", "high", "immediate"}
    assert {r.kind for r in load_rules("safeguarding.yaml")} == set(CONCERN_KINDS)
    assert {r.kind for r in load_rules("stereotypes.yaml")} == set(STEREOTYPE_KINDS)


def test_welsh_list_names_known_kinds_and_severities() -> None:
    """Every kind in the Welsh safety net is a concern kind, with a known severity and some phrases."""
    from convo.understanding.data import load_yaml

    kinds = load_yaml("safeguarding_cy.yaml")["kinds"]
    assert set(kinds) == set(CONCERN_KINDS)
    for kind, entry in kinds.items():
        assert entry["severity"] in {"low", "medium", "high", "immediate"}, kind
        assert entry["phrases"], kind
    assert all(wish_rules().values()) and all(unsure_rules())


def test_every_data_file_has_a_version() -> None:
    """YAML data files carry a version key."""
    for path in DATA_DIR.glob("*.yaml"):
        assert load_yaml(path.name).get("version") == 1, path.name


def test_package_is_pure() -> None:
    """No Flask, no database, no network in the understanding package."""
    forbidden = re.compile(r"^\s*(?:from|import)\s+(flask|sqlalchemy|requests|urllib|http|socket)\b", re.M)
    for path in PACKAGE.rglob("*.py"):
        assert not forbidden.search(path.read_text(encoding="utf-8")), path


def test_modules_stay_small() -> None:
    """Modules stay under about 300 lines."""
    for path in PACKAGE.rglob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 300, path


def test_ons_data_is_attributed() -> None:
    """The copied ONS and NCS data carry their licence attribution."""
    text = (PACKAGE / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "Source: Office for National Statistics licensed under the Open Government Licence v3.0" in text
    assert "National Careers Service" in text
