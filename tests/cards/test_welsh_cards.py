"""Parent cards for a Welsh-medium school: in Welsh, tapped answers and job titles too."""
from __future__ import annotations

from .test_views import pdf_text


def _welsh_school(db, two_schools):
    """The home school set to Welsh, and its Oak class's careers leader."""
    school = two_schools["home"]["school"]
    school.language = "cy"
    db.session.commit()
    return school


def test_cards_of_a_welsh_school_are_in_welsh(client, auth, db, two_schools, amara_record):
    """The school's language makes the card: its words, the tapped "Drawing" and the job title "vet"."""
    school = _welsh_school(db, two_schools)
    auth.sign_in(two_schools["home"]["leader"])
    page = client.get(f"/schools/{school.id}/pupils/{amara_record.id}/card").get_data(as_text=True)
    assert "Fy nyfodol" in page and "My future" not in page
    assert "Tynnu lluniau" in page and "Anifeiliaid" in page and "Milfeddyg" in page
    assert "Drawing" not in page
    assert '<html lang="cy">' in page
    # The pupil's own words stay exactly as they said them.
    assert "a vet cos i love animals" in page


def test_cards_can_be_made_in_the_other_language(client, auth, db, two_schools, amara_record):
    """The cards page offers English for a Welsh school's English-speaking family."""
    school = _welsh_school(db, two_schools)
    auth.sign_in(two_schools["home"]["leader"])
    url = f"/schools/{school.id}/pupils/{amara_record.id}/card"
    page = client.get(url).get_data(as_text=True)
    assert f"{url}?language=en_GB" in page and f"{url}.pdf?language=cy" in page
    english = client.get(url + "?language=en_GB").get_data(as_text=True)
    assert "My future" in english and "Drawing" in english and "Vet" in english


def test_welsh_card_pdf(client, auth, db, two_schools, amara_record):
    """The PDF speaks the same language as the page, circumflexes and all."""
    school = _welsh_school(db, two_schools)
    auth.sign_in(two_schools["home"]["leader"])
    _, text = pdf_text(client.get(f"/schools/{school.id}/pupils/{amara_record.id}/card.pdf").data)
    assert "Fy nyfodol" in text and "Tynnu lluniau" in text and "Milfeddyg" in text
    _, english = pdf_text(client.get(f"/schools/{school.id}/pupils/{amara_record.id}/card.pdf?language=en_GB").data)
    assert "My future" in english and "Drawing" in english


def test_the_cards_command_follows_the_school_language(runner, tmp_path, db, two_schools, amara_record):
    """`convo parent-cards` makes a Welsh school's cards in Welsh unless --language says otherwise."""
    school = _welsh_school(db, two_schools)
    assert runner.invoke(args=["parent-cards", "--school", school.urn, "--out", str(tmp_path / "cy")]).exit_code == 0
    _, welsh = pdf_text((tmp_path / "cy" / "Oak-cards.pdf").read_bytes())
    assert "Fy nyfodol" in welsh and "Tynnu lluniau" in welsh
    result = runner.invoke(args=["parent-cards", "--school", school.urn, "--language", "en_GB",
                                 "--out", str(tmp_path / "en")])
    assert result.exit_code == 0
    _, english = pdf_text((tmp_path / "en" / "Oak-cards.pdf").read_bytes())
    assert "My future" in english and "Drawing" in english
