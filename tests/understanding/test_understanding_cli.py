"""`convo analyse`: JSON Lines or plain text in, one JSON object per line out; and --score."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from convo.understanding.cli import analyse_command

KEYS = {"id", "aspirations", "fantasy", "unsure", "stereotype", "safeguarding", "personal_details", "redacted"}
HERE = Path(__file__).resolve().parent


def run(args: list[str], stdin: bytes | str | None = None) -> list[dict]:
    """Run the command and parse its JSON lines."""
    result = CliRunner().invoke(analyse_command, args, input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def test_plain_text_lines_use_line_numbers() -> None:
    """Plain text: one result per line, id = line number."""
    out = run([], "i want to be a vet\nidk\n")
    assert [o["id"] for o in out] == [1, 2]
    assert set(out[0]) == KEYS
    assert out[0]["aspirations"][0]["soc2020"] == "2240"
    assert out[1]["unsure"] is True


def test_json_lines_keep_their_ids(tmp_path: Path) -> None:
    """JSON Lines: the id and year group come from each object."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a-1", "text": "fie fiter", "year_group": "R"}) + "\n", encoding="utf-8")
    out = run([str(source)])
    assert out[0]["id"] == "a-1" and out[0]["aspirations"][0]["title"] == "firefighter"


def test_bad_lines_get_an_error_and_the_run_goes_on() -> None:
    """Broken JSON and a missing text give an "error" line; bad bytes are read as text; later lines run."""
    stdin = b'{"id": 1, "text": \n{"id": "x"}\n{"text": 5}\n\xff\xfe not utf-8\n[1, 2]\ni want to be a chef\n'
    out = run([], stdin)
    assert len(out) == 6
    assert all("error" in o for o in out[:3])
    assert out[1]["id"] == "x"
    assert "error" not in out[3] and "error" not in out[4]
    assert out[5]["aspirations"][0]["title"] == "chef"


def test_score_reports_measures_and_errors() -> None:
    """--score prints every measure, the speed and the first-call time."""
    result = CliRunner().invoke(analyse_command, ["--score", str(HERE / "dev_utterances_blind.jsonl")])
    assert result.exit_code == 0, result.output
    for words in ["safeguarding recall", "false alarms", "SOC 4-digit accuracy", "flags right",
                  "stereotype detection F1", "personal-details recall", "utterances/s", "first analyse()"]:
        assert words in result.output


def test_score_json() -> None:
    """--score --json gives machine-readable figures."""
    report = json.loads(CliRunner().invoke(
        analyse_command, ["--score", "--json", str(HERE / "dev_utterances_blind.jsonl")]
    ).output)
    names = [m["name"] for m in report["measures"]]
    assert len(names) == 6 and report["speed"]["utterances_per_second"] > 0


def test_score_needs_a_file() -> None:
    """--score without files is a usage error."""
    assert CliRunner().invoke(analyse_command, ["--score"]).exit_code != 0
