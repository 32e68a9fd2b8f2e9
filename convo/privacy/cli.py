"""Commands for the school's data duties: the daily purge, erasing a pupil, and subject access."""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click
from flask import render_template
from sqlalchemy import select

from ..extensions import db
from ..models import Pupil, School
from . import erasure, subject_access
from .retention import purge_school


def _pupil(urn: str, upn: str) -> Pupil:
    """The pupil with this UPN in the school with this URN, or a clear error."""
    from ..cli import school_by_urn
    school = school_by_urn(urn)
    pupil = db.session.scalar(select(Pupil).where(Pupil.school_id == school.id,
                                                  Pupil.upn == upn.strip().upper()))
    if pupil is None:
        raise click.ClickException(f"No pupil with UPN {upn} at URN {urn}.")
    return pupil


def _summary(removed) -> str:
    """The counts of one purge in a line."""
    return (f"{removed.pupils} pupils, {removed.conversations} conversations ({removed.turns} answers), "
            f"{removed.aspirations} aspirations, {removed.reflections} reflections, "
            f"{removed.stereotype_events} stereotype events, {removed.teacher_notes} notes, "
            f"{removed.pack_files} transition pack files, {removed.concerns} closed safeguarding concerns")


@click.command("purge")
@click.option("--school", "urn", help="Only this school (URN); otherwise every school.")
@click.option("--dry-run", is_flag=True, help="Say what would go, change nothing.")
@click.option("--today", type=click.DateTime(["%Y-%m-%d"]), hidden=True,
              help="Run as if on this day (for checking a schedule).")
def purge_command(urn: str | None, dry_run: bool, today):
    """Remove what each school's retention periods say is due; safe to run every day."""
    from ..cli import school_by_urn
    day = today.date() if today else date.today()
    schools = [school_by_urn(urn)] if urn else list(db.session.scalars(select(School).order_by(School.name)))
    failed = 0
    for school in schools:
        label = f"{school.name} (URN {school.urn})"
        try:
            result = purge_school(school, day, dry_run=dry_run)
        except Exception as error:  # One school's failure must not stop the others' purge.
            failed += 1
            click.echo(f"{label}: nothing was removed, because of an error: {error}", err=True)
            continue
        if result.already_ran:
            click.echo(f"{label}: nothing is due; the purge already ran for this day.")
        elif not result.removed.total():
            click.echo(f"{label}: nothing is due today.")
        else:
            verb = "would remove" if dry_run else "removed"
            click.echo(f"{label}: {verb} {_summary(result.removed)}.")
        if result.open_concerns_past_date:
            click.echo(f"{label}: {result.open_concerns_past_date} safeguarding concerns are past their "
                       "keep-until date but still open; they are kept until the DSL closes them.")
        for name in result.failed_files:
            click.echo(f"{label}: could not delete the file {name}; delete it by hand.", err=True)
    if failed:
        sys.exit(1)


@click.command("erase-pupil")
@click.option("--school", "urn", required=True, help="URN of the pupil's school.")
@click.option("--upn", required=True, help="The pupil's UPN.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_pupil_command(urn: str, upn: str, yes: bool):
    """Erase one pupil: their details and careers record; safeguarding records stay with the DSL."""
    pupil = _pupil(urn, upn)
    if not yes:
        click.confirm(f"Erase {pupil.display_name} (UPN {pupil.upn}) and their whole careers record? "
                      "This cannot be undone.", abort=True)
    removed = erasure.erase_pupil(pupil, how="command line")
    click.echo(f"Erased the pupil: {removed.conversations} conversations, {removed.aspirations} "
               f"aspirations, {removed.reflections} reflections, {removed.stereotype_events} stereotype "
               f"events and {removed.teacher_notes} notes. Transition pack files already built are not "
               "changed; they go when the retention period ends.")
    click.echo(str(erasure.KEPT_BY_DSL))


@click.command("subject-access")
@click.option("--school", "urn", required=True, help="URN of the pupil's school.")
@click.option("--upn", required=True, help="The pupil's UPN.")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the JSON file and the printable HTML page into.")
def subject_access_command(urn: str, upn: str, out: Path):
    """Write everything held about one pupil (safeguarding records aside) as JSON and HTML."""
    pupil = _pupil(urn, upn)
    export = subject_access.gather(pupil)
    out.mkdir(parents=True, exist_ok=True)
    stem = subject_access.file_stem(pupil)
    (out / f"{stem}.json").write_text(subject_access.as_json(export), encoding="utf-8")
    (out / f"{stem}.html").write_text(render_template("privacy/subject_access_file.html", export=export),
                                      encoding="utf-8")
    subject_access.record_export(pupil, how="command line")
    click.echo(f"Wrote {stem}.json and {stem}.html to {out}.")
    click.echo(str(subject_access.SAFEGUARDING_NOT_INCLUDED))
