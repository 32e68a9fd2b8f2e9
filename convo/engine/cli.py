"""Click commands for the `convo` group: check-prompts and export-lines."""

from __future__ import annotations

import os
from pathlib import Path

import click

from . import icons_dir, prompts_dir
from .checker import check
from .export import DEFAULT_LOCALE, export_json_lines
from .reading import MIN_EASE


def _shown(path: str) -> str:
    """A path relative to the current folder when that is shorter."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path
    return relative if not relative.startswith("..") else path


@click.command("check-prompts")
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option("--icons", type=click.Path(path_type=Path), help="Folder of icon SVGs (default: the vendored set).")
@click.option("--report", is_flag=True, help="Also print reading ease per file and band.")
def check_prompts_command(path: Path | None, icons: Path | None, report: bool) -> None:
    """Check conversation content and print `file:line CODE message` for each problem."""
    result = check(path or prompts_dir(), icons or icons_dir())
    for problem in result.problems:
        click.echo(f"{_shown(problem.file)}:{problem.line} {problem.code} {problem.message}")
    if report:
        click.echo("band        ease  min   sentences  words  longest  file")
        for (file, band), score in sorted(result.readability.items(), key=lambda item: (item[0][1], item[0][0])):
            click.echo(f"{band:<10} {score.ease:>5} {MIN_EASE[band]:>5} {score.sentences:>10} {score.words:>6} "
                       f"{score.longest:>8}  {_shown(file)}")
    lines, sessions = len(result.content.lines), len(result.content.sessions)
    click.echo(f"{len(result.problems)} problems in {sessions} sessions and {lines} lines.", err=True)
    if result.problems:
        raise SystemExit(1)


@click.command("export-lines")
@click.option("--locale", default=DEFAULT_LOCALE, show_default=True, help="Locale to export, e.g. cy.")
@click.option("--prompts", "path", type=click.Path(exists=True, path_type=Path), help="Content folder.")
@click.option("--translations", type=click.Path(path_type=Path), help="Folder holding <locale>/LC_MESSAGES.")
def export_lines_command(locale: str, path: Path | None, translations: Path | None) -> None:
    """Write every pupil-facing line as JSON Lines: {"id", "band", "text", "kind"}."""
    for text in export_json_lines(path or prompts_dir(), locale, translations):
        click.echo(text)
