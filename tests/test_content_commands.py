"""The content and understanding commands run from `convo` with no app, database or secret key."""
import json

from click.testing import CliRunner

from convo.cli import main


def test_check_prompts_is_clean():
    """The shipped conversation content has no problems."""
    result = CliRunner().invoke(main, ["check-prompts"], env={"CONVO_SECRET_KEY": ""})
    assert result.exit_code == 0, result.output
    assert "0 problems" in result.output


def test_export_lines_for_reviewers():
    """Every pupil-facing line comes out as one JSON object with id, band, text and kind."""
    result = CliRunner().invoke(main, ["export-lines"])
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert len(rows) > 1000
    assert {row["band"] for row in rows} >= {"reception", "ks1", "lower_ks2", "upper_ks2"}
    assert {row["kind"] for row in rows} <= {"say", "choice", "card"}
    assert len({row["id"] for row in rows}) == len(rows)


def test_analyse_reads_json_lines_and_plain_text():
    """`convo analyse` codes each line and never stops at a bad one."""
    lines = '{"id": "a1", "text": "i wanna be a fie fiter", "year_group": "Y1"}\nnot json but a line\n{"id": 5}\n'
    result = CliRunner().invoke(main, ["analyse"], input=lines)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert out[0]["id"] == "a1" and out[0]["aspirations"][0]["soc2020"] == "3313"
    assert len(out) == 3 and ("error" in out[2] or out[2]["aspirations"] == [])
