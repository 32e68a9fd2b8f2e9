"""A pack's zip: the JSON document, the CSV for the MIS, one PDF page per pupil, and the README."""
from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime

import jsonschema
import pytest
from pypdf import PdfReader

from convo.transition.content import pupil_records
from convo.transition.files import (CSV_COLUMNS, CSV_FILE, DOCUMENT, README, pdf_names, read_pack_document,
                                    write_pack)
from convo.transition.schema import problems, validate

from .conftest import CANARIES, DESTINATION

BUILT_AT = datetime(2027, 6, 30, 14, 5)


@pytest.fixture
def pack_file(two_schools, leavers, tmp_path):
    """A pack written for the three leavers, and the pupil counts reported while it was made."""
    path = tmp_path / "pack.zip"
    progress: list[int] = []
    write_pack(path, sender=two_schools["home"]["school"], destination_dfe=DESTINATION,
               destination_name="Riverside Academy", academic_year=2026, records=pupil_records(leavers),
               built_at=BUILT_AT, on_pupil=progress.append)
    return path, progress


def pdf_texts(path) -> dict[str, str]:
    """Each PDF in the zip by name, as its text, checking each is exactly one page."""
    texts = {}
    with zipfile.ZipFile(path) as pack:
        for name in pack.namelist():
            if name.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(pack.read(name)))
                assert len(reader.pages) == 1, name
                texts[name] = reader.pages[0].extract_text()
    return texts


def test_the_document_follows_the_published_schema(pack_file, two_schools):
    """The JSON validates, names both schools, and a stray field would not."""
    document = read_pack_document(pack_file[0])
    validate(document)
    home = two_schools["home"]["school"]
    assert document["from_school"] == {"name": "Home Primary", "urn": home.urn, "dfe_number": home.dfe_number}
    assert document["to_school"] == {"dfe_number": DESTINATION, "name": "Riverside Academy"}
    assert document["generated_at"] == "2027-06-30T14:05:00Z" and len(document["pupils"]) == 3
    document["pupils"][0]["sex"] = "F"
    document["pupils"][1]["aspirations"] = [{"said": "vet"}]
    with pytest.raises(jsonschema.ValidationError):
        validate(document)
    found = problems(document)
    assert "pupils/0: Additional properties are not allowed ('sex' was unexpected)" in found
    assert "pupils/1/aspirations/0: 'title' is a required property" in found


def test_the_csv_round_trips_with_upns_and_names(pack_file, leavers):
    """UTF-8 with a BOM, one row per pupil keyed by UPN, columns as documented."""
    with zipfile.ZipFile(pack_file[0]) as pack:
        raw = pack.read(CSV_FILE)
        readme = pack.read(README).decode("utf-8")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == [column for column, _meaning in CSV_COLUMNS]
    assert [(r["upn"], r["forename"], r["surname"]) for r in rows] == [
        (p.upn, p.preferred_forename, p.surname) for p in leavers]
    amara = rows[0]
    assert (amara["latest_aspiration"], amara["latest_aspiration_soc2020"]) == ("Games developer", "2134")
    assert amara["earlier_aspirations"] == "Vet (2240, Y4) | Firefighter (3313, Y5)"
    assert amara["interests"] == "Drawing | Science labs"
    assert amara["date_of_birth"] == leavers[0].date_of_birth.isoformat()
    for column, _meaning in CSV_COLUMNS:
        assert column in readme
    for canary in CANARIES:
        assert canary not in raw.decode("utf-8-sig")


def test_csv_cells_cannot_run_as_formulas(two_schools, leavers, db, tmp_path):
    """A pupil's words that start like a formula are written so a spreadsheet shows them as text."""
    from convo.models import Aspiration
    db.session.add(Aspiration(pupil_id=leavers[1].id, said="=HYPERLINK(\"http://x\")", title="Unknown",
                              academic_year=2026, year_group=6))
    db.session.commit()
    path = tmp_path / "pack.zip"
    write_pack(path, sender=two_schools["home"]["school"], destination_dfe=DESTINATION, destination_name=None,
               academic_year=2026, records=pupil_records(leavers), built_at=BUILT_AT)
    with zipfile.ZipFile(path) as pack:
        rows = list(csv.DictReader(io.StringIO(pack.read(CSV_FILE).decode("utf-8-sig"))))
    assert rows[1]["latest_aspiration_in_their_words"] == "'=HYPERLINK(\"http://x\")"


def test_one_page_per_pupil_with_their_words_and_nothing_else(pack_file, leavers):
    """Each pupil has one PDF, named so no two clash; Amara's holds her words and no canary or UPN."""
    path, progress = pack_file
    texts = pdf_texts(path)
    assert sorted(texts) == ["my-future/001-okafor-amara.pdf", "my-future/002-smith-leo.pdf",
                             "my-future/003-obrien-zoe.pdf"]
    amara = " ".join(texts["my-future/001-okafor-amara.pdf"].split())
    for expected in ("My future", "Amara Okafor", "Home Primary", "a vet cos i love aminals", "Vet",
                     "SOC 2020: 2240", "Games developer", "looking after poorly dogs", "Science labs",
                     "Counting money", "Maths", "Is there a robot club?", "only boys can be builders"):
        assert expected in amara, expected
    for forbidden in (*CANARIES, *(p.upn for p in leavers), leavers[0].date_of_birth.isoformat()):
        assert forbidden not in amara, forbidden
    assert "Zoë O'Brien" in " ".join(texts["my-future/003-obrien-zoe.pdf"].split())
    assert progress == [1, 2, 3]
    with zipfile.ZipFile(path) as pack:
        assert {README, CSV_FILE, DOCUMENT} <= set(pack.namelist())


def test_a_pupil_who_said_a_great_deal_still_fits_one_page(two_schools, leavers, db, tmp_path):
    """Long answers shrink, then the oldest give way to "…and more"; the page stays one page."""
    from convo.models import Aspiration, Reflection
    pupil = leavers[1]
    for n in range(14):
        db.session.add(Aspiration(pupil_id=pupil.id, said="I would really like to " + "build " * 40 + str(n),
                                  title=f"Job number {n}", soc2020=f"{5300 + n}", likes="everything " * 30,
                                  academic_year=2020 + n % 7, year_group=n % 7))
    for n in range(12):
        for kind in ("interest", "skill", "subject", "find_out_at_secondary"):
            db.session.add(Reflection(pupil_id=pupil.id, kind=kind, text=f"{kind} thing {n} " + "and " * 10,
                                      academic_year=2026, year_group=6))
    db.session.commit()
    path = tmp_path / "pack.zip"
    write_pack(path, sender=two_schools["home"]["school"], destination_dfe=DESTINATION, destination_name=None,
               academic_year=2026, records=pupil_records([pupil]), built_at=BUILT_AT)
    text = " ".join(next(iter(pdf_texts(path).values())).split())
    assert "…and more" in text and "Job number 13" in text and "Job number 0 " not in text
    with zipfile.ZipFile(path) as pack:
        page = PdfReader(io.BytesIO(pack.read(pdf_names([{"surname": "Smith", "forename": "Leo"}])[0]))).pages[0]
    assert_within_the_page(page, "Made by Home Primary")


def assert_within_the_page(page, footer_start: str) -> None:
    """Every line of the body ends above the foot of the page; only the footer note is below it."""
    from convo.transition.pdf import CONTENT_BOTTOM
    lines: list[tuple[float, str]] = []

    def visit(text, cm, tm, _font, _size):
        """Note each piece of text with how far down the page it is, in mm."""
        if text.strip():
            lines.append(((842 - (tm[5] * cm[3] + cm[5])) * 25.4 / 72, text))
    page.extract_text(visitor_text=visit)
    below = " ".join(" ".join(t for y, t in lines if y > CONTENT_BOTTOM).split())
    assert below.startswith(footer_start) and min(y for y, _t in lines) > 0


def test_the_docs_list_every_csv_column():
    """The published description of the pack names each CSV column."""
    from pathlib import Path
    docs = (Path(__file__).resolve().parents[2] / "docs" / "transition-pack.md").read_text(encoding="utf-8")
    for column, _meaning in CSV_COLUMNS:
        assert f"`{column}`" in docs, column


def test_letters_beyond_the_basic_font_still_print(app, leavers):
    """A page with Cyrillic or Vietnamese letters uses the wide font; an English one the basic font."""
    from convo.transition.fonts import lean_fonts
    from convo.transition.pdf import pupil_pdf
    record = pupil_records(leavers[1:2])[0]
    fonts = lean_fonts()
    assert fonts.for_text("Zoë O'Brien ŵŷ “…” – •") is fonts.basic
    record["surname"], record["interests"] = "Іваненко", [{"text": "Phở và bánh mì", "year_group": 6,
                                                           "academic_year": 2026}]
    assert fonts.for_text(record["surname"]) is fonts.wide
    text = " ".join(PdfReader(io.BytesIO(pupil_pdf(record, fonts, BUILT_AT))).pages[0].extract_text().split())
    assert "Leo Іваненко" in text and "Phở và bánh mì" in text


def _pdf_text(record, fonts) -> str:
    """The words of one pupil's page, spaces evened out."""
    from convo.transition.pdf import pupil_pdf
    return " ".join(PdfReader(io.BytesIO(pupil_pdf(record, fonts, BUILT_AT))).pages[0].extract_text().split())


def test_a_long_name_prints_whole(app, leavers):
    """A long double-barrelled name is printed in full (smaller), not cut after 45 letters."""
    from convo.transition.fonts import lean_fonts
    record = pupil_records(leavers[1:2])[0]
    record["forename"], record["surname"] = "Maximilian-Alexander", "Fotheringham-Whittingstall-Bradbury"
    text = _pdf_text(record, lean_fonts())
    assert "Maximilian-Alexander Fotheringham-Whittingstall-Bradbury" in text.replace("- ", "-")


def test_job_titles_start_with_a_capital(app, leavers):
    """SOC index titles are lower case ("chef"); the page shows them as headings ("Chef")."""
    from convo.transition.fonts import lean_fonts
    record = pupil_records(leavers[:1])[0]
    assert record["aspirations"], "the fixture pupil should have an aspiration"
    for aspiration in record["aspirations"]:
        aspiration["title"] = aspiration["title"].lower()
    title = record["aspirations"][-1]["title"]
    text = _pdf_text(record, lean_fonts())
    assert title[:1].upper() + title[1:] in text and f"{title} ·" not in text


def test_a_script_the_fonts_lack_is_never_blank(app, leavers):
    """Arabic or Chinese letters print as "[…]" with a note that the CSV and JSON have them; emoji go."""
    from convo.transition.fonts import lean_fonts
    record = pupil_records(leavers[1:2])[0]
    record["forename"], record["surname"] = "Leo", "王 Wang محمد"
    record["interests"] = [{"text": "football ⚽ and drawing", "year_group": 6, "academic_year": 2026}]
    fonts = lean_fonts()
    assert fonts.printable("Zoë Іваненко") == ("Zoë Іваненко", False)
    assert fonts.printable("王小明 Wang") == ("[…] Wang", True)
    text = _pdf_text(record, fonts)
    assert "Leo […] Wang […]" in text and "football and drawing" in text
    assert "cannot print" in text
    plain = pupil_records(leavers[1:2])[0]
    assert "cannot print" not in _pdf_text(plain, fonts)
