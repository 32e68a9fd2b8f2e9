"""Roster import marks the school's pupils who are not in the file as having left, and un-marks them on return."""
import base64
import re
from datetime import date

from convo.models import AuditRecord, Pupil
from convo.roster.apply import import_roster
from convo.roster.parse import parse_roster

from .test_roster_import import ROWS, YEAR, confirm, leader, pupils, roster, upload  # noqa: F401

WITHOUT_JACK = [row for row in ROWS if row[1] != "Jack"]


def left_audits(db, action="pupil_left"):
    """The audit records of one leaving action, oldest first."""
    return db.session.query(AuditRecord).filter_by(action=action).order_by(AuditRecord.id).all()


def test_preview_names_the_missing_pupils_with_the_box_ticked(client, db, leader):
    """The preview lists who is not in the file, ticks the box and says what it means."""
    confirm(client, leader, roster(ROWS))
    page = upload(client, leader, roster(WITHOUT_JACK)).get_data(as_text=True)
    assert "1 pupil in Convo is not in this file" in page
    assert "Jack Smith-Jones" in page
    [box] = re.findall(r'<input[^>]*name="mark_left"[^>]*>', page)
    assert "checked" in box
    assert "will be deleted 6 months from today" in page
    assert pupils(db, leader)["Jack"].left_on is None


def test_a_pupil_missing_from_the_file_is_marked_left_and_audited(client, db, leader):
    """Confirming with the box ticked marks the missing pupil left today, and audits it."""
    confirm(client, leader, roster(ROWS))
    response = client.post(f"/schools/{leader.id}/roster/import", data={
        "content": base64.b64encode(roster(WITHOUT_JACK)).decode(),
        "academic_year": YEAR, "mark_left": "y"})
    assert response.status_code == 302
    now = pupils(db, leader)
    assert now["Jack"].left_on == date.today()
    assert all(p.left_on is None for name, p in now.items() if name != "Jack")
    [entry] = left_audits(db)
    assert entry.target == f"pupil:{now['Jack'].id}" and entry.detail["source"] == "roster"


def test_unticked_box_leaves_them_as_they_are(client, db, leader):
    """Without the box the missing pupil is not marked."""
    confirm(client, leader, roster(ROWS))
    confirm(client, leader, roster(WITHOUT_JACK))
    assert pupils(db, leader)["Jack"].left_on is None
    assert left_audits(db) == []


def test_reimporting_the_same_file_changes_nothing(db, leader):
    """A second import of the same file marks nobody again and changes no row."""
    import_roster(leader, parse_roster(roster(ROWS)).rows, YEAR)
    first = import_roster(leader, parse_roster(roster(WITHOUT_JACK)).rows, YEAR, mark_left=True,
                          today=date(2026, 10, 1))
    assert first.marked_left == 1
    before = {k: (p.updated_at, p.left_on) for k, p in pupils(db, leader).items()}
    again = import_roster(leader, parse_roster(roster(WITHOUT_JACK)).rows, YEAR, mark_left=True,
                          today=date(2026, 11, 1))
    assert (again.marked_left, again.not_in_file, again.changed) == (0, 0, False)
    assert {k: (p.updated_at, p.left_on) for k, p in pupils(db, leader).items()} == before
    assert len(left_audits(db)) == 1


def test_a_pupil_who_comes_back_is_no_longer_left(db, leader):
    """A pupil in a later file has left_on cleared, and that is audited."""
    import_roster(leader, parse_roster(roster(ROWS)).rows, YEAR)
    import_roster(leader, parse_roster(roster(WITHOUT_JACK)).rows, YEAR, mark_left=True)
    back = import_roster(leader, parse_roster(roster(ROWS)).rows, YEAR, mark_left=True)
    assert back.returned == 1 and back.marked_left == 0
    assert pupils(db, leader)["Jack"].left_on is None
    [entry] = left_audits(db, "pupil_returned")
    assert entry.detail["source"] == "roster"


def test_a_file_with_errors_imports_nothing_and_marks_nobody(client, db, leader):
    """A bad file, even confirmed by hand with the box ticked, changes nobody."""
    confirm(client, leader, roster(ROWS))
    bad = WITHOUT_JACK + [["A123", "Zara", "", "", "31/02/2017", "F", "Year 9", "Oak"]]
    client.post(f"/schools/{leader.id}/roster/import", data={
        "content": base64.b64encode(roster(bad)).decode(),
        "academic_year": YEAR, "mark_left": "y"})
    assert all(p.left_on is None for p in pupils(db, leader).values())
    assert left_audits(db) == []


def test_dry_run_marks_nobody(db, leader):
    """The preview's dry run reports who would be marked and changes nothing."""
    import_roster(leader, parse_roster(roster(ROWS)).rows, YEAR)
    summary = import_roster(leader, parse_roster(roster(WITHOUT_JACK)).rows, YEAR, mark_left=True,
                            dry_run=True)
    assert summary.marked_left == 1 and [name for _id, name in summary.missing] == ["Jack Smith-Jones"]
    assert pupils(db, leader)["Jack"].left_on is None and left_audits(db) == []


def test_an_earlier_years_file_does_not_mark_pupils_placed_in_a_later_year(db, leader):
    """Importing last year's file does not mark this year's new pupils as having left."""
    import_roster(leader, parse_roster(roster(ROWS)).rows, YEAR)
    import_roster(leader, parse_roster(roster(WITHOUT_JACK)).rows, YEAR - 1, mark_left=True)
    assert pupils(db, leader)["Jack"].left_on is None


def test_another_schools_pupils_are_never_marked(db, leader, create_school):
    """Only the importing school's pupils count as missing."""
    other = create_school()
    import_roster(other, parse_roster(roster(ROWS)).rows, YEAR)
    import_roster(leader, parse_roster(roster(WITHOUT_JACK)).rows, YEAR, mark_left=True)
    assert db.session.query(Pupil).filter(Pupil.left_on.is_not(None)).count() == 0


def test_command_marks_leavers_only_with_the_flag(runner, db, create_school, tmp_path):
    """`convo import-roster --mark-left` marks the missing pupils; without it they stay."""
    school = create_school(urn="123459")
    full, short = tmp_path / "full.csv", tmp_path / "short.csv"
    full.write_bytes(roster(ROWS))
    short.write_bytes(roster(WITHOUT_JACK))
    runner.invoke(args=["import-roster", str(full), "--school", "123459"])
    result = runner.invoke(args=["import-roster", str(short), "--school", "123459"])
    assert "--mark-left" in result.output and pupils(db, school)["Jack"].left_on is None
    result = runner.invoke(args=["import-roster", str(short), "--school", "123459", "--mark-left", "--dry-run"])
    assert "1 pupils not in the file would be marked" in result.output
    assert pupils(db, school)["Jack"].left_on is None
    result = runner.invoke(args=["import-roster", str(short), "--school", "123459", "--mark-left"])
    assert result.exit_code == 0, result.output
    assert pupils(db, school)["Jack"].left_on == date.today()
    assert len(left_audits(db)) == 1
