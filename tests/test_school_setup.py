"""The careers leader sets up staff, classes and school settings."""
import re

import pyotp
import pytest

from convo.models import Membership, Role, SchoolClass, Staff


@pytest.fixture
def leader_signed_in(auth, create_school, create_staff):
    """A school and its careers leader, signed in."""
    school = create_school()
    leader = create_staff(school, Role.CAREERS_LEADER, name="Sam Leader")
    auth.sign_in(leader)
    return school, leader


def test_add_staff_gives_one_time_link(client, db, leader_signed_in):
    """A new member of staff gets a one-time link, which sets their password."""
    school, _leader = leader_signed_in
    page = client.post(f"/schools/{school.id}/staff", data={
        "name": "Rita Reid", "email": "Rita.Reid@school.example.org", "roles": ["teacher", "dsl"]
    }).get_data(as_text=True)
    link = re.search(r"http://convo\.test(/set-password/[\w-]+)", page).group(1)
    staff = db.session.query(Staff).filter_by(email="rita.reid@school.example.org").one()
    assert staff.roles_in(school.id) == {Role.TEACHER, Role.DSL}
    assert staff.password_hash is None
    client.post("/sign-out")
    response = client.post(link, data={"password": "maple river cloud", "confirm": "maple river cloud"})
    # As a DSL she sets up two-step sign-in before she is signed in.
    assert response.headers["Location"] == "/sign-in/set-up"
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", client.get("/sign-in/set-up").get_data(as_text=True))
    client.post("/sign-in/set-up", data={"code": pyotp.TOTP(secret.group(1).replace(" ", "")).now()})
    assert client.get(f"/schools/{school.id}/").status_code == 200


@pytest.mark.parametrize("data, error", [
    ({"name": "", "email": "a@b.example.org", "roles": ["teacher"]}, "This field is required"),
    ({"name": "A", "email": "not-an-email", "roles": ["teacher"]}, "Invalid email address"),
    ({"name": "A", "email": "a@b.example.org"}, "Choose at least one role"),
    ({"name": "A", "email": "a@b.example.org", "roles": ["headteacher"]}, "is not a valid choice"),
])
def test_add_staff_bad_input(client, leader_signed_in, data, error):
    """Bad staff details are explained on the form."""
    school, _leader = leader_signed_in
    response = client.post(f"/schools/{school.id}/staff", data=data)
    assert response.status_code == 200
    assert error in response.get_data(as_text=True)


def test_staff_from_another_school_gains_roles(client, db, leader_signed_in, create_school, create_staff):
    """Someone who already works elsewhere in the deployment keeps one account."""
    school, _leader = leader_signed_in
    elsewhere = create_staff(create_school(), Role.TEACHER)
    client.post(f"/schools/{school.id}/staff", data={"name": "x", "email": elsewhere.email,
                                                     "roles": ["teacher"]})
    db.session.refresh(elsewhere)
    assert len(elsewhere.memberships) == 2


def test_set_roles_and_keep_a_leader(client, db, leader_signed_in, create_staff):
    """Roles can change, but the school always keeps a careers leader."""
    school, leader = leader_signed_in
    teacher = create_staff(school, Role.TEACHER)
    client.post(f"/schools/{school.id}/staff/{teacher.id}", data={"roles": ["teacher", "deputy_dsl"]})
    db.session.refresh(teacher)
    assert teacher.roles_in(school.id) == {Role.TEACHER, Role.DEPUTY_DSL}
    page = client.post(f"/schools/{school.id}/staff/{leader.id}", data={"roles": ["teacher"]})
    assert "at least one careers leader" in page.get_data(as_text=True)
    db.session.refresh(leader)
    assert Role.CAREERS_LEADER in leader.roles_in(school.id)


def test_remove_staff(client, db, leader_signed_in, create_staff, create_class):
    """Removing someone takes them off their classes, and their account goes if no school is left."""
    school, leader = leader_signed_in
    teacher = create_staff(school, Role.TEACHER)
    school_id, leader_id, teacher_id = school.id, leader.id, teacher.id
    class_id = create_class(school, teachers=[teacher]).id
    client.post(f"/schools/{school_id}/staff/{teacher_id}/remove")
    db.session.expunge_all()
    assert db.session.get(Staff, teacher_id) is None
    assert db.session.get(SchoolClass, class_id).teachers == []
    # The last careers leader cannot be removed.
    client.post(f"/schools/{school_id}/staff/{leader_id}/remove")
    assert db.session.get(Staff, leader_id).roles_in(school_id) == {Role.CAREERS_LEADER}


def test_cannot_edit_staff_of_another_school(client, leader_signed_in, create_school, create_staff):
    """A careers leader manages only their own school's staff."""
    school, _leader = leader_signed_in
    stranger = create_staff(create_school(), Role.TEACHER)
    assert client.get(f"/schools/{school.id}/staff/{stranger.id}").status_code == 404
    assert client.post(f"/schools/{school.id}/staff/{stranger.id}/remove").status_code == 404


def test_create_and_edit_class(client, db, leader_signed_in, create_staff, create_school):
    """Classes are created with a year group and teachers from this school only."""
    school, _leader = leader_signed_in
    teacher = create_staff(school, Role.TEACHER, name="Mr Hale")
    stranger = create_staff(create_school(), Role.TEACHER)
    form = {"name": "Willow", "year_group": 5, "academic_year": 2026, "teachers": [teacher.id]}
    page = client.get(f"/schools/{school.id}/classes/new").get_data(as_text=True)
    assert "Mr Hale" in page
    from convo.schoolyear import current_academic_year
    form["academic_year"] = current_academic_year()
    assert client.post(f"/schools/{school.id}/classes/new", data=form).status_code == 302
    school_class = db.session.query(SchoolClass).filter_by(name="Willow").one()
    assert [t.id for t in school_class.teachers] == [teacher.id]
    # The same name again in the same year is refused.
    assert "already a class" in client.post(f"/schools/{school.id}/classes/new", data=form).get_data(as_text=True)
    # A teacher of another school cannot be chosen.
    form.update(name="Willow", teachers=[stranger.id])
    response = client.post(f"/schools/{school.id}/classes/{school_class.id}/edit", data=form)
    assert "is not a valid choice" in response.get_data(as_text=True)


def test_teacher_sees_only_own_classes(client, auth, two_schools):
    """A teacher's dashboard lists their class, not a colleague's."""
    home = two_schools["home"]
    auth.sign_in(home["teacher_a"])
    page = client.get(f"/schools/{home['school'].id}/").get_data(as_text=True)
    assert "Oak" in page and "Ash" not in page
    assert client.get(f"/schools/{home['school'].id}/classes/{home['class_b'].id}/").status_code == 404


def test_settings_turns_on_picture_passwords(client, db, leader_signed_in, create_class, create_pupil):
    """Turning picture passwords on gives every Key Stage 2 pupil two pictures."""
    school, _leader = leader_signed_in
    older = create_pupil(create_class(school, "Oak", 4))
    younger = create_pupil(create_class(school, "Wrens", 1))
    client.post(f"/schools/{school.id}/settings", data={"picture_passwords": "y"})
    db.session.refresh(older)
    db.session.refresh(younger)
    assert older.picture_password and len(older.picture_password.split(",")) == 2
    assert younger.picture_password is None


def test_memberships_are_per_school(db, two_schools):
    """Roles in one school say nothing about another."""
    home, other = two_schools["home"], two_schools["other"]
    assert home["leader"].roles_in(other["school"].id) == set()
    assert db.session.query(Membership).count() == 8
