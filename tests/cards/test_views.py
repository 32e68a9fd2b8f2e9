"""The print view and PDF: who may open them, what they show, what they never show."""
from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from convo.models import AuditRecord

from .conftest import CONCERN_WORDS


def pdf_text(data: bytes) -> tuple[int, str]:
    """The number of pages and all the text of a PDF."""
    reader = PdfReader(BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def urls(world: dict) -> list[str]:
    """The four card addresses for the home school's Oak class and its pupil Amara."""
    home = world["home"]
    school, school_class, pupil = home["school"].id, home["class_a"].id, home["pupil_a"].id
    return [f"/schools/{school}/classes/{school_class}/cards",
            f"/schools/{school}/classes/{school_class}/cards.pdf",
            f"/schools/{school}/pupils/{pupil}/card",
            f"/schools/{school}/pupils/{pupil}/card.pdf"]


def assert_private(text: str, pupil) -> None:
    """No surname, no UPN and no word of a concern."""
    for word in (*CONCERN_WORDS.split(), pupil.surname, pupil.upn):
        assert word not in text, word
    assert "Okafor" not in text


@pytest.mark.parametrize("who", ["teacher of another class", "teacher of another school",
                                 "careers leader of another school", "dsl", "pupil", "anonymous"])
def test_cards_are_refused_to_outsiders(client, auth, two_schools, who):
    """Only the class's teachers and the careers leader may open a card, on the page or as a PDF."""
    home, other = two_schools["home"], two_schools["other"]
    if who == "pupil":
        auth.pupil(home["pupil_a"])
    elif who != "anonymous":
        auth.sign_in({"teacher of another class": home["teacher_b"],
                      "teacher of another school": other["teacher_a"],
                      "careers leader of another school": other["leader"],
                      "dsl": home["dsl"]}[who])
    for url in urls(two_schools):
        response = client.get(url)
        if who in ("pupil", "anonymous"):
            assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in"), url
        else:
            assert response.status_code == 404, (who, url)
        assert "Amara" not in response.get_data(as_text=True)


@pytest.mark.parametrize("person", ["teacher_a", "leader"])
def test_class_teacher_and_careers_leader_may_open_cards(client, auth, two_schools, amara_record, person):
    """The class's own teacher and the careers leader open all four addresses."""
    auth.sign_in(two_schools["home"][person])
    for url in urls(two_schools):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store"


def test_print_view_holds_the_card_and_nothing_private(client, auth, two_schools, amara_record,
                                                       create_pupil):
    """The print view: first name, hopes in their words, good at, a question; one card a page."""
    home = two_schools["home"]
    create_pupil(home["class_a"], "Bethan", "Jones")
    auth.sign_in(home["teacher_a"])
    response = client.get(urls(two_schools)[0])
    page = response.get_data(as_text=True)
    for expected in ("Amara would like to be", "Vet", "a vet cos i love animals",
                     "because “looking after poorly dogs”", "Amara is good at", "Drawing",
                     "Amara enjoys", "A question to talk about at home", "Which animal would you",
                     "Home Primary", "made from what Amara said", "data-print", "js/print.js",
                     "cards/static/cards.css"):
        assert expected in page, expected
    assert page.count('class="family-card"') == 2
    assert "Bethan hasn&#39;t had a careers conversation yet this year." in page and "Jones" not in page
    assert_private(page, amara_record)
    css = client.get("/cards/static/cards.css")
    assert css.status_code == 200 and b"break-after: page" in css.data
    css.close()


def test_pdf_holds_the_card_and_nothing_private(client, auth, two_schools, amara_record):
    """The PDF text, read back with pypdf, has the card's content and no concern, surname or UPN."""
    auth.sign_in(two_schools["home"]["leader"])
    response = client.get(urls(two_schools)[3])
    assert response.mimetype == "application/pdf"
    disposition = response.headers["Content-Disposition"]
    assert f"Oak-Amara-{amara_record.id}.pdf" in disposition and "Okafor" not in disposition
    pages, text = pdf_text(response.data)
    assert pages == 1
    flat = " ".join(text.split())
    for expected in ("My future", "Amara", "Amara would like to be", "Vet", "a vet cos i love animals",
                     "looking after poorly dogs", "Astronaut", "Amara is good at", "Drawing", "Animals",
                     "A question to talk about at home", "Which animal would you", "Home Primary"):
        assert expected in flat, expected
    assert_private(flat, amara_record)


def test_class_pdf_has_a_page_per_pupil_and_a_gentle_card(client, auth, two_schools, amara_record,
                                                          create_pupil):
    """A pupil who has not talked yet gets a kind card in the class PDF, not an error."""
    home = two_schools["home"]
    create_pupil(home["class_a"], "Bethan", "Jones")
    auth.sign_in(home["teacher_a"])
    response = client.get(urls(two_schools)[1])
    assert "Oak-cards.pdf" in response.headers["Content-Disposition"]
    pages, text = pdf_text(response.data)
    flat = " ".join(text.split())
    assert pages == 2
    assert "Bethan hasn't had a careers conversation yet this year." in flat
    assert "made from what Bethan said" not in flat and "made from what Amara said" in flat
    assert "Jones" not in flat
    assert_private(flat, amara_record)


def test_welsh_letters_print(client, auth, two_schools, add_aspiration):
    """Welsh letters such as ŵ and ŷ come through the PDF's font."""
    pupil = two_schools["home"]["pupil_a"]
    add_aspiration(pupil, "gyrrwr trên", "train driver", family="Transport", likes="dŵr a'r ŷd")
    auth.sign_in(two_schools["home"]["teacher_a"])
    _pages, text = pdf_text(client.get(urls(two_schools)[3]).data)
    assert "dŵr a'r ŷd" in text and "gyrrwr trên" in text


def test_every_export_is_audited(db, client, auth, two_schools, amara_record):
    """Each print view and PDF download writes an audit record naming what was exported."""
    home = two_schools["home"]
    auth.sign_in(home["teacher_a"])
    for url in urls(two_schools):
        client.get(url)
    rows = db.session.query(AuditRecord).filter_by(action="parent_cards_exported").order_by(AuditRecord.id).all()
    assert [(r.target, r.detail["how"], r.staff_id, r.school_id) for r in rows] == [
        (f"class:{home['class_a'].id}", "print", home["teacher_a"].id, home["school"].id),
        (f"class:{home['class_a'].id}", "pdf", home["teacher_a"].id, home["school"].id),
        (f"pupil:{amara_record.id}", "print", home["teacher_a"].id, home["school"].id),
        (f"pupil:{amara_record.id}", "pdf", home["teacher_a"].id, home["school"].id),
    ]


def test_refusals_are_not_audited_as_exports(db, client, auth, two_schools):
    """A refused request exports nothing, so it records no export."""
    auth.sign_in(two_schools["home"]["teacher_b"])
    for url in urls(two_schools):
        client.get(url)
    assert db.session.query(AuditRecord).filter_by(action="parent_cards_exported").count() == 0


def test_careers_leader_prints_a_card_for_a_pupil_with_no_class(db, client, auth, two_schools, amara_record):
    """A pupil who has left their class still gets a card from the careers leader, named without a class."""
    home = two_schools["home"]
    amara_record.class_id = None
    db.session.commit()
    auth.sign_in(home["leader"])
    response = client.get(urls(two_schools)[3])
    assert response.status_code == 200
    assert f"no-class-Amara-{amara_record.id}.pdf" in response.headers["Content-Disposition"]
    _pages, text = pdf_text(response.data)
    assert "Amara would like to be" in text
    auth.sign_out()
    auth.sign_in(home["teacher_a"])
    assert client.get(urls(two_schools)[2]).status_code == 404
