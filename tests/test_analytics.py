"""School analytics: small cells suppressed, coverage, stereotype outcomes, CSV, and no concerns."""
from __future__ import annotations

import pytest

from convo.models import Aspiration, AuditRecord, Concern, Conversation, Role, StereotypeEvent
from convo.schoolyear import current_academic_year

YEAR = current_academic_year()


@pytest.fixture
def school_with_data(db, create_school, create_staff, create_class, create_pupil, auth):
    """Six boys and four girls who want to be vets, one concern, stereotype events; leader signed in."""
    school = create_school()
    auth.sign_in(create_staff(school, Role.CAREERS_LEADER))
    oak = create_class(school, "Oak", 4)
    pupils = [create_pupil(oak, f"Boy{i}", "Test", sex="M") for i in range(6)]
    pupils += [create_pupil(oak, f"Girl{i}", "Test", sex="F") for i in range(4)]
    for pupil in pupils:
        db.session.add(Aspiration(pupil_id=pupil.id, said="a vet", soc2020="2240", title="vet",
                                  family="Animal care", academic_year=YEAR, year_group=4))
    for pupil in pupils[:7]:
        db.session.add(Conversation(pupil_id=pupil.id, school_id=school.id, session_key="jobs_i_know",
                                    band="lower_ks2", academic_year=YEAR, year_group=4, state={}))
    for outcome in ("changed", "changed", "same"):
        db.session.add(StereotypeEvent(pupil_id=pupils[0].id, kind="gender", view_after=outcome,
                                       academic_year=YEAR, year_group=4))
    db.session.add(Concern(school_id=school.id, pupil_id=pupils[1].id, verbatim="ZEBRA-CANARY words",
                           kind="physical", severity="high", pupil_name="Boy1 Test (Oak)"))
    db.session.commit()
    return school


def test_gender_picture_suppresses_small_cells(client, school_with_data):
    """Six boys are shown; four girls become "fewer than 5"."""
    page = client.get(f"/schools/{school_with_data.id}/analytics/").get_data(as_text=True)
    assert "Animal care" in page
    row = page[page.index('<th scope="row">Animal care</th>'):][:200]
    assert "<td>6</td>" in row and "fewer than 5" in row
    assert "<svg" in page


def test_coverage_and_stereotypes(client, school_with_data):
    """Seven of ten pupils have talked this year; two of three stereotype challenges changed a view."""
    page = client.get(f"/schools/{school_with_data.id}/analytics/").get_data(as_text=True)
    assert "70%" in page and "7 of 10 pupils" in page
    csv = client.get(f"/schools/{school_with_data.id}/analytics/stereotypes.csv").get_data(as_text=True)
    assert "Gender,Thinks differently now,2" in csv and "Gender,Thinks the same,1" in csv


def test_csv_downloads_suppress_and_are_audited(client, db, school_with_data):
    """Each CSV suppresses small cells the same way and leaves an audit record."""
    csv = client.get(f"/schools/{school_with_data.id}/analytics/aspirations.csv").get_data(as_text=True)
    assert "Animal care,Year 4,M,6" in csv and "Animal care,Year 4,F,fewer than 5" in csv
    coverage = client.get(f"/schools/{school_with_data.id}/analytics/coverage.csv").get_data(as_text=True)
    assert "Oak,Year 4,10,7,70%" in coverage
    assert client.get(f"/schools/{school_with_data.id}/analytics/nope.csv").status_code == 404
    assert db.session.query(AuditRecord).filter_by(action="analytics_exported").count() == 2


def test_concerns_never_reach_analytics(client, school_with_data):
    """No concern words or counts appear on the page or in any download."""
    school_id = school_with_data.id
    bodies = [client.get(f"/schools/{school_id}/analytics/").get_data(as_text=True)]
    bodies += [client.get(f"/schools/{school_id}/analytics/{name}.csv").get_data(as_text=True)
               for name in ("aspirations", "stereotypes", "coverage")]
    assert not any("ZEBRA-CANARY" in body or "physical" in body for body in bodies)
