"""`convo parent-cards`: one PDF per class, a progress line per file, and an audit record."""
from __future__ import annotations

from pypdf import PdfReader

from convo.models import AuditRecord

from .conftest import CONCERN_WORDS


def test_writes_one_pdf_per_class(runner, db, tmp_path, two_schools, amara_record):
    """Every class of the school this year gets its own file, named by class, never by pupil."""
    home = two_schools["home"]
    result = runner.invoke(args=["parent-cards", "--school", home["school"].urn, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Ash-cards.pdf", "Oak-cards.pdf"]
    assert f"Oak: 1 card(s) written to {tmp_path / 'Oak-cards.pdf'}" in result.output
    assert "Ash: 1 card(s) written to" in result.output and "Done: 2 file(s)" in result.output
    text = " ".join(PdfReader(tmp_path / "Oak-cards.pdf").pages[0].extract_text().split())
    assert "Amara would like to be" in text and "a vet cos i love animals" in text
    for word in (*CONCERN_WORDS.split(), "Okafor", amara_record.upn):
        assert word not in text
    leo = " ".join(PdfReader(tmp_path / "Ash-cards.pdf").pages[0].extract_text().split())
    assert "Leo hasn't had a careers conversation yet this year." in leo and "Smith" not in leo
    rows = db.session.query(AuditRecord).filter_by(action="parent_cards_exported").all()
    assert {r.detail["file"]: (r.target, r.detail["how"], r.staff_id, r.school_id) for r in rows} == {
        "Ash-cards.pdf": (f"class:{home['class_b'].id}", "command line", None, home["school"].id),
        "Oak-cards.pdf": (f"class:{home['class_a'].id}", "command line", None, home["school"].id),
    }


def test_one_class_only(runner, tmp_path, two_schools):
    """--class writes just that class's file."""
    urn = two_schools["home"]["school"].urn
    result = runner.invoke(args=["parent-cards", "--school", urn, "--class", "Ash", "--out",
                                 str(tmp_path / "new")])
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "new").iterdir()] == ["Ash-cards.pdf"]


def test_unknown_school_class_or_language_is_explained(runner, tmp_path, two_schools):
    """A wrong URN, class name or language stops with a plain message and writes nothing."""
    urn = two_schools["home"]["school"].urn
    result = runner.invoke(args=["parent-cards", "--school", "000000", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "No school with URN 000000" in result.output
    result = runner.invoke(args=["parent-cards", "--school", urn, "--class", "Elm", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "has no class called 'Elm'" in result.output
    result = runner.invoke(args=["parent-cards", "--school", urn, "--language", "fr", "--out", str(tmp_path)])
    assert result.exit_code != 0 and "en_GB, cy" in result.output
    assert list(tmp_path.iterdir()) == []


def test_cards_in_welsh_use_the_welsh_catalogue(runner, tmp_path, two_schools):
    """--language cy makes the cards in Welsh."""
    urn = two_schools["home"]["school"].urn
    result = runner.invoke(args=["parent-cards", "--school", urn, "--language", "cy", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "Oak-cards.pdf").stat().st_size > 1000
