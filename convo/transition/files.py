"""The files of a transition pack: one zip per destination school, and reading its document back.

The zip holds:

- ``README.txt``: what each file is, in plain words;
- ``transition-pack.json``: the whole pack, following the published JSON Schema;
- ``pupils.csv``: one row per pupil keyed by UPN, for import into the secondary school's MIS;
- ``my-future/NNN-surname-forename.pdf``: each pupil's one-page "My future" summary (no UPN).
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..models import School
from ..schoolyear import academic_year_label
from .schema import SCHEMA_VERSION, check_before_writing, schema_id

DOCUMENT = "transition-pack.json"
CSV_FILE = "pupils.csv"
README = "README.txt"
PDF_FOLDER = "my-future"
#: The CSV's columns, in order, with what each holds (written into the README too).
CSV_COLUMNS = (
    ("upn", _l("Unique Pupil Number (the key to match the pupil in your MIS)")),
    ("surname", _l("Surname")),
    ("forename", _l("Preferred forename")),
    ("date_of_birth", _l("Date of birth (YYYY-MM-DD), to match a pupil whose UPN does not")),
    ("primary_school_urn", _l("The primary school's URN")),
    ("primary_school", _l("The primary school's name")),
    ("latest_aspiration", _l("The job they most recently said they would like to do")),
    ("latest_aspiration_soc2020", _l("Its SOC 2020 unit group")),
    ("latest_aspiration_in_their_words", _l("What they said, in their own words")),
    ("earlier_aspirations", _l("Earlier jobs, oldest first, each as title (SOC 2020 code, year group "
                               "such as Y4), separated by ' | '")),
    ("interests", _l("Interests, separated by ' | '")),
    ("skills", _l("Skills, separated by ' | '")),
    ("subjects", _l("Subjects, separated by ' | '")),
    ("find_out_at_secondary", _l("What they want to find out at secondary school, separated by ' | '")),
    ("stereotype_reflections", _l("Stereotype reflections the pupil chose to share, separated by ' | '")),
    ("pdf_file", _l("Their one-page summary in this zip")),
)
# Spreadsheets run a cell starting with one of these as a formula when a CSV is opened.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _utc_text(moment: datetime) -> str:
    """A time as ISO 8601 in UTC, e.g. "2027-06-30T14:05:00Z"; naive times are already UTC here."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def pack_document(*, sender: School, destination_dfe: str, destination_name: str | None,
                  academic_year: int, records: list[dict[str, Any]], built_at: datetime) -> dict[str, Any]:
    """The pack's JSON document, as the published schema describes it."""
    return {
        "schema": schema_id(),
        "schema_version": SCHEMA_VERSION,
        "generated_at": _utc_text(built_at),
        "academic_year": academic_year,
        "from_school": {"name": sender.name, "urn": sender.urn, "dfe_number": sender.dfe_number},
        "to_school": {"dfe_number": destination_dfe, "name": destination_name},
        "pupils": records,
    }


def _slug(text: str) -> str:
    """A name as plain lowercase ASCII for a file name, e.g. "Zoë O'Brien" → "zoe-obrien"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "")).strip("-") or "pupil"


def pdf_names(records: list[dict[str, Any]]) -> list[str]:
    """Each pupil's PDF file name in the zip, numbered in pack order so no two clash."""
    width = max(3, len(str(len(records))))
    return [f"{PDF_FOLDER}/{number:0{width}d}-{_slug(r['surname'])}-{_slug(r['forename'])}.pdf"
            for number, r in enumerate(records, start=1)]


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _joined(items: list[dict[str, Any]], key: str = "text") -> str:
    """A list of the pupil's answers in one cell."""
    return " | ".join(item[key] for item in items)


def csv_row(record: dict[str, Any], pdf_name: str) -> list[str]:
    """One pupil's CSV row, in CSV_COLUMNS order."""
    aspirations = record["aspirations"]
    latest = aspirations[-1] if aspirations else {}
    earlier = " | ".join(
        f"{a['title']} ({a['soc2020'] or '-'}, Y{a['year_group']})" for a in aspirations[:-1])
    stereotypes = " | ".join(f"{s['kind']}: {s['said']} ({s['view_after'] or 'no answer'})"
                             for s in record["stereotype_reflections"])
    values = [record["upn"], record["surname"], record["forename"], record["date_of_birth"],
              record["primary_school"]["urn"], record["primary_school"]["name"], latest.get("title"),
              latest.get("soc2020"), latest.get("said"), earlier, _joined(record["interests"]),
              _joined(record["skills"]), _joined(record["subjects"]),
              _joined(record["find_out_at_secondary"]), stereotypes, pdf_name]
    return [safe_cell(value) for value in values]


def pupils_csv(records: list[dict[str, Any]], names: list[str]) -> bytes:
    """The CSV for the secondary school's MIS, in UTF-8 with a byte-order mark so Excel reads it."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column for column, _meaning in CSV_COLUMNS])
    writer.writerows(csv_row(record, name) for record, name in zip(records, names, strict=True))
    return out.getvalue().encode("utf-8-sig")


def readme(document: dict[str, Any]) -> str:
    """The pack's README: who it is from and for, and what each file holds."""
    to_school = document["to_school"]["name"] or document["to_school"]["dfe_number"]
    lines = [
        _("Transition pack from %(school)s (URN %(urn)s) for %(to)s, %(year)s.",
          school=document["from_school"]["name"], urn=document["from_school"]["urn"], to=to_school,
          year=academic_year_label(document["academic_year"])),
        _("It holds what %(count)d pupils said about their futures in careers conversations at "
          "primary school, in their own words.", count=len(document["pupils"])),
        "",
        f"{PDF_FOLDER}/  " + _("One page per pupil, \"My future\", to share with form tutors and the "
                              "pupil. The pages carry names but no UPN."),
        f"{CSV_FILE}  " + _("One row per pupil keyed by UPN, for import into your MIS (UTF-8)."),
        f"{DOCUMENT}  " + _("Everything in the pack, following the JSON Schema %(schema)s.",
                            schema=document["schema"]),
        "",
        _("Columns of %(file)s:", file=CSV_FILE),
        *(f"  {column}: {meaning}" for column, meaning in CSV_COLUMNS),
        "",
        _("No safeguarding information, special educational needs detail or staff notes are in this "
          "pack: those travel by your usual secure routes. Please keep it as you keep other pupil "
          "records and delete it under your own retention policy."),
    ]
    return "\r\n".join(lines) + "\r\n"


def _entry(name: str, built_at: datetime) -> zipfile.ZipInfo:
    """A zip entry dated when the pack was built, so the same pack gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=built_at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def write_pack(path: Path, *, sender: School, destination_dfe: str, destination_name: str | None,
               academic_year: int, records: list[dict[str, Any]], built_at: datetime,
               on_pupil: Callable[[int], None] | None = None) -> None:
    """Write one destination's pack as a zip at `path`, calling `on_pupil(n)` after each pupil's page."""
    document = pack_document(sender=sender, destination_dfe=destination_dfe,
                             destination_name=destination_name, academic_year=academic_year,
                             records=records, built_at=built_at)
    check_before_writing(document)
    # fpdf2 and fontTools load only when a pack is built, not in every web worker.
    from .fonts import lean_fonts
    from .pdf import pupil_pdf
    names = pdf_names(records)
    fonts = lean_fonts()
    with zipfile.ZipFile(path, "w") as pack:
        pack.writestr(_entry(README, built_at), readme(document).encode("utf-8"))
        pack.writestr(_entry(DOCUMENT, built_at),
                      json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
        pack.writestr(_entry(CSV_FILE, built_at), pupils_csv(records, names))
        for done, (record, name) in enumerate(zip(records, names, strict=True), start=1):
            pack.writestr(_entry(name, built_at), pupil_pdf(record, fonts, built_at))
            if on_pupil is not None:
                on_pupil(done)


def read_pack_document(path: Path) -> dict[str, Any]:
    """The JSON document inside a pack's zip."""
    with zipfile.ZipFile(path) as pack:
        return json.loads(pack.read(DOCUMENT).decode("utf-8"))
