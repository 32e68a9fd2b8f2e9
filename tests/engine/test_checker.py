"""The content checker: one broken fixture per code, the catalogue, and the real content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from convo.engine import check, icons_dir
from convo.engine.cli import check_prompts_command
from convo.engine.model import BANDS, STEREOTYPE_KINDS

from .conftest import BASE, INVALID

CATALOGUE = Path(__file__).parents[2] / "docs" / "prompt-checks.md"
CODE = re.compile(r"\bCP\d{3}\b")


def all_codes() -> set[str]:
    """Every code the checker's source can raise."""
    source = Path(check.__code__.co_filename).parent
    return {code for path in source.glob("*.py") for code in CODE.findall(path.read_text(encoding="utf-8"))}


def catalogued() -> set[str]:
    """Codes with a heading in the catalogue."""
    return set(re.findall(r"^### (CP\d{3}) ", CATALOGUE.read_text(encoding="utf-8"), re.MULTILINE))


def test_base_fixture_is_clean():
    """The base every broken fixture is added to has no problems of its own."""
    assert check(BASE, icons_dir()).problems == []


def test_every_code_has_a_catalogue_entry_and_a_fixture():
    """Each code in the checker is documented and has exactly one broken example file."""
    codes = all_codes()
    assert codes, "no codes found"
    assert codes == catalogued()
    assert codes == {path.stem for path in INVALID.glob("CP*.yaml")}


@pytest.mark.parametrize("fixture", sorted(INVALID.glob("CP*.yaml")), ids=lambda p: p.stem)
def test_fixture_raises_exactly_its_code(fixture, with_fixture):
    """A broken fixture triggers its own code and nothing else."""
    problems = check(with_fixture(fixture), icons_dir()).problems
    assert {p.code for p in problems} == {fixture.stem}, [str(p) for p in problems]
    assert all(p.line >= 1 for p in problems)


def test_messages_point_to_the_line_and_suggest_a_fix(with_fixture):
    """An unknown node is reported on the node's line with a 'did you mean'."""
    (problem,) = check(with_fixture(INVALID / "CP201.yaml"), icons_dir()).problems
    assert problem.file.endswith("CP201.yaml") and problem.line == 10
    assert "Did you mean 'two'?" in problem.message


def test_real_content_has_no_problems(content):
    """The shipped content passes every check."""
    assert content.sessions


def test_each_band_has_six_sessions_and_year_6_moves_to_secondary(content):
    """At least six sessions per band, with the same six themes, and Year 6 only for moving up."""
    themes = {"things_i_love", "jobs_i_know", "jobs_in_my_community", "skills_and_subjects",
              "never_thought_of", "then_and_now"}
    for band in BANDS:
        ids = {sid for (b, sid) in content.sessions if b == band}
        assert themes <= ids, band
    moving = content.session("upper_ks2", "moving_to_secondary")
    assert moving.years == (6,)


def test_tapping_bands_never_type_and_typing_bands_have_cards(content):
    """Reception and KS1 only tap; every KS2 typed answer has cards to tap instead."""
    for session in content.sessions.values():
        for node in session.nodes.values():
            if node.text is not None:
                assert session.band not in ("reception", "ks1")
                assert node.cards


def test_replies_answer_every_stereotype_in_every_band(content):
    """Each band can answer all six kinds of stereotype."""
    for band in BANDS:
        assert set(content.replies[band].stereotypes) == set(STEREOTYPE_KINDS)


def test_proactive_challenges_cover_twenty_jobs_with_sourced_statistics(content):
    """At least 20 skewed jobs, a line for every band, and every statistic sourced with a URL."""
    assert len(content.challenges) >= 20
    sourced = 0
    for challenge in content.challenges.values():
        assert set(challenge.lines) == set(BANDS), challenge.key
        assert all(code.isdigit() and len(code) == 4 for code in challenge.soc2020)
        for line in challenge.lines.values():
            if line.source:
                source = content.sources[line.source]
                assert source.url.startswith("https://") and source.publisher and source.year >= 2019
                sourced += 1
    assert sourced >= 8


def test_cli_prints_file_line_code_and_exits_1(with_fixture):
    """`check-prompts` prints `file:line CODE message` and fails on problems."""
    result = CliRunner().invoke(check_prompts_command, [str(with_fixture(INVALID / "CP302.yaml"))])
    assert result.exit_code == 1
    assert re.search(r"CP302\.yaml:\d+ CP302 'brilliant'", result.output)


def test_cli_passes_real_content_and_reports_reading_ease():
    """`check-prompts --report` on the real content exits 0 and prints a score per file."""
    result = CliRunner().invoke(check_prompts_command, ["--report"])
    assert result.exit_code == 0, result.output
    assert "upper_ks2" in result.output and "ease" in result.output
