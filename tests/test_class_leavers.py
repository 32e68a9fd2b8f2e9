"""Pupils who left the school stay visible on their class page, in a section of their own."""
from __future__ import annotations

import re
from datetime import date

from convo.extensions import db as _db


def _class_page(client, school_class) -> str:
    """The teacher's page for a class."""
    return client.get(f"/schools/{school_class.school_id}/classes/{school_class.id}/").get_data(as_text=True)


def _left_section(page: str) -> str:
    """The collapsed "Left the school" section of a class page, or "" if there is none."""
    found = re.search(r'<details class="card" id="left-pupils"[^>]*>.*?</details>', page, re.S)
    return found.group(0) if found else ""


def test_a_left_pupil_is_listed_apart_with_their_date_and_link(client, auth, db, two_schools, create_pupil):
    """The teacher sees who left, when, and can open their page; the current count leaves them out."""
    home = two_schools["home"]
    oak, amara = home["class_a"], home["pupil_a"]
    create_pupil(oak, "Ivy", "Nowak")
    amara.left_on = date(2026, 10, 5)
    _db.session.commit()
    auth.sign_in(home["teacher_a"])
    page = _class_page(client, oak)
    section = _left_section(page)
    assert section and " open" not in section.split(">", 1)[0]
    assert "Left the school" in section and "Amara Okafor" in section and "5 Oct 2026" in section
    assert f'href="/schools/{oak.school_id}/pupils/{amara.id}/"' in section
    rest = page.replace(section, "")
    assert "Amara Okafor" not in rest and "Ivy Nowak" in rest
    assert "All pupils (1)" in page
    assert client.get(f"/schools/{oak.school_id}/pupils/{amara.id}/").status_code == 200


def test_a_class_whose_pupils_all_left_says_so(client, auth, db, two_schools):
    """When every pupil has left, the page says so rather than "No pupils in this class yet"."""
    home = two_schools["home"]
    home["pupil_a"].left_on = date(2026, 10, 5)
    _db.session.commit()
    auth.sign_in(home["teacher_a"])
    page = _class_page(client, home["class_a"])
    assert "Every pupil in this class has left the school." in page and "No pupils in this class yet" not in page
    assert "Amara Okafor" in _left_section(page)


def test_no_section_when_nobody_has_left(client, auth, two_schools):
    """A class where everyone is still here has no leavers' section."""
    auth.sign_in(two_schools["home"]["teacher_a"])
    assert _left_section(_class_page(client, two_schools["home"]["class_a"])) == ""


def test_the_class_list_still_counts_only_current_pupils(client, auth, db, two_schools, create_pupil):
    """The careers leader's list of classes counts the pupils still at the school."""
    home = two_schools["home"]
    create_pupil(home["class_a"], "Ivy", "Nowak")
    home["pupil_a"].left_on = date.today()
    _db.session.commit()
    auth.sign_in(home["leader"])
    page = client.get(f"/schools/{home['school'].id}/classes").get_data(as_text=True)
    row = re.search(r"<tr>\s*<td><a[^>]*>Oak</a></td>.*?</tr>", page, re.S).group(0)
    assert "<td>1</td>" in row
