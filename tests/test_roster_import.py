"""Importing the MIS roster: preview, all-or-nothing, re-import and moving up a year."""
import base64
import csv
import io
from datetime import date

import pytest

from convo.models import Enrolment, Pupil, Role, SchoolClass
from convo.roster import apply as roster_apply
from convo.roster.apply import import_roster
from convo.roster.parse import parse_roster
from convo.schoolyear import current_academic_year

from .fixtures.factories import valid_upn

YEAR = current_academic_year()


def roster(rows, header=("UPN", "Legal Forename", "Preferred Forename", "Legal Surname", "DOB",
                         "Gender", "Year", "Reg Group")) -> bytes:
    """A roster CSV as an MIS would export it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def born(year_group: int, academic_year: int = YEAR) -> str:
    """A date of birth that fits a year group."""
    return date(academic_year - 5 - year_group, 11, 3).strftime("%d/%m/%Y")


UPNS = [valid_upn(serial=n) for n in range(501, 506)]
ROWS = [
    [UPNS[0], "Amelia", "Millie", "Hussain", born(3), "F", "3", "Oak"],
    [UPNS[1], "Jack", "", "Smith-Jones", born(3), "M", "Year 3", "Oak"],
    [UPNS[2], "Siobhán", "", "O'Neill", born(4), "F", "4", "Ash"],
    ["", "Kwame", "", "Mensah", born(4), "M", "4", "Ash"],
]


@pytest.fixture
def leader(auth, create_school, create_staff):
    """A signed-in careers leader and their school."""
    school = create_school()
    auth.sign_in(create_staff(school, Role.CAREERS_LEADER))
    return school


def upload(client, school, data: bytes, name="roster.csv"):
    """Send a roster file to the upload page."""
    return client.post(f"/schools/{school.id}/roster", data={
        "file": (io.BytesIO(data), name), "academic_year": YEAR}, content_type="multipart/form-data")


def confirm(client, school, data: bytes, year: int = YEAR):
    """Confirm a previewed import."""
    return client.post(f"/schools/{school.id}/roster/import", data={
        "content": base64.b64encode(data).decode(), "academic_year": year})


def pupils(db, school):
    """The school's pupils by legal forename."""
    db.session.expire_all()
    return {p.legal_forename: p for p in db.session.query(Pupil).filter_by(school_id=school.id)}


def test_preview_then_import(client, db, leader):
    """The preview changes nothing; confirming imports every pupil and creates the classes."""
    page = upload(client, leader, roster(ROWS)).get_data(as_text=True)
    assert "The file is good: 4 pupils" in page
    assert "New pupils: 4" in page and "New classes: Oak, Ash" in page
    assert pupils(db, leader) == {}
    assert confirm(client, leader, roster(ROWS)).status_code == 302
    imported = pupils(db, leader)
    assert set(imported) == {"Amelia", "Jack", "Siobhán", "Kwame"}
    assert imported["Amelia"].preferred_forename == "Millie"
    assert imported["Jack"].preferred_forename == "Jack"
    assert imported["Amelia"].school_class.name == "Oak"
    assert imported["Kwame"].upn is None


def test_file_with_any_error_imports_nothing(client, db, leader):
    """One bad row stops the whole file, and every problem is explained."""
    bad = ROWS + [["A123", "Zara", "", "", "31/02/2017", "F", "Year 9", "Oak"]]
    page = upload(client, leader, roster(bad)).get_data(as_text=True)
    assert "nothing will be imported" in page
    assert "Row 6" in page and "UPN" in page and "Year 9" in page
    assert "Import these pupils" not in page
    # Even a hand-made confirm is checked again and refused.
    confirm(client, leader, roster(bad))
    assert pupils(db, leader) == {}


@pytest.mark.parametrize("content", ["not base64!!", base64.b64encode(b"\xff\xfe\x00garbage").decode()])
def test_tampered_confirm(client, db, leader, content):
    """A confirm with nonsense in it changes nothing and shows no traceback."""
    response = client.post(f"/schools/{leader.id}/roster/import", data={"content": content,
                                                                         "academic_year": YEAR})
    assert response.status_code in (302, 400)
    assert pupils(db, leader) == {}


def test_reimport_same_file_changes_nothing(client, db, leader):
    """Importing the same file twice leaves one record per pupil, unchanged."""
    data = roster(ROWS)
    confirm(client, leader, data)
    before = {k: (p.id, p.updated_at) for k, p in pupils(db, leader).items()}
    page = upload(client, leader, data).get_data(as_text=True)
    assert "Pupils unchanged: 4" in page and "New pupils: 0" in page
    confirm(client, leader, data)
    after = {k: (p.id, p.updated_at) for k, p in pupils(db, leader).items()}
    assert before == after
    assert db.session.query(SchoolClass).filter_by(school_id=leader.id).count() == 2


def test_changed_file_updates_without_duplicates(client, db, leader):
    """A changed surname (matched by UPN) and a new UPN (matched by name and birthday) update in place."""
    confirm(client, leader, roster(ROWS))
    ids = {k: p.id for k, p in pupils(db, leader).items()}
    changed = [row[:] for row in ROWS]
    changed[0][3] = "Hussain-Ali"
    changed[3][0] = UPNS[3]
    summary = import_roster(db.session.merge(leader), parse_roster(roster(changed)).rows, YEAR)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 2, 2)
    now = pupils(db, leader)
    assert {k: p.id for k, p in now.items()} == ids
    assert now["Amelia"].surname == "Hussain-Ali"
    assert now["Kwame"].upn == UPNS[3]


def test_next_september_moves_pupils_up_and_keeps_history(db, leader):
    """Next year's roster moves each pupil up a year into a new class; last year's place is kept."""
    import_roster(leader, parse_roster(roster(ROWS)).rows, YEAR)
    next_rows = [[*row[:6], str(int(row[6].split()[-1]) + 1), {"Oak": "Beech", "Ash": "Elm"}[row[7]]]
                 for row in ROWS]
    summary = import_roster(leader, parse_roster(roster(next_rows)).rows, YEAR + 1)
    assert summary.moved == 4 and summary.created == 0
    amelia = pupils(db, leader)["Amelia"]
    assert amelia.year_group == 4 and amelia.school_class.name == "Beech"
    history = [(e.academic_year, e.year_group, e.school_class.name) for e in amelia.enrolments]
    assert history == [(YEAR, 3, "Oak"), (YEAR + 1, 4, "Beech")]
    # This year's class still lists its pupils until the year is over.
    oak = db.session.query(SchoolClass).filter_by(name="Oak").one()
    assert db.session.query(Enrolment).filter_by(class_id=oak.id).count() == 2


def test_import_is_one_transaction(db, leader, monkeypatch):
    """A failure half way through leaves the database as it was."""
    calls = {"n": 0}
    real_apply = roster_apply.RosterImport.apply

    def fail_on_third(self, row):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real_apply(self, row)

    monkeypatch.setattr(roster_apply.RosterImport, "apply", fail_on_third)
    with pytest.raises(RuntimeError):
        import_roster(leader, parse_roster(roster(ROWS)).rows, YEAR)
    assert db.session.query(Pupil).count() == 0


def test_tablet_buttons_get_distinct_animals(db, leader):
    """Pupils in a small class each get their own animal."""
    import_roster(leader, parse_roster(roster(ROWS)).rows, YEAR)
    oak = [p.animal for p in pupils(db, leader).values() if p.school_class.name == "Oak"]
    assert len(set(oak)) == len(oak)


class TestCommand:
    """`convo import-roster FILE --school URN`."""

    def test_imports(self, runner, db, create_school, tmp_path):
        """The command imports a good file and says what it did."""
        school = create_school(urn="123456")
        path = tmp_path / "roster.csv"
        path.write_bytes(roster(ROWS))
        result = runner.invoke(args=["import-roster", str(path), "--school", "123456"])
        assert result.exit_code == 0, result.output
        assert "4 new" in result.output
        assert len(pupils(db, school)) == 4

    def test_refuses_bad_file(self, runner, db, create_school, tmp_path):
        """A bad file is explained row by row and nothing is imported."""
        school = create_school(urn="123457")
        path = tmp_path / "roster.csv"
        path.write_bytes(roster(ROWS + [["", "", "", "X", "yesterday", "", "9", ""]]))
        result = runner.invoke(args=["import-roster", str(path), "--school", "123457"])
        assert result.exit_code == 1
        assert "Row 6" in result.output and "nothing was imported" in result.output
        assert pupils(db, school) == {}

    def test_dry_run_and_unknown_school(self, runner, db, create_school, tmp_path):
        """--dry-run reports without importing; an unknown URN is a clear error."""
        school = create_school(urn="123458")
        path = tmp_path / "roster.csv"
        path.write_bytes(roster(ROWS))
        result = runner.invoke(args=["import-roster", str(path), "--school", "123458", "--dry-run"])
        assert "Would import 4 rows" in result.output
        assert pupils(db, school) == {}
        result = runner.invoke(args=["import-roster", str(path), "--school", "999999"])
        assert result.exit_code != 0 and "No school with URN 999999" in result.output
