"""One school per DfE number: two would both see every pack sent to that number."""
from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError

from convo.models import School


def test_admin_form_refuses_a_second_school_with_the_same_dfe_number(client, auth, db, create_school,
                                                                     create_staff):
    """The administrator's school form names the clash, and no school is added."""
    create_school("Valley Academy", live=False, la_code="380", establishment_number="4101")
    auth.sign_in(create_staff(None, name="Admin", is_admin=True))
    response = client.post("/admin/schools", data={
        "name": "Valley Copy", "urn": "139998", "la_code": "380", "establishment_number": "4101",
        "phase": "secondary", "leader_name": "Jo", "leader_email": "jo@copy.example.org"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Another school in this deployment already has DfE number 3804101" in page
    assert db.session.query(School).filter_by(urn="139998").count() == 0


def test_create_school_command_refuses_the_same_dfe_number(runner, db):
    """`convo create-school` says which number is taken, without a traceback."""
    common = ["--la-code", "380", "--establishment-number", "2001"]
    assert runner.invoke(args=["create-school", "--name", "Hill", "--urn", "123456", *common]).exit_code == 0
    again = runner.invoke(args=["create-school", "--name", "Dale", "--urn", "123457", *common])
    assert again.exit_code != 0 and "already has DfE number 3802001" in again.output
    assert db.session.query(School).count() == 1


def test_database_refuses_the_same_dfe_number(db, create_school):
    """The unique constraint holds even for code that skips the form's check."""
    create_school("Hill Primary", live=False, la_code="380", establishment_number="2001")
    db.session.add(School(name="Dale Primary", urn="999123", la_code="380", establishment_number="2001"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
