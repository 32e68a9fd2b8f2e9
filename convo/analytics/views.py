"""The careers leader's analytics page and its CSV downloads."""
from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, render_template, request
from flask_babel import gettext as _

from .. import audit
from ..access import require_staff, school_for
from ..extensions import db
from ..models import Role
from ..schoolyear import academic_year_label, current_academic_year, year_label
from . import charts, queries

bp = Blueprint("analytics", __name__, url_prefix="/schools/<int:school_id>/analytics")
bp.before_request(require_staff)


def _year() -> int:
    """The academic year asked for, or this one."""
    year = request.args.get("year", type=int) or current_academic_year()
    return year if 2000 <= year <= current_academic_year() + 1 else current_academic_year()


def kind_labels() -> dict:
    """Readable names for stereotype kinds and outcomes."""
    return {"gender": _("Gender"), "ability": _("Ability"), "social_class": _("Social class"),
            "ethnicity_or_religion": _("Ethnicity or religion"), "disability": _("Disability"),
            "age": _("Age"), "changed": _("Thinks differently now"), "same": _("Thinks the same"),
            "unsure": _("Not sure"), None: _("No answer")}


@bp.get("/")
def overview(school_id: int):
    """Aspirations by job family, the gender picture, stereotypes challenged and Benchmark 8 coverage."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    year = _year()
    cells = queries.families_by_year_and_sex(school.id, year)
    gender = queries.by_family_and_sex(cells)
    coverage = queries.coverage_by_class(school.id, year)
    stereotypes = queries.stereotypes_by_outcome(school.id, year)
    labels = kind_labels()
    total_pupils = sum(c.pupils for c in coverage)
    total_talked = sum(c.talked for c in coverage)
    return render_template(
        "analytics/overview.html", school=school, year=year, year_name=academic_year_label(year),
        families=queries.family_totals(cells), by_year=queries.by_family_and_year(cells), gender=gender,
        gender_chart=charts.girls_and_boys(gender, _("Pupils by job family and sex"),
                                           (_("Girls"), _("Boys"), _("Not recorded"))),
        coverage=coverage, total_pupils=total_pupils, total_talked=total_talked,
        coverage_chart=charts.percent_bars(
            [(c.class_name, c.share, f"{c.talked}/{c.pupils}") for c in coverage],
            _("Share of each class with a conversation this year")),
        stereotypes=stereotypes, labels=labels,
        stereotype_chart=charts.outcomes(stereotypes, _("Stereotypes challenged, by outcome"), labels),
        smallest=queries.SMALLEST_CELL)


def _safe(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


@bp.get("/<name>.csv")
def download(school_id: int, name: str):
    """One aggregate as CSV; small cells say "fewer than 5" rather than a number."""
    school = school_for(school_id, [Role.CAREERS_LEADER])
    year = _year()
    small = _("fewer than %(n)d", n=queries.SMALLEST_CELL)
    rows: list[list] = []
    if name == "aspirations":
        rows.append([_("Job family"), _("Year group"), _("Sex"), _("Pupils")])
        for (family, year_group, sex), n in sorted(queries.families_by_year_and_sex(school.id, year).items(),
                                                   key=lambda item: (item[0][0], item[0][1], str(item[0][2]))):
            shown = queries.suppress(n)
            rows.append([family, year_label(year_group), sex or _("Not recorded"), small if shown is None else shown])
    elif name == "stereotypes":
        labels = kind_labels()
        rows.append([_("Kind"), _("Outcome"), _("Times")])
        for kind, outcomes in queries.stereotypes_by_outcome(school.id, year).items():
            rows += [[labels.get(kind, kind), labels[o], n] for o, n in outcomes.items() if n]
    elif name == "coverage":
        rows.append([_("Class"), _("Year group"), _("Pupils"), _("Had a conversation"), _("Share")])
        rows += [[c.class_name, year_label(c.year_group), c.pupils, c.talked, f"{c.share:.0%}"]
                 for c in queries.coverage_by_class(school.id, year)]
    else:
        abort(404)
    audit.record("analytics_exported", school_id=school.id, export=name, academic_year=year)
    db.session.commit()
    out = io.StringIO()
    csv.writer(out).writerows([[_safe(cell) for cell in row] for row in rows])
    filename = f"convo-{name}-{academic_year_label(year).replace('/', '-')}.csv"
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
