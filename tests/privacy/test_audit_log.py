"""The audit log viewer: who may read it, filters, pages of 50, and the CSV copy."""
from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from convo.models import AuditRecord


def add(db, school, action: str, at: datetime, staff=None, **detail) -> None:
    """Write one audit record at a chosen time."""
    db.session.add(AuditRecord(school_id=school.id if school else None, action=action, at=at,
                               staff_id=staff.id if staff else None, detail=detail))
    db.session.commit()


def log(school) -> str:
    """The school's audit log page."""
    return f"/schools/{school.id}/privacy/audit"


def test_careers_leader_reads_own_school_only(client, auth, db, two_schools):
    """The leader sees their school's records, by readable label and name; not the other school's."""
    home, other = two_schools["home"], two_schools["other"]
    add(db, home["school"], "parent_cards_exported", datetime(2026, 11, 2, 9), home["teacher_a"], how="pdf")
    add(db, other["school"], "roster_imported", datetime(2026, 11, 2, 9), other["leader"], source="OTHER-SRC")
    auth.sign_in(home["leader"])
    page = client.get(log(home["school"])).get_data(as_text=True)
    assert "Parent and carer cards exported" in page and "home teacher a" in page and "how: pdf" in page
    assert "OTHER-SRC" not in page
    assert client.get(log(other["school"])).status_code == 404


def test_times_are_uk_time(client, auth, db, two_schools):
    """A record made at 23:30 UTC in June shows as 00:30 the next day in England."""
    home = two_schools["home"]
    add(db, home["school"], "settings_changed", datetime(2026, 6, 30, 23, 30))
    auth.sign_in(home["leader"])
    assert "1 Jul 2026, 00:30" in client.get(log(home["school"])).get_data(as_text=True)


def test_careers_leader_does_not_see_safeguarding_actions(client, auth, db, two_schools):
    """Openings of concerns are for the DSL's eyes: the leader's log leaves them out, the DSL's has them."""
    home = two_schools["home"]
    add(db, home["school"], "concern_viewed", datetime(2026, 11, 3, 10), home["dsl"], state="new")
    add(db, home["school"], "class_saved", datetime(2026, 11, 3, 10), home["leader"])
    auth.sign_in(home["leader"])
    page = client.get(log(home["school"])).get_data(as_text=True)
    assert "Concern opened" not in page and "Class saved" in page
    assert "Concern opened" not in client.get(log(home["school"]) + ".csv").get_data(as_text=True)
    auth.sign_out()
    auth.sign_in(home["dsl"])
    assert "Concern opened" in client.get(log(home["school"])).get_data(as_text=True)


def test_teacher_is_refused(client, auth, two_schools):
    """A class teacher cannot read the audit log or download it."""
    home = two_schools["home"]
    auth.sign_in(home["teacher_a"])
    assert client.get(log(home["school"])).status_code == 404
    assert client.get(log(home["school"]) + ".csv").status_code == 404
    assert client.get("/admin/audit").status_code == 404


def test_admin_reads_every_school_and_filters_by_school(client, auth, db, two_schools, create_staff):
    """The deployment administrator sees all schools, or one, with pupils by id only."""
    home, other = two_schools["home"], two_schools["other"]
    add(db, home["school"], "roster_imported", datetime(2026, 11, 4, 9), source="HOME-SRC")
    add(db, other["school"], "roster_imported", datetime(2026, 11, 4, 9), source="OTHER-SRC")
    db.session.add(AuditRecord(school_id=home["school"].id, action="pupil_record_viewed",
                               target=f"pupil:{home['pupil_a'].id}", detail={}))
    db.session.commit()
    admin = create_staff(None, name="Admin", is_admin=True)
    auth.sign_in(admin)
    everything = client.get("/admin/audit").get_data(as_text=True)
    assert "HOME-SRC" in everything and "OTHER-SRC" in everything
    one = client.get(f"/admin/audit?school={home['school'].id}").get_data(as_text=True)
    assert "HOME-SRC" in one and "OTHER-SRC" not in one
    assert f"Pupil {home['pupil_a'].id}" in one and "Okafor" not in one
    assert client.get(log(home["school"])).status_code == 404


def test_filters_by_action_person_and_date(client, auth, db, two_schools):
    """Action, who and a date range narrow the list; the date range is in UK days."""
    home = two_schools["home"]
    school, teacher, leader = home["school"], home["teacher_a"], home["leader"]
    add(db, school, "note_added", datetime(2026, 10, 1, 12), teacher, marker="M-OCT-TEACHER")
    add(db, school, "note_added", datetime(2026, 10, 20, 12), leader, marker="M-OCT-LEADER")
    add(db, school, "class_saved", datetime(2026, 10, 20, 12), teacher, marker="M-CLASS")
    # 23:30 UTC on 31 October is still 31 October in England (GMT), so it is in a range ending that day.
    add(db, school, "note_added", datetime(2026, 10, 31, 23, 30), teacher, marker="M-LATE")
    auth.sign_in(leader)
    page = client.get(log(school) + "?action=note_added").get_data(as_text=True)
    assert "M-OCT-TEACHER" in page and "M-OCT-LEADER" in page and "M-CLASS" not in page
    page = client.get(log(school) + f"?action=note_added&who={teacher.id}").get_data(as_text=True)
    assert "M-OCT-TEACHER" in page and "M-OCT-LEADER" not in page
    page = client.get(log(school) + "?date_from=2026-10-15&date_to=2026-10-31").get_data(as_text=True)
    assert "M-OCT-LEADER" in page and "M-CLASS" in page and "M-LATE" in page and "M-OCT-TEACHER" not in page
    page = client.get(log(school) + "?date_to=2026-10-30").get_data(as_text=True)
    assert "M-LATE" not in page and "M-OCT-TEACHER" in page


def test_pages_of_fifty_newest_first(client, auth, db, two_schools):
    """120 records make three pages; the first holds the newest 50."""
    home = two_schools["home"]
    school = home["school"]
    db.session.add_all([AuditRecord(school_id=school.id, action="class_saved",
                                    at=datetime(2026, 1, 1, 0, n // 60, n % 60), detail={"n": f"N{n:03d}"})
                        for n in range(120)])
    db.session.commit()
    auth.sign_in(home["leader"])
    first = client.get(log(school) + "?action=class_saved").get_data(as_text=True)
    assert "N119" in first and "N070" in first and "N069" not in first
    assert first.index("N119") < first.index("N070")
    assert "page 1 of 3" in first
    third = client.get(log(school) + "?action=class_saved&page=3").get_data(as_text=True)
    assert "N019" in third and "N000" in third and "N020" not in third
    assert "No records match" in client.get(log(school) + "?page=9").get_data(as_text=True)


def test_csv_download_is_filtered_safe_and_audited(client, auth, db, two_schools):
    """The CSV has the filtered rows, defuses formulas, and writes its own audit record."""
    home = two_schools["home"]
    school = home["school"]
    add(db, school, "roster_imported", datetime(2026, 11, 5, 9), home["leader"], source="=HYPERLINK(1)")
    add(db, school, "class_saved", datetime(2026, 11, 5, 9), home["leader"])
    auth.sign_in(home["leader"])
    response = client.get(log(school) + ".csv?action=roster_imported")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][0] == "When (UK time)" and len(rows) == 2
    assert rows[1][2] == "Roster imported" and rows[1][4] == "source: =HYPERLINK(1)"
    record = db.session.query(AuditRecord).filter_by(action="audit_log_exported").one()
    assert record.school_id == school.id and record.detail["rows"] == 1
    assert record.detail["only_action"] == "roster_imported"


@pytest.mark.parametrize("how", ["page", "csv"])
def test_reading_changes_nothing_but_the_download_record(client, auth, db, two_schools, how):
    """Opening the log adds no record; downloading it adds exactly one."""
    home = two_schools["home"]
    auth.sign_in(home["leader"])
    before = db.session.query(AuditRecord).count()
    client.get(log(home["school"]) + (".csv" if how == "csv" else ""))
    assert db.session.query(AuditRecord).count() == before + (1 if how == "csv" else 0)


@pytest.mark.parametrize("person", ["leader", "dsl", "teacher_a"])
def test_administrator_log_refuses_school_staff(app, client, auth, two_schools, person):
    """Every route of the administrator's audit log is 404 for school staff of any role."""
    auth.sign_in(two_schools["home"][person])
    rules = [r for r in app.url_map.iter_rules() if r.endpoint.startswith("privacy_admin.")]
    assert len(rules) == 2
    for rule in rules:
        assert client.get(rule.rule).status_code == 404, rule.rule


def test_administrator_log_sends_anonymous_visitors_to_sign_in(client):
    """Nobody reads the log without signing in."""
    response = client.get("/admin/audit")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_every_action_written_has_a_label():
    """Each action the code audits has a readable, translatable label rather than its code name."""
    import re
    from pathlib import Path

    from convo.privacy.audit_log import ACTION_LABELS
    package = Path(__file__).resolve().parents[2] / "convo"
    written = set()
    for source in package.rglob("*.py"):
        written |= set(re.findall(r'audit\.record\(\s*"([a-z_]+)"', source.read_text(encoding="utf-8")))
    assert len(written) > 30
    assert written - set(ACTION_LABELS) == set()
