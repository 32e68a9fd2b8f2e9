"""`convo analyse`: understand pupils' words from a file or stdin, or score against labelled files."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

import click

from .analysis import analyse


def analyse_line(number: int, line: str) -> dict[str, Any]:
    """Analyse one input line (JSON {"id", "text", "year_group"} or plain text); never raises."""
    record_id: Any = number
    try:
        text, year_group = line, None
        if line.lstrip().startswith("{"):
            row = json.loads(line)
            if not isinstance(row, dict):
                raise ValueError("a JSON line must be an object")
            record_id = row.get("id", number)
            text, year_group = row.get("text"), row.get("year_group")
            if not isinstance(text, str):
                raise ValueError('a JSON line needs a "text" string')
        return {"id": record_id, **analyse(text, year_group).to_dict()}
    except Exception as problem:  # noqa: BLE001 - one bad line must never stop the run
        return {"id": record_id, "error": f"{type(problem).__name__}: {problem}"}


def read_lines(stream: BinaryIO) -> Iterator[str]:
    """Lines of a byte stream as text; undecodable bytes become U+FFFD rather than an error."""
    for raw in stream:
        yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


@click.command("analyse")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option("--score", "score_mode", is_flag=True, help="Score against labelled JSON Lines files instead.")
@click.option("--json", "as_json", is_flag=True, help="With --score, print the report as JSON.")
def analyse_command(files: tuple[str, ...], score_mode: bool, as_json: bool) -> None:
    """Analyse pupils' words: one JSON result per input line (JSON Lines or plain text).

    Reads FILE, or stdin when no FILE (or "-") is given. With --score, reads labelled
    files and prints each measure, the errors behind it, and the speed.
    """
    if score_mode:
        from .scoring import format_report, score

        if not files:
            raise click.UsageError("--score needs at least one labelled FILE")
        report = score(files)
        click.echo(json.dumps(report, ensure_ascii=False, indent=2) if as_json else format_report(report))
        return
    if len(files) > 1:
        raise click.UsageError("give one FILE (or none for stdin)")
    source = files[0] if files else "-"
    stream = sys.stdin.buffer if source == "-" else open(source, "rb")
    try:
        for number, line in enumerate(read_lines(stream), 1):
            click.echo(json.dumps(analyse_line(number, line), ensure_ascii=False))
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
