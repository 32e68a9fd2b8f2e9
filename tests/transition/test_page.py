"""The "My future" partial a secondary school's web view shows for each pupil in a pack."""
from __future__ import annotations

from flask import render_template_string

from convo.transition.content import pupil_records

from .conftest import CANARIES


def test_the_page_shows_the_same_content_as_the_pdf(app, leavers):
    """Name, school, aspirations in their words with codes, reflections; no UPN, birth date or canary."""
    record = pupil_records(leavers)[0]
    with app.test_request_context():
        html = render_template_string('{% include "transition/_my_future.html" %}', record=record)
    for expected in ("Amara Okafor", "Home Primary", "a vet cos i love aminals", "Vet", "SOC 2020: 2240",
                     "looking after poorly dogs", "Games developer", "Science labs", "Counting money",
                     "Maths", "Is there a robot club?", "only boys can be builders", "thinks differently now"):
        assert expected in html, expected
    for forbidden in (*CANARIES, record["upn"], record["date_of_birth"]):
        assert forbidden not in html, forbidden


def test_the_page_escapes_the_pupils_words(app, leavers):
    """Words that look like markup are shown as text."""
    record = pupil_records(leavers)[1]
    record["aspirations"] = [{"said": "<script>alert(1)</script>", "title": "Coder", "soc2020": None,
                              "family": None, "likes": None, "year_group": 6, "academic_year": 2026}]
    with app.test_request_context():
        html = render_template_string('{% include "transition/_my_future.html" %}', record=record)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "has not named a job yet" not in html
