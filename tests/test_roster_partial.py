"""A partial roster (one class's file) must not mark the rest of the school as left by accident."""
import base64
import re

import pytest

from convo.models import AuditRecord, Pupil
from convo.roster.apply import ImportSummary, TooManyLeft, import_roster
from convo.roster.parse import parse_roster

from .fixtures.factories import valid_upn
from .test_roster_import import YEAR, born, leader, roster, upload  # noqa: F401

NAMES = ["Ada", "Ben", "Cai", "Dev", "Eve", "Fin", "Gus", "Hal", "Ida", "Jo", "Kit", "Lea"]
#: Twelve pupils: six in Oak (Year 3), six in Ash (Year 4).
SCHOOL = [[valid_upn(serial=700 + n), name, "", "Partial", born(3 if n < 6 else 4), "F",
           "3" if n < 6 else "4", "Oak" if n < 6 else "Ash"] for n, name in enumerate(NAMES)]
OAK_ONLY = SCHOOL[:6]


def _import_file(client, school, rows, **boxes):
    """Confirm a previewed import with the given boxes ticked."""
    data = {"content": base64.b64encode(roster(rows)).decode(), "academic_year": YEAR}
    data.update({name: "y" for name, ticked in boxes.items() if ticked})
    return client.post(f"/schools/{school.id}/roster/import", data=data, follow_redirects=True)


def _left(db, school) -> int:
    """How many of the school's pupils are marked as left."""
    db.session.expire_all()
    return db.session.query(Pupil).filter(Pupil.school_id == school.id, Pupil.left_on.is_not(None)).count()


@pytest.mark.parametrize(("missing", "current", "many"), [
    (6, 12, True), (6, 23, True), (6, 24, False), (5, 5, False), (0, 0, False)])
def test_many_missing_means_over_a_quarter_and_over_five(missing, current, many):
    """More than a quarter of the current pupils, and more than five, counts as many."""
    assert ImportSummary(not_in_file=missing, current_pupils=current).many_missing is many


def test_the_preview_warns_and_leaves_the_box_unticked(client, db, leader):
    """Half the school missing: a warning with the numbers, the box unticked, a second box offered."""
    import_roster(leader, parse_roster(roster(SCHOOL)).rows, YEAR)
    page = upload(client, leader, roster(OAK_ONLY)).get_data(as_text=True)
    assert 'id="many-missing"' in page and "leaves out 6 of the school's 12 pupils" in page
    [box] = re.findall(r'<input[^>]*name="mark_left"[^>]*>', page)
    assert "checked" not in box
    [second] = re.findall(r'<input[^>]*name="every_pupil"[^>]*>', page)
    assert "checked" not in second
    assert "I have checked: this file lists every pupil in the school" in page


def test_a_whole_school_file_with_a_few_missing_needs_no_second_box(client, db, leader):
    """One pupil missing of twelve: no warning, the box ticked as before, no second box."""
    import_roster(leader, parse_roster(roster(SCHOOL)).rows, YEAR)
    page = upload(client, leader, roster(SCHOOL[1:])).get_data(as_text=True)
    assert 'id="many-missing"' not in page and 'name="every_pupil"' not in page
    [box] = re.findall(r'<input[^>]*name="mark_left"[^>]*>', page)
    assert "checked" in box


def test_ticking_only_the_first_box_imports_nothing(client, db, leader):
    """Marking half the school as left without the second box stops the whole import."""
    import_roster(leader, parse_roster(roster(SCHOOL)).rows, YEAR)
    changed = [row[:] for row in OAK_ONLY]
    changed[0][2] = "Addie"
    page = _import_file(client, leader, changed, mark_left=True).get_data(as_text=True)
    assert "Nothing was imported: the file leaves out 6 of the school" in page
    assert _left(db, leader) == 0
    assert db.session.query(Pupil).filter_by(preferred_forename="Addie").count() == 0
    assert db.session.query(AuditRecord).filter_by(action="pupil_left").count() == 0


def test_both_boxes_mark_them_as_left(client, db, leader):
    """With the second box ticked too, the six pupils not in the file are marked."""
    import_roster(leader, parse_roster(roster(SCHOOL)).rows, YEAR)
    _import_file(client, leader, OAK_ONLY, mark_left=True, every_pupil=True)
    assert _left(db, leader) == 6


def test_leaving_the_box_unticked_imports_the_class_file(client, db, leader):
    """The class's file imports as usual, and nobody else is marked."""
    import_roster(leader, parse_roster(roster(SCHOOL)).rows, YEAR)
    changed = [row[:] for row in OAK_ONLY]
    changed[0][2] = "Addie"
    _import_file(client, leader, changed)
    assert _left(db, leader) == 0
    assert db.session.query(Pupil).filter_by(preferred_forename="Addie").count() == 1


def test_import_roster_itself_refuses_without_the_confirmation(db, leader):
    """The rule holds below the page too: the import raises and changes nothing; a dry run only reports."""
    import_roster(leader, parse_roster(roster(SCHOOL)).rows, YEAR)
    rows = parse_roster(roster(OAK_ONLY)).rows
    with pytest.raises(TooManyLeft) as refused:
        import_roster(leader, rows, YEAR, mark_left=True)
    assert (refused.value.summary.not_in_file, refused.value.summary.current_pupils) == (6, 12)
    assert _left(db, leader) == 0
    assert import_roster(leader, rows, YEAR, mark_left=True, dry_run=True).marked_left == 6
    assert _left(db, leader) == 0
    assert import_roster(leader, rows, YEAR, mark_left=True, many_left_confirmed=True).marked_left == 6


def test_the_command_refuses_unless_told_the_file_is_whole(runner, db, create_school, tmp_path):
    """`--mark-left` on a class's file stops with a clear message; `--mark-left-many` goes ahead."""
    school = create_school(urn="123460")
    whole, oak = tmp_path / "whole.csv", tmp_path / "oak.csv"
    whole.write_bytes(roster(SCHOOL))
    oak.write_bytes(roster(OAK_ONLY))
    runner.invoke(args=["import-roster", str(whole), "--school", "123460"])
    result = runner.invoke(args=["import-roster", str(oak), "--school", "123460", "--mark-left", "--dry-run"])
    assert result.exit_code == 0 and "without --mark-left-many the real import refuses" in result.output
    result = runner.invoke(args=["import-roster", str(oak), "--school", "123460", "--mark-left"])
    assert result.exit_code != 0
    assert "leaves out 6 of the school's 12 pupils" in result.output and "--mark-left-many" in result.output
    assert _left(db, school) == 0
    result = runner.invoke(args=["import-roster", str(oak), "--school", "123460", "--mark-left",
                                 "--mark-left-many"])
    assert result.exit_code == 0, result.output
    assert _left(db, school) == 6
