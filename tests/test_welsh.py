"""Welsh on the tablet and for staff: the switch, the school's own language, and pages that really speak it."""
from __future__ import annotations

import pytest
from flask_babel import force_locale

from convo.models import AuditRecord, Membership, Role
from convo.pupil.steps import present

#: English and Welsh for lines pupils and staff see; the Welsh comes from the compiled catalogue.
PUT_ON_CLASS = ("Put this tablet on a class", "Rhoi'r llechen hon ar ddosbarth")
TAP_NAME = ("Tap your name", "Tapia dy enw")
NOTICE_FIRST = ("Before you start, here is what happens to your answers.",
                "Cyn i ti ddechrau, dyma beth sy'n digwydd i dy atebion di.")


def page(response) -> str:
    """The page's text."""
    return response.get_data(as_text=True)


def test_welsh_renders_from_the_compiled_catalogue(client):
    """A browser asking for Welsh gets the page in Welsh, marked lang="cy"."""
    english = page(client.get("/tablet/"))
    welsh = page(client.get("/tablet/", headers={"Accept-Language": "cy"}))
    assert PUT_ON_CLASS[0] in english and PUT_ON_CLASS[1] not in english
    assert PUT_ON_CLASS[1] in welsh and PUT_ON_CLASS[0] not in welsh
    assert '<html lang="cy">' in welsh


def test_tapping_cymraeg_keeps_welsh_for_the_tablet_session(client, auth, pupil_in):
    """The switch on the names page holds through a pupil's sign-in (a fresh session) and back."""
    pupil = pupil_in(1)
    auth.join_class(pupil.school_class)
    names = page(client.get("/tablet/names"))
    assert TAP_NAME[0] in names and 'value="cy"' in names and "Cymraeg" in names
    response = client.post("/language", data={"language": "cy", "next": "/tablet/names"})
    assert response.status_code == 302 and response.headers["Location"] == "/tablet/names"
    assert TAP_NAME[1] in page(client.get("/tablet/names"))
    client.post(f"/tablet/names/{pupil.id}")
    assert NOTICE_FIRST[1] in page(client.get("/pupil/privacy"))
    client.post("/pupil/privacy")
    client.post("/tablet/finished")
    assert TAP_NAME[1] in page(client.get("/tablet/names"))
    client.post("/language", data={"language": "en_GB", "next": "/tablet/names"})
    assert TAP_NAME[0] in page(client.get("/tablet/names"))


def test_switch_ignores_unknown_languages_and_other_sites(client):
    """Only English or Welsh is kept, and the switch never sends anyone to another site."""
    response = client.post("/language", data={"language": "fr", "next": "//evil.example/"})
    assert response.headers["Location"] == "/"
    assert PUT_ON_CLASS[0] in page(client.get("/tablet/"))
    response = client.post("/language", data={"language": "cy", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_a_welsh_medium_school_s_tablets_speak_welsh(client, auth, db, pupil_in):
    """With the school's language set to Welsh, the tablet needs no tap; English is one tap away."""
    pupil = pupil_in(1)
    pupil.school.language = "cy"
    db.session.commit()
    auth.join_class(pupil.school_class)
    names = page(client.get("/tablet/names", headers={"Accept-Language": "en-GB"}))
    assert TAP_NAME[1] in names and 'aria-pressed="true">Cymraeg' in names.replace("\n", "")
    client.post("/language", data={"language": "en_GB", "next": "/tablet/names"})
    assert TAP_NAME[0] in page(client.get("/tablet/names"))


def test_the_pupil_pages_offer_the_switch_with_big_buttons(client, auth, pupil_in):
    """Reception and KS1 pupils meet the switch as two big buttons on their own pages."""
    auth.pupil(pupil_in(0))
    home = page(client.get("/pupil/"))
    assert 'class="language-switch big"' in home
    assert home.count('class="language-button"') == 2


def test_careers_leader_sets_the_school_language(client, auth, create_school, create_staff, db):
    """The school setting is saved and audited, and the school's staff pages follow it."""
    school = create_school()
    leader = create_staff(school, Role.CAREERS_LEADER)
    auth.sign_in(leader)
    response = client.post(f"/schools/{school.id}/settings", data={"language": "cy"})
    assert response.status_code == 302
    db.session.refresh(school)
    assert school.language == "cy"
    record = db.session.query(AuditRecord).filter_by(action="settings_changed").one()
    assert record.detail["language"] == "cy"
    assert "Gosodiadau" in page(client.get(f"/schools/{school.id}/settings"))
    client.post("/language", data={"language": "en_GB", "next": f"/schools/{school.id}/settings"})
    assert "Save settings" in page(client.get(f"/schools/{school.id}/settings"))


def test_staff_can_switch_language_in_the_header(client, auth, create_school, create_staff):
    """A member of staff in an English school can work in Welsh, and keeps it after signing in again."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER)
    auth.sign_in(teacher)
    home = page(client.get("/schools/", follow_redirects=True))
    assert 'action="/language"' in home
    client.post("/language", data={"language": "cy", "next": "/schools/"})
    assert "Allgofnodi" in page(client.get("/schools/", follow_redirects=True))
    auth.sign_out()
    auth.sign_in(teacher)
    assert "Allgofnodi" in page(client.get("/schools/", follow_redirects=True))


@pytest.mark.parametrize("title, welsh", [("vet", "milfeddyg"), ("Vet", "Milfeddyg"),
                                          ("an unheard-of job", "an unheard-of job")])
def test_job_titles_reach_pupils_in_welsh(app, title, welsh):
    """A job title from the understanding data is named back to the pupil in Welsh."""
    step = {"band": "ks1", "lines": [{"id": "ks1.replies.confirm_other_job", "template": "Is your job {title}?",
                                      "params": {"title": title}}], "form": {"kind": "end"}}
    with app.test_request_context("/"), force_locale("cy"):
        text = present(step)["lines"][0]["text"]
    assert text == f"Ai {welsh} yw dy swydd di?"


def test_staff_of_a_welsh_school_start_in_welsh(client, auth, db, create_school, create_staff):
    """A Welsh-medium school's staff see their pages, home page included, in Welsh until they switch;
    someone in an English and a Welsh school gets their browser's language on the home page."""
    school = create_school(language="cy")
    teacher = create_staff(school, Role.TEACHER)
    auth.sign_in(teacher)
    assert "Allgofnodi" in page(client.get("/schools/", follow_redirects=True, headers={"Accept-Language": "en-GB"}))
    auth.sign_out()
    client.post("/language", data={"language": "en_GB", "next": "/"})
    assert "Staff sign in" in page(client.get("/sign-in"))
    both = create_staff(create_school("Other Primary"), Role.TEACHER)
    both.memberships.append(Membership(school=school, role=Role.TEACHER))
    db.session.commit()
    client.get("/")  # a fresh browser
    with client.session_transaction() as session:
        session.clear()
    auth.sign_in(both)
    assert "Sign out" in page(client.get("/schools/", follow_redirects=True, headers={"Accept-Language": "en-GB"}))
    assert "Allgofnodi" in page(client.get(f"/schools/{school.id}/", headers={"Accept-Language": "en-GB"}))


def test_a_welsh_teacher_reads_tapped_answers_in_welsh(client, auth, db, two_schools):
    """A transcript's tapped answers are stored in English and shown in the reader's language."""
    from convo.conversations.content import answer_words
    from tests.fixtures.talk import play

    home = two_schools["home"]
    pupil = home["pupil_b"]  # Year 1: every answer is a tap
    conversation = play(pupil)
    tapped = [t for t in conversation.turns if t.answer_kind in ("card", "choice") and t.redacted_text]
    assert tapped
    auth.sign_in(home["teacher_b"])
    client.post("/language", data={"language": "cy", "next": "/"})
    welsh = page(client.get(f"/schools/{home['school'].id}/pupils/{pupil.id}/"))
    with force_locale("cy"):
        shown = [answer_words(t) for t in tapped]
    assert any(words != t.redacted_text for words, t in zip(shown, tapped))
    for words in shown:
        assert words.replace("'", "&#39;") in welsh
