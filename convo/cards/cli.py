"""`convo parent-cards`: write a school's parent/carer cards as PDFs, one file per class."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import select

from ..extensions import db
from ..i18n import school_language
from ..models import SchoolClass
from ..schoolyear import academic_year_label, current_academic_year
from .content import cards_for_class
from .export import class_file_name, class_pupils, record_export


def classes_to_print(school_id: int, class_name: str | None, academic_year: int) -> list[SchoolClass]:
    """The school's classes this year, or the one named, in year-group order."""
    query = select(SchoolClass).where(SchoolClass.school_id == school_id,
                                      SchoolClass.academic_year == academic_year)
    if class_name:
        query = query.where(SchoolClass.name == class_name)
    return list(db.session.scalars(query.order_by(SchoolClass.year_group, SchoolClass.name)))


@click.command("parent-cards")
@click.option("--school", "urn", required=True, help="URN of the school.")
@click.option("--class", "class_name", help="Only this class (its name, as in Convo).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the PDFs into; made if it is not there.")
@click.option("--academic-year", type=int, help="Start year of the school year, e.g. 2026 for 2026/27.")
@click.option("--language", help="Language of the cards, e.g. en_GB or cy (default: the school's).")
@with_appcontext
def parent_cards_command(urn: str, class_name: str | None, out_dir: Path, academic_year: int | None,
                         language: str | None):
    """Write parent/carer cards as PDFs: one file per class, one page per pupil."""
    from ..cli import school_by_urn
    languages = current_app.config["LANGUAGES"]
    if language and language not in languages:
        raise click.BadParameter(f"choose one of {', '.join(languages)}", param_hint="--language")
    school = school_by_urn(urn)
    year = academic_year or current_academic_year()
    classes = classes_to_print(school.id, class_name, year)
    if not classes:
        which = f"class called {class_name!r}" if class_name else "classes"
        raise click.ClickException(f"{school.name} has no {which} in {academic_year_label(year)}.")
    from .pdf import cards_pdf  # fpdf2 loads only when cards are printed
    out_dir.mkdir(parents=True, exist_ok=True)
    with force_locale(language or school_language(school)):
        for school_class in classes:
            cards = cards_for_class(school_class, class_pupils(school_class), year)
            path = out_dir / class_file_name(school_class)
            path.write_bytes(cards_pdf(cards))
            record_export("command line", school_id=school.id, target=f"class:{school_class.id}",
                          pupils=len(cards), file=path.name)
            click.echo(f"{school_class.name}: {len(cards)} card(s) written to {path}")
    click.echo(f"Done: {len(classes)} file(s) in {out_dir}.")
