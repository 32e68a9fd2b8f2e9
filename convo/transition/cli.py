"""`convo export-transition`: build a school's packs from the shell, one zip per destination."""
from __future__ import annotations

import shutil
from pathlib import Path

import click

from .. import audit
from ..extensions import db


@click.command("export-transition")
@click.option("--school", "urn", required=True, help="URN of the primary school.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write one zip per destination school into.")
@click.option("--academic-year", type=int, help="Start year of the leavers' academic year, e.g. 2026.")
@click.option("--mark-sent", is_flag=True,
              help="Record each written pack as sent, so its retention period starts; older sent packs "
                   "to the same school are withdrawn.")
def export_transition_command(urn: str, out_dir: Path, academic_year: int | None, mark_sent: bool):
    """Build a transition pack for every destination secondary school of a year's leavers."""
    from ..cli import school_by_urn
    from .operations import send_pack
    from ..schoolyear import academic_year_label, current_academic_year
    from .build import build_pack
    from .plan import destinations, plan_packs
    from .storage import pack_path
    school = school_by_urn(urn)
    year = academic_year or current_academic_year()
    _found, missing = destinations(school, year)
    packs = plan_packs(school, year, built_by=None)
    if not packs:
        raise click.ClickException(f"No Year 6 pupil at {school.name} has a destination school in "
                                   f"{academic_year_label(year)}.")
    audit.record("transition_packs_built", school_id=school.id, target=f"batch:{packs[0].batch}",
                 packs=len(packs), pupils=sum(p.pupils_total for p in packs), academic_year=year,
                 how="command line")
    db.session.commit()
    out_dir.mkdir(parents=True, exist_ok=True)
    failed = 0
    with click.progressbar(length=sum(p.pupils_total for p in packs), label="Building packs") as bar:
        for pack in packs:
            build_pack(pack)
            bar.update(pack.pupils_total)
            if pack.status != "ready":
                failed += 1
                continue
            target = out_dir / f"transition-{school.urn}-{pack.destination_dfe}-{year}.zip"
            shutil.copyfile(pack_path(pack), target)
            audit.record("transition_pack_downloaded", school_id=school.id, target=f"pack:{pack.id}",
                         by="command line", pupils=pack.pupils_total)
            if mark_sent:
                send_pack(pack, None, how="command line")
            db.session.commit()
            click.echo(f"  {target.name}: {pack.pupils_total} pupils for "
                       f"{pack.destination_name or 'DfE ' + pack.destination_dfe}"
                       + (", marked as sent" if mark_sent else ""))
    if missing:
        click.echo(f"{len(missing)} pupil(s) have no destination school on the roster and are in no pack.")
    if failed:
        raise click.ClickException(f"{failed} pack(s) failed to build; see the log.")
    click.echo(f"Wrote {len(packs)} pack(s) to {out_dir}.")
