"""Pupils signing in on a shared class tablet by tapping their name."""
from datetime import timedelta

import pytest

from convo.models import Role
from convo.models._time import utcnow
from convo.school.class_ops import normalise_code, renew_code
from convo.teacher.views import qr_svg


@pytest.fixture
def oak(create_school, create_staff, create_class, create_pupil):
    """A Year 3 class with a few pupils, two of them called Amelia."""
    school = create_school()
    teacher = create_staff(school, Role.TEACHER)
    school_class = create_class(school, "Oak", 3, teachers=[teacher])
    pupils = [create_pupil(school_class, "Amelia", "Brown", animal="owl"),
              create_pupil(school_class, "Amelia", "Bashir", animal="cat"),
              create_pupil(school_class, "Kwame", "Mensah", animal="frog")]
    return school, school_class, pupils


def test_code_form_then_names(client, oak):
    """A teacher types the class code; the tablet then shows the class's names."""
    _school, school_class, _pupils = oak
    response = client.post("/tablet/", data={"code": school_class.sign_in_code.lower().replace("-", " ")})
    assert response.headers["Location"] == "/tablet/names"
    page = client.get("/tablet/names").get_data(as_text=True)
    assert "Kwame" in page
    # Two Amelias: each gets as much of the surname as tells them apart.
    assert "Amelia Br." in page and "Amelia Ba." in page
    assert "Mensah" not in page


def test_qr_link_joins(client, auth, oak):
    """The QR code's address puts the tablet on the class straight away."""
    _school, school_class, _pupils = oak
    assert auth.join_class(school_class).headers["Location"] == "/tablet/names"
    assert client.get("/tablet/").headers["Location"] == "/tablet/names"


@pytest.mark.parametrize("code", ["", "ZZZ-9999", "x" * 200, "<script>", "' OR 1=1 --"])
def test_bad_codes(client, oak, code):
    """A wrong code is explained, never a traceback."""
    response = client.post("/tablet/", data={"code": code})
    assert response.status_code == 200
    assert client.get("/tablet/names").headers["Location"] == "/tablet/"


def test_tap_name_signs_in_and_finished_returns(client, auth, oak):
    """Tapping a name signs the pupil in; Finished goes back to the names."""
    _school, _class, pupils = oak
    response = auth.pupil(pupils[2])
    assert response.headers["Location"] == "/pupil/"
    assert "Hello, Kwame!" in client.get("/pupil/").get_data(as_text=True)
    assert client.get("/tablet/names").headers["Location"] == "/pupil/"
    assert client.post("/tablet/finished").headers["Location"] == "/tablet/names"
    assert client.get("/pupil/").headers["Location"] == "/tablet/"
    assert client.get("/tablet/names").status_code == 200


def test_pupil_cannot_reach_staff_pages(client, auth, oak):
    """A pupil's session opens pupil pages only."""
    school, school_class, pupils = oak
    auth.pupil(pupils[0])
    for url in (f"/schools/{school.id}/", f"/schools/{school.id}/classes/{school_class.id}/",
                f"/schools/{school.id}/staff", "/admin/schools", "/schools/"):
        assert client.get(url).headers["Location"].startswith("/sign-in"), url


def test_cannot_tap_pupil_of_another_class(client, auth, oak, create_class, create_pupil):
    """The tablet only signs in pupils of its own class."""
    school, school_class, _pupils = oak
    other = create_pupil(create_class(school, "Ash", 4), "Zara", "Khan")
    auth.join_class(school_class)
    assert client.post(f"/tablet/names/{other.id}").status_code == 404
    assert client.get("/pupil/").headers["Location"] == "/tablet/"


def test_expired_code(client, db, auth, oak):
    """When the code expires, tablets on it go back to the code screen."""
    _school, school_class, _pupils = oak
    auth.join_class(school_class)
    school_class.sign_in_code_expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get("/tablet/names").headers["Location"] == "/tablet/"
    assert auth.join_class(school_class).headers["Location"] == "/tablet/"


def test_new_code_ends_old_tablets(client, auth, oak, app):
    """Renewing the code signs out tablets holding the old one."""
    _school, school_class, pupils = oak
    auth.pupil(pupils[0])
    renew_code(school_class)
    assert client.get("/pupil/").headers["Location"] == "/tablet/"


def test_leave_forgets_class(client, auth, oak):
    """The teacher can take the tablet off the class."""
    _school, school_class, _pupils = oak
    auth.join_class(school_class)
    client.post("/tablet/leave")
    assert client.get("/tablet/names").headers["Location"] == "/tablet/"


def test_forged_tablet_cookie(client, oak):
    """A tablet cookie not signed by the server is ignored."""
    client.set_cookie("convo_tablet", "eyJjbGFzcyI6MX0.forged.signature", domain="convo.test")
    assert client.get("/tablet/names").headers["Location"] == "/tablet/"


def test_joining_signs_out_staff(client, auth, oak, create_staff):
    """Putting a tablet on a class ends any staff session on it."""
    school, school_class, _pupils = oak
    auth.sign_in(create_staff(school, Role.CAREERS_LEADER))
    auth.join_class(school_class)
    assert client.get(f"/schools/{school.id}/").headers["Location"].startswith("/sign-in")


@pytest.mark.parametrize("typed, expected", [("kmt-4729", "KMT-4729"), ("KMT 4729", "KMT-4729"),
                                             ("kmt4729", "KMT-4729"), (" kmt–4729 ", "KMT-4729")])
def test_code_typing_is_forgiving(typed, expected):
    """Codes can be typed in any case, with or without the dash."""
    assert normalise_code(typed) == expected


class TestPicturePasswords:
    """Key Stage 2 pupils pick two pictures when the school turns it on."""

    @pytest.fixture
    def school_with_pictures(self, db, oak):
        """Turn picture passwords on and give each pupil two pictures."""
        school, school_class, pupils = oak
        school.picture_passwords = True
        for pupil, pictures in zip(pupils, ("sun,boat", "moon,tree", "star,ball")):
            pupil.picture_password = pictures
        db.session.commit()
        return oak

    def test_right_pictures_sign_in(self, client, auth, school_with_pictures):
        """The pupil's own two pictures, in either order, let them in."""
        _school, _class, pupils = school_with_pictures
        assert auth.pupil(pupils[0]).headers["Location"] == "/tablet/pictures"
        assert client.get("/pupil/").headers["Location"] == "/tablet/"
        response = client.post("/tablet/pictures", data={"pictures": ["boat", "sun"]})
        assert response.headers["Location"] == "/pupil/"

    @pytest.mark.parametrize("chosen", [[], ["sun"], ["sun", "moon"], ["sun", "boat", "star"], ["nope", "x"]])
    def test_wrong_pictures(self, client, auth, school_with_pictures, chosen):
        """Anything but the pupil's two pictures is refused gently."""
        _school, _class, pupils = school_with_pictures
        auth.pupil(pupils[0])
        client.post("/tablet/pictures", data={"pictures": chosen})
        assert client.get("/pupil/").headers["Location"] == "/tablet/"

    def test_guessing_is_limited(self, client, auth, school_with_pictures):
        """A pupil's pictures cannot be found by trying every pair."""
        _school, _class, pupils = school_with_pictures
        auth.pupil(pupils[0])
        codes = [client.post("/tablet/pictures", data={"pictures": ["sun", "moon"]}).status_code
                 for _ in range(7)]
        assert codes[-1] == 429
        assert client.post("/tablet/pictures", data={"pictures": ["sun", "boat"]}).status_code == 429

    def test_key_stage_1_not_asked(self, client, auth, db, school_with_pictures, create_class, create_pupil):
        """Younger pupils still just tap their name."""
        school, _class, _pupils = school_with_pictures
        young = create_pupil(create_class(school, "Wrens", 1), "Ivy", "Hall")
        assert auth.pupil(young).headers["Location"] == "/pupil/"


def test_teacher_class_page_shows_qr(client, auth, oak, create_staff):
    """The class page shows the code and a QR code made on the server."""
    school, school_class, _pupils = oak
    auth.sign_in(school_class.teachers[0])
    page = client.get(f"/schools/{school.id}/classes/{school_class.id}/").get_data(as_text=True)
    assert school_class.sign_in_code in page
    # The QR code is exactly the one for this class's join address.
    assert str(qr_svg(f"http://convo.test/tablet/join/{school_class.sign_in_code}")) in page
    assert "Kwame Mensah" in page


def test_teacher_renews_code(client, auth, db, oak):
    """A teacher can make a new code that lasts a chosen time."""
    school, school_class, _pupils = oak
    old = school_class.sign_in_code
    auth.sign_in(school_class.teachers[0])
    client.post(f"/schools/{school.id}/classes/{school_class.id}/code", data={"days": 7})
    db.session.refresh(school_class)
    assert school_class.sign_in_code != old
    assert timedelta(days=6) < school_class.sign_in_code_expires_at - utcnow() <= timedelta(days=7)


def test_tablet_sheet(client, auth, db, oak):
    """The printable sheet carries the QR code and, when on, each pupil's pictures."""
    school, school_class, pupils = oak
    school.picture_passwords = True
    pupils[0].picture_password = "sun,boat"
    db.session.commit()
    auth.sign_in(school_class.teachers[0])
    page = client.get(f"/schools/{school.id}/classes/{school_class.id}/tablet-sheet").get_data(as_text=True)
    assert "<svg" in page and "img/tablet/boat.svg" in page
